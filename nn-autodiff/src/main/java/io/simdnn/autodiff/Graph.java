package io.simdnn.autodiff;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.util.Arrays;

/**
 * A recorded graph and its buffers: the node table (op code, input nodes, shape, constant, activation, attribute),
 * one value, gradient and tangent buffer per node, and the kernels of each op for the forward pass, reverse mode
 * (vector-Jacobian products) and forward mode (Jacobian-vector products). Every computation is an SPI call or, for
 * the element-wise functions the SPI has no kernel for (exp, log, sin, cos, sqrt, pow, division), a plain loop here.
 *
 * <p>Leaves may read caller arrays at an offset (values and gradients); every other buffer starts at offset 0.
 * A gradient contribution writes its target on the first arrival in a pass and adds to it afterwards, so gradients
 * from several paths are summed in place and nothing is zeroed beforehand.
 */
final class Graph {
    static final int NONE = -1;

    final Backend be;
    int size;
    Op[] op = new Op[16];
    int[] in0 = new int[16], in1 = new int[16], in2 = new int[16];
    int[] rows = new int[16], cols = new int[16], rank = new int[16], attr = new int[16];
    float[] cst = new float[16];
    Activation[] act = new Activation[16];
    String[] name = new String[16];
    /** The node depends on a variable: it carries a gradient in reverse mode and a tangent in forward mode. */
    boolean[] need = new boolean[16];
    float[][] val = new float[16][], grd = new float[16][], tan = new float[16][], cache = new float[16][];
    int[] valOff = new int[16], grdOff = new int[16];
    boolean[] grdSet = new boolean[16];
    float[] scratch = new float[1];

    Graph(Backend be) {
        this.be = be;
    }

    int n(int i) {
        return rows[i] * cols[i];
    }

    // ------------------------------------------------------------------------------------------------ recording

    int record(Op o, int a, int b, int c, int r, int k, int rk, float constant, Activation f, int attribute) {
        if (size == op.length) grow();
        int i = size++;
        op[i] = o;
        in0[i] = a;
        in1[i] = b;
        in2[i] = c;
        rows[i] = r;
        cols[i] = k;
        rank[i] = rk;
        cst[i] = constant;
        act[i] = f;
        attr[i] = attribute;
        need[i] = o == Op.VARIABLE || (o != Op.STOP_GRADIENT && o != Op.CONSTANT
                && ((a != NONE && need[a]) || (b != NONE && need[b]) || (c != NONE && need[c])));
        if (!o.isLeaf()) {
            val[i] = new float[r * k];
            int cacheSize = switch (o) {
                case LOG_SUM_EXP, SOFTMAX_CE, SIGMOID_CE -> n(a);
                default -> 0;
            };
            if (cacheSize > 0) cache[i] = new float[cacheSize];
            // Scratch holds a contribution before it is added; only element-wise ops, whose inputs have the
            // output's size, need it.
            if (scratch.length < r * k) scratch = new float[r * k];
        }
        return i;
    }

    private void grow() {
        int cap = op.length * 2;
        op = Arrays.copyOf(op, cap);
        in0 = Arrays.copyOf(in0, cap);
        in1 = Arrays.copyOf(in1, cap);
        in2 = Arrays.copyOf(in2, cap);
        rows = Arrays.copyOf(rows, cap);
        cols = Arrays.copyOf(cols, cap);
        rank = Arrays.copyOf(rank, cap);
        attr = Arrays.copyOf(attr, cap);
        cst = Arrays.copyOf(cst, cap);
        act = Arrays.copyOf(act, cap);
        name = Arrays.copyOf(name, cap);
        need = Arrays.copyOf(need, cap);
        val = Arrays.copyOf(val, cap);
        grd = Arrays.copyOf(grd, cap);
        tan = Arrays.copyOf(tan, cap);
        cache = Arrays.copyOf(cache, cap);
        valOff = Arrays.copyOf(valOff, cap);
        grdOff = Arrays.copyOf(grdOff, cap);
        grdSet = Arrays.copyOf(grdSet, cap);
    }

    // ------------------------------------------------------------------------------------------------ forward

