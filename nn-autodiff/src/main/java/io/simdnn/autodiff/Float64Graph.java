package io.simdnn.autodiff;

import io.simdnn.spi.Activation;

/**
 * The same recorded graph evaluated in double with dual numbers (value and tangent per element), in plain loops
 * independent of any backend: the oracle of the gradient check and of the conformance kit. Besides values and
 * directional derivatives it reports how close any kinked function came to its kink (where a float and a double
 * evaluation may take different sides).
 */
final class Float64Graph {
    static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    static final double GELU_CUBIC = 0.044715;
    static final double GELU_SIGMOID_SCALE = 1.702;

    final double[][] v, d;
    private final double[][] held;
    /** The smallest distance of a kinked function's argument to its kink (∞ when the graph has none). */
    double kinkDistance = Double.POSITIVE_INFINITY;

    /**
     * Evaluates nodes 0..out (those marked live). Leaves take {@code leafValue[i]} when non-null, else their float
     * values; variables take tangent {@code leafTangent[i]} (null: zero).
     */
    Float64Graph(Graph g, int out, boolean[] live, double[][] leafValue, double[][] leafTangent) {
        this(g, out, live, leafValue, leafTangent, null);
    }

    /**
     * As above; with {@code held} (an earlier evaluation), stop-gradient nodes keep that evaluation's values, so
     * that finite differences see the function whose derivative the graph computes.
     */
    Float64Graph(Graph g, int out, boolean[] live, double[][] leafValue, double[][] leafTangent, double[][] held) {
        this.held = held;
        v = new double[out + 1][];
        d = new double[out + 1][];
        for (int i = 0; i <= out; i++) {
            if (!live[i]) continue;
            int n = g.n(i);
            if (g.op[i].isLeaf()) {
                if (leafValue != null && leafValue[i] != null) {
                    v[i] = leafValue[i].clone();
                } else {
                    v[i] = new double[n];
                    for (int k = 0; k < n; k++) v[i][k] = g.val[i][g.valOff[i] + k];
                }
                d[i] = leafTangent != null && leafTangent[i] != null && g.op[i] == Op.VARIABLE ? leafTangent[i].clone()
                        : new double[n];
            } else {
                v[i] = new double[n];
                d[i] = new double[n];
                eval(g, i);
            }
        }
    }

