package io.simdnn.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks a graph's derivatives against the same graph evaluated in double (dual numbers, plain loops, no backend):
 * values of every node; reverse mode ⟨Jᵀu, v⟩ and forward mode ⟨u, J·v⟩ for random directions u (output) and v
 * (variables) against the double directional derivative; the dot-product test ⟨u, J·v⟩ = ⟨Jᵀu, v⟩ between the two
 * float32 modes; and the double derivative against central differences in double. Errors are relative to
 * max(1, |⟨u, J·v⟩|). Overwrites the graph's gradients and the variables' tangents.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /**
     * The errors of one check. {@code kinkDistance} is how close a kinked activation (ReLU family, hard sigmoid and
     * tanh, ELU with γ ≠ 1) came to its kink: below about 1e-4 the float and double passes may take different
     * sides, and derivative errors there say nothing about the backend.
     */
    public record Report(double valueError, double reverseError, double forwardError, double dotProductError,
            double centralDifferenceError, double kinkDistance) {
        /** The largest derivative error (reverse, forward, dot product, central differences). */
        public double derivativeError() {
            return Math.max(Math.max(reverseError, forwardError), Math.max(dotProductError, centralDifferenceError));
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "values %.2e, reverse %.2e, forward %.2e, dot product %.2e, central differences %.2e%s",
                    valueError, reverseError, forwardError, dotProductError, centralDifferenceError,
                    kinkDistance < 1e-3 ? String.format(java.util.Locale.ROOT, " (kink within %.1e)", kinkDistance)
                            : "");
        }
    }

    /** Checks the graph of {@code output} on a dynamic tape, with directions drawn from {@code seed}. */
    public static Report check(Tape tape, Var output, long seed) {
        Graph g = tape.graph();
        int out = output.id;
        allocate(g, out);
        return check(g, out, Explain.live(g, out), seed);
    }

    /** Checks a static graph (runs its forward pass first). */
    public static Report check(StaticGraph graph, long seed) {
        graph.forward();
        return check(graph.graph(), graph.outputId(), graph.live(), seed);
    }

    private static void allocate(Graph g, int out) {
        for (int k = 0; k <= out; k++) {
            if (g.need[k] && g.grd[k] == null) g.grd[k] = new float[g.n(k)];
            if (g.need[k] && g.tan[k] == null) g.tan[k] = new float[g.n(k)];
        }
    }

    private static Report check(Graph g, int out, boolean[] live, long seed) {
        if (!g.need[out]) throw new IllegalArgumentException("the output depends on no variable");
        SplittableRandom r = new SplittableRandom(seed);
        List<Integer> vars = variables(g, out, live);
        float[] u = new float[g.n(out)];
        for (int k = 0; k < u.length; k++) u[k] = (float) r.nextDouble(-1, 1);
        double[][] v = new double[out + 1][];
        for (int i : vars) {
            v[i] = new double[g.n(i)];
            for (int k = 0; k < v[i].length; k++) v[i][k] = (float) r.nextDouble(-1, 1);
        }
        // float32 reverse: ⟨Jᵀu, v⟩
        System.arraycopy(u, 0, g.grd[out], 0, u.length);
        g.backward(out);
        double reverse = 0;
        for (int i : vars) {
            for (int k = 0; k < v[i].length; k++) reverse += g.grd[i][g.grdOff[i] + k] * v[i][k];
        }
        // float32 forward: ⟨u, J·v⟩
        for (int i : vars) for (int k = 0; k < v[i].length; k++) g.tan[i][k] = (float) v[i][k];
        g.tangents(out, live);
        double forward = 0;
        for (int k = 0; k < u.length; k++) forward += (double) u[k] * g.tan[out][k];
        // double oracle
        Float64Graph exact = new Float64Graph(g, out, live, null, v);
        double oracle = 0;
        for (int k = 0; k < u.length; k++) oracle += u[k] * exact.d[out][k];
        double valueError = 0;
        for (int i = 0; i <= out; i++) {
            if (!live[i]) continue;
            for (int k = 0; k < g.n(i); k++) {
                double want = exact.v[i][k];
                valueError = Math.max(valueError, Math.abs(g.val[i][g.valOff[i] + k] - want) / (1 + Math.abs(want)));
            }
        }
        double h = 1e-6;
        double central = (directional(g, out, live, vars, v, h, u, exact.v) - directional(g, out, live, vars, v, -h, u, exact.v))
                / (2 * h);
        double scale = Math.max(1, Math.abs(oracle));
        return new Report(valueError, Math.abs(reverse - oracle) / scale, Math.abs(forward - oracle) / scale,
                Math.abs(forward - reverse) / scale, Math.abs(central - oracle) / scale, exact.kinkDistance);
    }

    private static List<Integer> variables(Graph g, int out, boolean[] live) {
        List<Integer> vars = new ArrayList<>();
        for (int i = 0; i <= out; i++) if (live[i] && g.op[i] == Op.VARIABLE) vars.add(i);
        return vars;
    }

    /** ⟨u, f(x + h·v)⟩ in double. */
    private static double directional(Graph g, int out, boolean[] live, List<Integer> vars, double[][] v, double h,
            float[] u, double[][] held) {
        double[][] x = new double[out + 1][];
        for (int i : vars) {
            x[i] = new double[g.n(i)];
            for (int k = 0; k < x[i].length; k++) x[i][k] = g.val[i][g.valOff[i] + k] + h * v[i][k];
        }
        Float64Graph e = new Float64Graph(g, out, live, x, null, held);
        double s = 0;
        for (int k = 0; k < u.length; k++) s += u[k] * e.v[out][k];
        return s;
    }

    /**
     * ∂output/∂variable element by element by central differences in double, (f(x + h) − f(x − h))/2h, over the
     * double evaluation of the graph; the output must be a scalar.
     */
    public static double[] centralDifferences(Tape tape, Var output, Var variable, double h) {
        Graph g = tape.graph();
        int out = output.id, var = variable.id;
        if (g.n(out) != 1) throw new IllegalArgumentException("central differences of a non-scalar " + output);
        if (g.op[var] != Op.VARIABLE) throw new IllegalArgumentException(variable + " is not a variable");
        boolean[] live = Explain.live(g, out);
        double[][] held = new Float64Graph(g, out, live, null, null).v;
        double[] result = new double[g.n(var)];
        if (var > out || !live[var]) return result;
        double[][] x = new double[out + 1][];
        x[var] = new double[g.n(var)];
        for (int k = 0; k < x[var].length; k++) x[var][k] = g.val[var][g.valOff[var] + k];
        for (int k = 0; k < result.length; k++) {
            double keep = x[var][k];
            x[var][k] = keep + h;
            double plus = new Float64Graph(g, out, live, x, null, held).v[out][0];
            x[var][k] = keep - h;
            double minus = new Float64Graph(g, out, live, x, null, held).v[out][0];
            x[var][k] = keep;
            result[k] = (plus - minus) / (2 * h);
        }
        return result;
    }
}