    void forward(int i) {
        int a = in0[i], b = in1[i], n = n(i);
        float[] y = val[i];
        float c = cst[i];
        switch (op[i]) {
            case VARIABLE, CONSTANT -> { }
            case ADD, SUB -> {
                System.arraycopy(val[a], valOff[a], y, 0, n);
                be.axpy(n, op[i] == Op.ADD ? 1f : -1f, val[b], valOff[b], y, 0);
            }
            case MUL -> be.mul(n, val[a], valOff[a], val[b], valOff[b], y, 0);
            case DIV -> {
                float[] x = val[a], z = val[b];
                int xo = valOff[a], zo = valOff[b];
                for (int k = 0; k < n; k++) y[k] = x[xo + k] / z[zo + k];
            }
            case NEG, MUL_C -> {
                System.arraycopy(val[a], valOff[a], y, 0, n);
                be.scale(n, op[i] == Op.NEG ? -1f : c, y, 0);
            }
            case ADD_C, RSUB_C, DIV_C, RDIV_C, POW_C, EXP, LOG, SIN, COS, SQRT -> {
                float[] x = val[a];
                int xo = valOff[a];
                for (int k = 0; k < n; k++) y[k] = unary(op[i], c, x[xo + k]);
            }
            case ACTIVATE -> be.activate(act[i], c, n, val[a], valOff[a], y, 0);
            case MATMUL -> {
                boolean ta = (attr[i] & 1) != 0, tb = (attr[i] & 2) != 0;
                int m = rows[i], nn = cols[i], k = ta ? rows[a] : cols[a];
                be.gemm(ta, tb, m, nn, k, 1f, val[a], valOff[a], cols[a], val[b], valOff[b], cols[b], 0f, y, 0, nn);
            }
            case LINEAR -> {
                int bias = in2[i], m = rows[a], k = cols[a], out = rows[b];
                be.denseForward(m, out, k, val[a], valOff[a], k, val[b], valOff[b], k, bias == NONE ? null : val[bias],
                        bias == NONE ? 0 : valOff[bias], Activation.IDENTITY, Float.NaN, y, 0, out);
            }
            case ADD_BIAS -> {
                System.arraycopy(val[a], valOff[a], y, 0, n);
                be.addBias(rows[a], cols[a], val[b], valOff[b], y, 0, cols[a]);
            }
            case SUM, MEAN -> reduce(i, val[a], valOff[a], y);
            case RESHAPE, STOP_GRADIENT -> System.arraycopy(val[a], valOff[a], y, 0, n);
            case TRANSPOSE -> transpose(rows[a], cols[a], val[a], valOff[a], y, 0, false);
            case SOFTMAX -> be.softmax(rows[a], cols[a], val[a], valOff[a], y, 0);
            case LOG_SOFTMAX -> be.logSoftmax(rows[a], cols[a], val[a], valOff[a], y, 0);
            case LOG_SUM_EXP -> {
                int r = rows[a], k = cols[a];
                float[] x = val[a], p = cache[i];
                int xo = valOff[a];
                be.softmax(r, k, x, xo, p, 0);
                for (int row = 0; row < r; row++) {
                    float max = be.max(k, x, xo + row * k);
                    double s = 0;
                    for (int j = 0; j < k; j++) s += Math.exp(x[xo + row * k + j] - max);
                    y[row] = (float) (max + Math.log(s));
                }
            }
            case SOFTMAX_CE -> {
                int r = rows[a];
                double sum = be.softmaxCrossEntropy(r, cols[a], val[a], valOff[a], val[b], valOff[b], 1f / r, null, 0,
                        cache[i], 0);
                y[0] = (float) (sum / r);
            }
            case SIGMOID_CE -> {
                int r = rows[a];
                double sum = be.sigmoidCrossEntropy(n(a), val[a], valOff[a], val[b], valOff[b], 1f / r, null, 0,
                        cache[i], 0);
                y[0] = (float) (sum / r);
            }
        }
    }