    private void eval(Graph g, int i) {
        int a = g.in0[i], b = g.in1[i], n = g.n(i);
        double[] y = v[i], t = d[i];
        double c = g.cst[i];
        switch (g.op[i]) {
            case VARIABLE, CONSTANT -> { }
            case ADD -> { for (int k = 0; k < n; k++) { y[k] = v[a][k] + v[b][k]; t[k] = d[a][k] + d[b][k]; } }
            case SUB -> { for (int k = 0; k < n; k++) { y[k] = v[a][k] - v[b][k]; t[k] = d[a][k] - d[b][k]; } }
            case MUL -> {
                for (int k = 0; k < n; k++) {
                    y[k] = v[a][k] * v[b][k];
                    t[k] = d[a][k] * v[b][k] + v[a][k] * d[b][k];
                }
            }
            case DIV -> {
                for (int k = 0; k < n; k++) {
                    y[k] = v[a][k] / v[b][k];
                    t[k] = (d[a][k] - y[k] * d[b][k]) / v[b][k];
                }
            }
            case NEG, ADD_C, MUL_C, RSUB_C, DIV_C, RDIV_C, POW_C, EXP, LOG, SIN, COS, SQRT -> {
                for (int k = 0; k < n; k++) {
                    double x = v[a][k], dx = d[a][k];
                    switch (g.op[i]) {
                        case NEG -> { y[k] = -x; t[k] = -dx; }
                        case ADD_C -> { y[k] = x + c; t[k] = dx; }
                        case MUL_C -> { y[k] = x * c; t[k] = dx * c; }
                        case RSUB_C -> { y[k] = c - x; t[k] = -dx; }
                        case DIV_C -> { y[k] = x / c; t[k] = dx / c; }
                        case RDIV_C -> { y[k] = c / x; t[k] = -c / (x * x) * dx; }
                        case POW_C -> { y[k] = Math.pow(x, c); t[k] = c == 0 ? 0 : c * Math.pow(x, c - 1) * dx; }
                        case EXP -> { y[k] = Math.exp(x); t[k] = y[k] * dx; }
                        case LOG -> { y[k] = Math.log(x); t[k] = dx / x; }
                        case SIN -> { y[k] = Math.sin(x); t[k] = Math.cos(x) * dx; }
                        case COS -> { y[k] = Math.cos(x); t[k] = -Math.sin(x) * dx; }
                        case SQRT -> { y[k] = Math.sqrt(x); t[k] = 0.5 / y[k] * dx; }
                        default -> throw new AssertionError();
                    }
                }
            }
            case ACTIVATE -> {
                Activation f = g.act[i];
                for (int k = 0; k < n; k++) {
                    double z = v[a][k];
                    y[k] = activation(f, c, z);
                    t[k] = derivative(f, c, z) * d[a][k];
                    kink(f, c, z);
                }
            }
            case MATMUL -> {
                boolean ta = (g.attr[i] & 1) != 0, tb = (g.attr[i] & 2) != 0;
                int m = g.rows[i], nn = g.cols[i], kk = ta ? g.rows[a] : g.cols[a], ca = g.cols[a], cb = g.cols[b];
                for (int r = 0; r < m; r++) {
                    for (int j = 0; j < nn; j++) {
                        double s = 0, ds = 0;
                        for (int k = 0; k < kk; k++) {
                            int ia = ta ? k * ca + r : r * ca + k, ib = tb ? j * cb + k : k * cb + j;
                            s += v[a][ia] * v[b][ib];
                            ds += d[a][ia] * v[b][ib] + v[a][ia] * d[b][ib];
                        }
                        y[r * nn + j] = s;
                        t[r * nn + j] = ds;
                    }
                }
            }
            case LINEAR -> {
                int bias = g.in2[i], m = g.rows[a], kk = g.cols[a], out = g.rows[b];
                for (int r = 0; r < m; r++) {
                    for (int j = 0; j < out; j++) {
                        double s = bias == Graph.NONE ? 0 : v[bias][j], ds = bias == Graph.NONE ? 0 : d[bias][j];
                        for (int k = 0; k < kk; k++) {
                            s += v[a][r * kk + k] * v[b][j * kk + k];
                            ds += d[a][r * kk + k] * v[b][j * kk + k] + v[a][r * kk + k] * d[b][j * kk + k];
                        }
                        y[r * out + j] = s;
                        t[r * out + j] = ds;
                    }
                }
            }
            case ADD_BIAS -> {
                int cols = g.cols[a];
                for (int k = 0; k < n; k++) {
                    y[k] = v[a][k] + v[b][k % cols];
                    t[k] = d[a][k] + d[b][k % cols];
                }
            }
            case SUM, MEAN -> {
                int r = g.rows[a], cols = g.cols[a], axis = g.attr[i];
                double s = g.op[i] == Op.SUM ? 1 : 1.0 / (axis == -1 ? r * cols : axis == 0 ? r : cols);
                for (int row = 0; row < r; row++) {
                    for (int j = 0; j < cols; j++) {
                        int o = axis == -1 ? 0 : axis == 0 ? j : row;
                        y[o] += s * v[a][row * cols + j];
                        t[o] += s * d[a][row * cols + j];
                    }
                }
            }
            case RESHAPE -> { System.arraycopy(v[a], 0, y, 0, n); System.arraycopy(d[a], 0, t, 0, n); }
            case STOP_GRADIENT -> System.arraycopy(held == null ? v[a] : held[i], 0, y, 0, n);
            case TRANSPOSE -> {
                int r = g.rows[a], cols = g.cols[a];
                for (int row = 0; row < r; row++) {
                    for (int j = 0; j < cols; j++) {
                        y[j * r + row] = v[a][row * cols + j];
                        t[j * r + row] = d[a][row * cols + j];
                    }
                }
            }
            case SOFTMAX, LOG_SOFTMAX, LOG_SUM_EXP -> {
                int r = g.rows[a], cols = g.cols[a];
                for (int row = 0; row < r; row++) {
                    double max = Double.NEGATIVE_INFINITY, s = 0, dp = 0;
                    for (int j = 0; j < cols; j++) max = Math.max(max, v[a][row * cols + j]);
                    for (int j = 0; j < cols; j++) s += Math.exp(v[a][row * cols + j] - max);
                    double lse = max + Math.log(s);
                    for (int j = 0; j < cols; j++) {
                        dp += Math.exp(v[a][row * cols + j] - lse) * d[a][row * cols + j];
                    }
                    if (g.op[i] == Op.LOG_SUM_EXP) {
                        y[row] = lse;
                        t[row] = dp;
                        continue;
                    }
                    for (int j = 0; j < cols; j++) {
                        int e = row * cols + j;
                        double p = Math.exp(v[a][e] - lse);
                        if (g.op[i] == Op.SOFTMAX) {
                            y[e] = p;
                            t[e] = p * (d[a][e] - dp);
                        } else {
                            y[e] = v[a][e] - lse;
                            t[e] = d[a][e] - dp;
                        }
                    }
                }
            }
            case SOFTMAX_CE -> {
                int r = g.rows[a], cols = g.cols[a];
                double loss = 0, dl = 0;
                for (int row = 0; row < r; row++) {
                    double max = Double.NEGATIVE_INFINITY, s = 0;
                    for (int j = 0; j < cols; j++) max = Math.max(max, v[a][row * cols + j]);
                    for (int j = 0; j < cols; j++) s += Math.exp(v[a][row * cols + j] - max);
                    double lse = max + Math.log(s);
                    for (int j = 0; j < cols; j++) {
                        int e = row * cols + j;
                        double target = v[b][e];
                        loss -= target * (v[a][e] - lse);
                        dl += (Math.exp(v[a][e] - lse) - target) * d[a][e];
                    }
                }
                y[0] = loss / r;
                t[0] = dl / r;
            }
            case SIGMOID_CE -> {
                int r = g.rows[a];
                double loss = 0, dl = 0;
                for (int k = 0; k < g.n(a); k++) {
                    double z = v[a][k], target = v[b][k];
                    loss += Math.max(z, 0) - z * target + Math.log1p(Math.exp(-Math.abs(z)));
                    dl += (sigmoid(z) - target) * d[a][k];
                }
                y[0] = loss / r;
                t[0] = dl / r;
            }
        }
    }

    private void kink(Activation f, double p, double z) {
        double dist = switch (f) {
            case RELU, LEAKY_RELU -> Math.abs(z);
            case ELU -> p == 1 ? Double.POSITIVE_INFINITY : Math.abs(z);
            case HARD_SIGMOID -> Math.abs(Math.abs(z) - 2);
            case HARD_TANH -> Math.abs(Math.abs(z) - 1);
            default -> Double.POSITIVE_INFINITY;
        };
        kinkDistance = Math.min(kinkDistance, dist);
    }

    static double sigmoid(double z) {
        if (z >= 0) return 1 / (1 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1 + e);
    }

    static double activation(Activation f, double p, double z) {
        return switch (f) {
            case IDENTITY -> z;
            case SIGMOID -> sigmoid(z);
            case TANH -> Math.tanh(z);
            case HARD_SIGMOID -> z <= -2 ? 0 : z >= 2 ? 1 : 0.25 * z + 0.5;
            case HARD_TANH -> z <= -1 ? -1 : z >= 1 ? 1 : z;
            case RELU -> z > 0 ? z : 0;
            case LEAKY_RELU -> z > 0 ? z : p * z;
            case ELU -> z > 0 ? z : p * Math.expm1(z);
            case SOFTPLUS -> z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            case SWISH -> z * sigmoid(p * z);
            case GELU -> z * normalCdf(z);
            case GELU_TANH -> 0.5 * z * (1 + Math.tanh(SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z)));
            case GELU_SIGMOID -> z * sigmoid(GELU_SIGMOID_SCALE * z);
        };
    }

    /** f'(z) with the kink conventions of {@link Activation}. */
    static double derivative(Activation f, double p, double z) {
        return switch (f) {
            case IDENTITY -> 1;
            case SIGMOID -> sigmoid(z) * (1 - sigmoid(z));
            case TANH -> 1 - Math.tanh(z) * Math.tanh(z);
            case HARD_SIGMOID -> z > -2 && z < 2 ? 0.25 : 0;
            case HARD_TANH -> z > -1 && z < 1 ? 1 : 0;
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> z > 0 ? 1 : p;
            case ELU -> z > 0 ? 1 : p * Math.exp(z);
            case SOFTPLUS -> sigmoid(z);
            case SWISH -> swishDerivative(p, z);
            case GELU -> normalCdf(z) + z * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            case GELU_TANH -> {
                double u = SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z), th = Math.tanh(u);
                yield 0.5 * (1 + th) + 0.5 * z * (1 - th * th) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * z * z);
            }
            case GELU_SIGMOID -> swishDerivative(GELU_SIGMOID_SCALE, z);
        };
    }

    static double swishDerivative(double beta, double z) {
        double s = sigmoid(beta * z);
        return s + beta * z * s * (1 - s);
    }

    /** Φ(z) = erfc(−z/√2)/2. */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** erfc by erf's positive series for |x| ≤ 2.5 and a continued fraction beyond. */
    static double erfc(double x) {
        if (x < -2.5) return 2 - erfc(-x);
        if (x <= 2.5) return 1 - erf(x);
        if (x > 27) return 0;
        double tail = x;
        for (int n = 200; n >= 1; n--) tail = x + (n * 0.5) / tail;
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
    }

    static double erf(double x) {
        if (Math.abs(x) > 2.5) return Math.signum(x) * (1 - erfc(Math.abs(x)));
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 400; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
    }
}