    static float unary(Op o, float c, float x) {
        return switch (o) {
            case NEG -> -x;
            case ADD_C -> x + c;
            case MUL_C -> x * c;
            case RSUB_C -> c - x;
            case DIV_C -> x / c;
            case RDIV_C -> c / x;
            case POW_C -> (float) Math.pow(x, c);
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SIN -> (float) Math.sin(x);
            case COS -> (float) Math.cos(x);
            case SQRT -> (float) Math.sqrt(x);
            default -> throw new AssertionError(o);
        };
    }

    /** dy/dx of an element-wise op at x, y = op(x). */
    static float unaryDerivative(Op o, float c, float x, float y) {
        return switch (o) {
            case NEG, RSUB_C -> -1f;
            case ADD_C -> 1f;
            case MUL_C -> c;
            case DIV_C -> 1f / c;
            case RDIV_C -> -y / x;
            case POW_C -> c == 0 ? 0f : (float) (c * Math.pow(x, c - 1));
            case EXP -> y;
            case LOG -> 1f / x;
            case SIN -> (float) Math.cos(x);
            case COS -> (float) -Math.sin(x);
            case SQRT -> 0.5f / y;
            default -> throw new AssertionError(o);
        };
    }

    private void reduce(int i, float[] x, int xo, float[] y) {
        int a = in0[i], r = rows[a], k = cols[a];
        float s = op[i] == Op.SUM ? 1f : 1f / (attr[i] == -1 ? r * k : attr[i] == 0 ? r : k);
        switch (attr[i]) {
            case -1 -> y[0] = be.sum(r * k, x, xo) * s;
            case 0 -> {
                be.columnSums(r, k, x, xo, k, 0f, y, 0);
                if (s != 1f) be.scale(k, s, y, 0);
            }
            default -> {
                for (int row = 0; row < r; row++) y[row] = be.sum(k, x, xo + row * k) * s;
            }
        }
    }

    /** y (k×r) = xᵀ (x r×k), or y += xᵀ. */
    private static void transpose(int r, int k, float[] x, int xo, float[] y, int yo, boolean acc) {
        for (int row = 0; row < r; row++) {
            for (int j = 0; j < k; j++) {
                float v = x[xo + row * k + j];
                int t = yo + j * r + row;
                y[t] = acc ? y[t] + v : v;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ reverse

    /** Runs reverse mode from node {@code out}, whose gradient buffer already holds the seed. */
    void backward(int out) {
        Arrays.fill(grdSet, 0, size, false);
        grdSet[out] = true;
        for (int i = out; i >= 0; i--) {
            if (need[i] && grdSet[i] && !op[i].isLeaf()) reverse(i);
        }
        for (int i = 0; i <= out; i++) {
            if (op[i] == Op.VARIABLE && !grdSet[i]) Arrays.fill(grd[i], grdOff[i], grdOff[i] + n(i), 0f);
        }
    }

    /** Marks the first contribution to j's gradient in this pass; returns whether one arrived before. */
    private boolean begin(int j) {
        boolean acc = grdSet[j];
        grdSet[j] = true;
        return acc;
    }

    /** grad(j) (+)= alpha·src. */
    private void addTo(int j, float alpha, float[] src, int so, int n) {
        boolean acc = begin(j);
        if (acc) {
            be.axpy(n, alpha, src, so, grd[j], grdOff[j]);
        } else {
            System.arraycopy(src, so, grd[j], grdOff[j], n);
            if (alpha != 1f) be.scale(n, alpha, grd[j], grdOff[j]);
        }
    }

    private float[] target(boolean acc, int j) {
        return acc ? scratch : grd[j];
    }

    private int targetOff(boolean acc, int j) {
        return acc ? 0 : grdOff[j];
    }

    /** After an overwriting kernel wrote into scratch: grad(j) += scratch. */
    private void finish(boolean acc, int j, int n) {
        if (acc) be.axpy(n, 1f, scratch, 0, grd[j], grdOff[j]);
    }

    private void reverse(int i) {
        int a = in0[i], b = in1[i], n = n(i);
        float[] y = val[i], g = grd[i];
        float c = cst[i];
        switch (op[i]) {
            case VARIABLE, CONSTANT, STOP_GRADIENT -> { }
            case ADD, SUB -> {
                if (need[a]) addTo(a, 1f, g, 0, n);
                if (need[b]) addTo(b, op[i] == Op.ADD ? 1f : -1f, g, 0, n);
            }
            case MUL -> {
                if (need[a]) {
                    boolean acc = begin(a);
                    be.mul(n, g, 0, val[b], valOff[b], target(acc, a), targetOff(acc, a));
                    finish(acc, a, n);
                }
                if (need[b]) {
                    boolean acc = begin(b);
                    be.mul(n, g, 0, val[a], valOff[a], target(acc, b), targetOff(acc, b));
                    finish(acc, b, n);
                }
            }
            case DIV -> {
                float[] x = val[a], z = val[b];
                int xo = valOff[a], zo = valOff[b];
                if (need[a]) {
                    boolean acc = begin(a);
                    float[] d = grd[a];
                    int o = grdOff[a];
                    for (int k = 0; k < n; k++) d[o + k] = acc ? d[o + k] + g[k] / z[zo + k] : g[k] / z[zo + k];
                }
                if (need[b]) {
                    boolean acc = begin(b);
                    float[] d = grd[b];
                    int o = grdOff[b];
                    for (int k = 0; k < n; k++) {
                        float v = -g[k] * y[k] / z[zo + k];
                        d[o + k] = acc ? d[o + k] + v : v;
                    }
                }
            }
            case NEG -> addTo(a, -1f, g, 0, n);
            case MUL_C -> addTo(a, c, g, 0, n);
            case ADD_C -> addTo(a, 1f, g, 0, n);
            case RSUB_C -> addTo(a, -1f, g, 0, n);
            case DIV_C, RDIV_C, POW_C, EXP, LOG, SIN, COS, SQRT -> {
                boolean acc = begin(a);
                float[] x = val[a], d = grd[a];
                int xo = valOff[a], o = grdOff[a];
                Op code = op[i];
                for (int k = 0; k < n; k++) {
                    float v = g[k] * unaryDerivative(code, c, x[xo + k], y[k]);
                    d[o + k] = acc ? d[o + k] + v : v;
                }
            }
            case ACTIVATE -> {
                boolean acc = begin(a);
                be.activateBackward(act[i], c, n, val[a], valOff[a], y, 0, g, 0, target(acc, a), targetOff(acc, a));
                finish(acc, a, n);
            }
            case MATMUL -> {
                boolean ta = (attr[i] & 1) != 0, tb = (attr[i] & 2) != 0;
                int m = rows[i], nn = cols[i], k = ta ? rows[a] : cols[a];
                if (need[a]) {
                    float beta = begin(a) ? 1f : 0f;
                    if (!ta) be.gemm(false, !tb, m, k, nn, 1f, g, 0, nn, val[b], valOff[b], cols[b], beta, grd[a], grdOff[a], k);
                    else be.gemm(tb, true, k, m, nn, 1f, val[b], valOff[b], cols[b], g, 0, nn, beta, grd[a], grdOff[a], m);
                }
                if (need[b]) {
                    float beta = begin(b) ? 1f : 0f;
                    if (!tb) be.gemm(!ta, false, k, nn, m, 1f, val[a], valOff[a], cols[a], g, 0, nn, beta, grd[b], grdOff[b], nn);
                    else be.gemm(true, ta, nn, k, m, 1f, g, 0, nn, val[a], valOff[a], cols[a], beta, grd[b], grdOff[b], k);
                }
            }
            case LINEAR -> {
                int bias = in2[i], m = rows[a], k = cols[a], out = rows[b];
                if (need[b]) {
                    float beta = begin(b) ? 1f : 0f;
                    be.gemm(true, false, out, k, m, 1f, g, 0, out, val[a], valOff[a], k, beta, grd[b], grdOff[b], k);
                }
                if (bias != NONE && need[bias]) {
                    float beta = begin(bias) ? 1f : 0f;
                    be.columnSums(m, out, g, 0, out, beta, grd[bias], grdOff[bias]);
                }
                if (need[a]) {
                    float beta = begin(a) ? 1f : 0f;
                    be.gemm(false, false, m, k, out, 1f, g, 0, out, val[b], valOff[b], k, beta, grd[a], grdOff[a], k);
                }
            }
            case ADD_BIAS -> {
                if (need[a]) addTo(a, 1f, g, 0, n);
                if (need[b]) {
                    float beta = begin(b) ? 1f : 0f;
                    be.columnSums(rows[a], cols[a], g, 0, cols[a], beta, grd[b], grdOff[b]);
                }
            }
            case SUM, MEAN -> {
                int r = rows[a], k = cols[a];
                float s = op[i] == Op.SUM ? 1f : 1f / (attr[i] == -1 ? r * k : attr[i] == 0 ? r : k);
                boolean acc = begin(a);
                float[] d = grd[a];
                int o = grdOff[a];
                for (int row = 0; row < r; row++) {
                    for (int j = 0; j < k; j++) {
                        float v = s * g[attr[i] == -1 ? 0 : attr[i] == 0 ? j : row];
                        int t = o + row * k + j;
                        d[t] = acc ? d[t] + v : v;
                    }
                }
            }
            case RESHAPE -> addTo(a, 1f, g, 0, n);
            case TRANSPOSE -> {
                // y is k×r for x r×k: dx = dyᵀ, so transpose the k×r gradient back.
                transpose(cols[a], rows[a], g, 0, grd[a], grdOff[a], begin(a));
            }
            case SOFTMAX -> {
                boolean acc = begin(a);
                be.softmaxBackward(rows[a], cols[a], y, 0, g, 0, target(acc, a), targetOff(acc, a));
                finish(acc, a, n);
            }
            case LOG_SOFTMAX -> {
                // dx = dy − softmax·Σ dy per row, softmax = exp(y).
                boolean acc = begin(a);
                int r = rows[a], k = cols[a];
                float[] d = grd[a];
                int o = grdOff[a];
                for (int row = 0; row < r; row++) {
                    float s = be.sum(k, g, row * k);
                    for (int j = 0; j < k; j++) {
                        int e = row * k + j;
                        float v = g[e] - (float) Math.exp(y[e]) * s;
                        d[o + e] = acc ? d[o + e] + v : v;
                    }
                }
            }
            case LOG_SUM_EXP -> {
                boolean acc = begin(a);
                int r = rows[a], k = cols[a];
                float[] d = grd[a], p = cache[i];
                int o = grdOff[a];
                for (int row = 0; row < r; row++) {
                    for (int j = 0; j < k; j++) {
                        int e = row * k + j;
                        float v = g[row] * p[e];
                        d[o + e] = acc ? d[o + e] + v : v;
                    }
                }
            }
            case SOFTMAX_CE, SIGMOID_CE -> addTo(a, g[0], cache[i], 0, n(a));
        }
    }

    // ------------------------------------------------------------------------------------------------ forward mode

    /** Runs forward mode up to node {@code out}: the variables' tangent buffers hold the direction. */
    void tangents(int out, boolean[] live) {
        for (int i = 0; i <= out; i++) {
            if (need[i] && !op[i].isLeaf() && (live == null || live[i])) tangent(i);
        }
    }

    void tangent(int i) {
        int a = in0[i], b = in1[i], n = n(i);
        float[] y = val[i], t = tan[i];
        float c = cst[i];
        switch (op[i]) {
            case VARIABLE, CONSTANT, STOP_GRADIENT -> { }
            case ADD, SUB -> {
                boolean first = true;
                if (need[a]) {
                    System.arraycopy(tan[a], 0, t, 0, n);
                    first = false;
                }
                if (need[b]) {
                    float s = op[i] == Op.ADD ? 1f : -1f;
                    if (first) {
                        System.arraycopy(tan[b], 0, t, 0, n);
                        if (s != 1f) be.scale(n, s, t, 0);
                    } else {
                        be.axpy(n, s, tan[b], 0, t, 0);
                    }
                }
            }
            case MUL -> {
                boolean first = true;
                if (need[a]) {
                    be.mul(n, tan[a], 0, val[b], valOff[b], t, 0);
                    first = false;
                }
                if (need[b]) {
                    if (first) {
                        be.mul(n, val[a], valOff[a], tan[b], 0, t, 0);
                    } else {
                        be.mul(n, val[a], valOff[a], tan[b], 0, scratch, 0);
                        be.axpy(n, 1f, scratch, 0, t, 0);
                    }
                }
            }
            case DIV -> {
                float[] z = val[b];
                int zo = valOff[b];
                for (int k = 0; k < n; k++) {
                    float v = 0f;
                    if (need[a]) v = tan[a][k] / z[zo + k];
                    if (need[b]) v -= tan[b][k] * y[k] / z[zo + k];
                    t[k] = v;
                }
            }
            case NEG, ADD_C, MUL_C, RSUB_C, DIV_C, RDIV_C, POW_C, EXP, LOG, SIN, COS, SQRT -> {
                float[] x = val[a], ta = tan[a];
                int xo = valOff[a];
                Op code = op[i];
                for (int k = 0; k < n; k++) t[k] = ta[k] * unaryDerivative(code, c, x[xo + k], y[k]);
            }
            case ACTIVATE -> be.activateBackward(act[i], c, n, val[a], valOff[a], y, 0, tan[a], 0, t, 0);
            case MATMUL -> {
                boolean ta = (attr[i] & 1) != 0, tb = (attr[i] & 2) != 0;
                int m = rows[i], nn = cols[i], k = ta ? rows[a] : cols[a];
                float beta = 0f;
                if (need[a]) {
                    be.gemm(ta, tb, m, nn, k, 1f, tan[a], 0, cols[a], val[b], valOff[b], cols[b], 0f, t, 0, nn);
                    beta = 1f;
                }
                if (need[b]) be.gemm(ta, tb, m, nn, k, 1f, val[a], valOff[a], cols[a], tan[b], 0, cols[b], beta, t, 0, nn);
            }
            case LINEAR -> {
                int bias = in2[i], m = rows[a], k = cols[a], out = rows[b];
                float beta = 0f;
                if (need[a]) {
                    be.gemm(false, true, m, out, k, 1f, tan[a], 0, k, val[b], valOff[b], k, 0f, t, 0, out);
                    beta = 1f;
                }
                if (need[b]) {
                    be.gemm(false, true, m, out, k, 1f, val[a], valOff[a], k, tan[b], 0, k, beta, t, 0, out);
                    beta = 1f;
                }
                if (bias != NONE && need[bias]) {
                    if (beta == 0f) Arrays.fill(t, 0, n, 0f);
                    be.addBias(m, out, tan[bias], 0, t, 0, out);
                }
            }
            case ADD_BIAS -> {
                if (need[a]) System.arraycopy(tan[a], 0, t, 0, n);
                else Arrays.fill(t, 0, n, 0f);
                if (need[b]) be.addBias(rows[a], cols[a], tan[b], 0, t, 0, cols[a]);
            }
            case SUM, MEAN -> reduce(i, tan[a], 0, t);
            case RESHAPE -> System.arraycopy(tan[a], 0, t, 0, n);
            case TRANSPOSE -> transpose(rows[a], cols[a], tan[a], 0, t, 0, false);
            // The softmax Jacobian is symmetric: its JVP is the VJP kernel.
            case SOFTMAX -> be.softmaxBackward(rows[a], cols[a], y, 0, tan[a], 0, t, 0);
            case LOG_SOFTMAX -> {
                int r = rows[a], k = cols[a];
                float[] ta = tan[a];
                for (int row = 0; row < r; row++) {
                    double s = 0;
                    for (int j = 0; j < k; j++) s += Math.exp(y[row * k + j]) * ta[row * k + j];
                    for (int j = 0; j < k; j++) t[row * k + j] = ta[row * k + j] - (float) s;
                }
            }
            case LOG_SUM_EXP -> {
                int k = cols[a];
                for (int row = 0; row < rows[a]; row++) t[row] = be.dot(k, cache[i], row * k, tan[a], row * k);
            }
            case SOFTMAX_CE, SIGMOID_CE -> t[0] = be.dot(n(a), cache[i], 0, tan[a], 0);
        }
    }
}
