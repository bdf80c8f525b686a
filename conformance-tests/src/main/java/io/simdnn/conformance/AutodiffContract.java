package io.simdnn.conformance;

import io.simdnn.autodiff.GradientCheck;
import io.simdnn.autodiff.StaticGraph;
import io.simdnn.autodiff.Tape;
import io.simdnn.autodiff.Var;
import io.simdnn.spi.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Automatic differentiation on the backend under test (module nn-autodiff): random graphs of the op set with random
 * shapes, run on a dynamic tape and as a static graph, against a float64 dual-number evaluation of the same graph
 * (values of every node, reverse mode, forward mode, the dot-product test and central differences); and E4 of the
 * course notes, exact on every backend.
 */
public interface AutodiffContract extends Contract {

    /** Relative bound on node values (float32 ops chained a few deep on values of order 1). */
    double VALUE_TOLERANCE = 1e-4;
    /** Relative bound on ⟨u, J·v⟩ and ⟨Jᵀu, v⟩ against the double directional derivative. */
    double DERIVATIVE_TOLERANCE = 1e-3;
    /** Closer than this to a kink (ReLU family, hard sigmoid and tanh), float and double may take different sides. */
    double KINK_MARGIN = 1e-3;

    /**
     * A random graph: 2–3 variables of random shapes (1–5 × 1–5), then 3–10 ops drawn from the whole op set, each
     * applied to earlier nodes (new leaves of a matching shape where an op needs a second operand), domains kept
     * (log, sqrt, pow and division see positive arguments, exp a bounded one).
     */
    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    default void randomGraphsMatchTheFloat64Oracle(@ForAll @IntRange(min = 3, max = 10) int ops,
            @ForAll("seed") long seed) {
        GradientCheck.Report dynamic, fixed;
        List<String> trace = new ArrayList<>();
        try (Tape t = new Tape(backend())) {
            Var y = RandomGraph.build(t, new SplittableRandom(seed), ops, trace);
            dynamic = GradientCheck.check(t, y, seed);
        }
        Tape t = new Tape(backend());
        Var y = RandomGraph.build(t, new SplittableRandom(seed), ops, new ArrayList<>());
        StaticGraph g = t.compile(y);
        fixed = GradientCheck.check(g, seed);
        for (GradientCheck.Report r : List.of(dynamic, fixed)) {
            String what = String.join(" → ", trace) + ": " + r;
            if (r.valueError() > VALUE_TOLERANCE) throw new AssertionError("values: " + what);
            if (r.kinkDistance() < KINK_MARGIN) {
                Statistics.label("derivatives").collect("skipped: near a kink");
                continue;
            }
            Statistics.label("derivatives").collect("checked");
            if (r.derivativeError() > DERIVATIVE_TOLERANCE) throw new AssertionError("derivatives: " + what);
        }
    }

    /** E4: f(x; w, b) = 1/(exp(−(w·x + b)) + 1) at x = 1, w = b = 0: f = 0.5, ∂f/∂w = ∂f/∂b = 0.25 exactly. */
    @Example
    default void notesExampleE4InBothModes() {
        try (Tape t = new Tape(backend())) {
            Var x = t.constant("x", 1f), w = t.variable("w", 0f), b = t.variable("b", 0f);
            Var f = w.mul(x).add(b).neg().exp().add(1f).rdiv(1f);
            Expect.same("f", 0, f.item(), 0.5f);
            t.backward(f);
            Expect.same("df/dw", 0, w.gradItem(), 0.25f);
            Expect.same("df/db", 0, b.gradItem(), 0.25f);
            t.tangent(w)[0] = 1f;
            t.jvp(f);
            Expect.same("forward df/dw", 0, t.tangent(f)[0], 0.25f);
        }
    }

    /** The generator of random graphs. */
    final class RandomGraph {
        private RandomGraph() {}

        static Var build(Tape t, SplittableRandom r, int ops, List<String> trace) {
            List<Var> pool = new ArrayList<>();
            int leaves = 2 + r.nextInt(2);
            for (int i = 0; i < leaves; i++) pool.add(leaf(t, r, "v" + i, 1 + r.nextInt(5), 1 + r.nextInt(5)));
            Var last = pool.get(pool.size() - 1);
            for (int k = 0; k < ops; k++) {
                Var a = pool.get(r.nextInt(pool.size()));
                int choice = r.nextInt(30);
                Var y = switch (choice) {
                    case 0 -> a.add(sameShape(t, r, pool, a));
                    case 1 -> a.sub(sameShape(t, r, pool, a));
                    case 2 -> a.mul(sameShape(t, r, pool, a));
                    case 3 -> a.div(positive(sameShape(t, r, pool, a)));
                    case 4 -> a.neg();
                    case 5 -> a.add((float) r.nextDouble(-2, 2)).mul((float) r.nextDouble(-2, 2));
                    case 6 -> positive(a).rdiv((float) r.nextDouble(0.5, 2)).rsub(1f).div(3f);
                    case 7 -> positive(a).pow((float) r.nextDouble(-1.5, 2.5));
                    case 8 -> a.tanh().exp();
                    case 9 -> positive(a).log();
                    case 10 -> a.sin();
                    case 11 -> a.cos();
                    case 12 -> positive(a).sqrt();
                    case 13, 14, 15 -> {
                        Activation f = Activation.values()[r.nextInt(Activation.values().length)];
                        yield a.activate(f, f.hasParameter() ? (float) r.nextDouble(0.1, 1.5) : Float.NaN);
                    }
                    case 16 -> {
                        boolean ta = r.nextBoolean(), tb = r.nextBoolean();
                        int k2 = ta ? a.rows() : a.cols(), n = 1 + r.nextInt(5);
                        Var b = tb ? leaf(t, r, "m" + k, n, k2) : leaf(t, r, "m" + k, k2, n);
                        yield a.matmul(b, ta, tb);
                    }
                    case 17 -> {
                        int out = 1 + r.nextInt(5);
                        Var w = leaf(t, r, "W" + k, out, a.cols());
                        yield a.linear(w, r.nextBoolean() ? vector(t, r, "b" + k, out) : null);
                    }
                    case 18 -> a.addBias(vector(t, r, "bias" + k, a.cols()));
                    case 19 -> a.rank() == 2 ? a.sum(r.nextInt(2)) : a.sum();
                    case 20 -> a.rank() == 2 ? a.mean(r.nextInt(2)) : a.mean();
                    case 21 -> a.reshape(a.size());
                    case 22 -> a.transpose();
                    case 23 -> a.softmax();
                    case 24 -> a.logSoftmax();
                    case 25 -> a.logSumExp();
                    case 26 -> a.softmaxCrossEntropy(target(t, r, a, true));
                    case 27 -> a.sigmoidCrossEntropy(target(t, r, a, false));
                    case 28 -> a.stopGradient().mul(sameShape(t, r, pool, a));
                    default -> a.mul(a).add(a);
                };
                trace.add(describe(choice) + " " + y.shape());
                if (!y.requiresGrad()) continue;
                pool.add(y);
                last = y;
            }
            return last.requiresGrad() ? last : pool.get(0);
        }

        private static String describe(int choice) {
            return List.of("add", "sub", "mul", "div", "neg", "affine const", "c/x", "pow", "exp(tanh)", "log",
                    "sin", "cos", "sqrt", "activate", "activate", "activate", "matmul", "linear", "addBias", "sum",
                    "mean", "reshape", "transpose", "softmax", "logSoftmax", "logSumExp", "softmaxCE", "sigmoidCE",
                    "stopGradient", "x²+x").get(choice);
        }

        private static Var leaf(Tape t, SplittableRandom r, String name, int rows, int cols) {
            return t.variable(name, Data.uniform(r, rows * cols, -1, 1), 0, rows, cols);
        }

        private static Var vector(Tape t, SplittableRandom r, String name, int n) {
            return t.variable(name, Data.uniform(r, n, -1, 1));
        }

        /** An earlier node of the same shape, or a new variable of it. */
        private static Var sameShape(Tape t, SplittableRandom r, List<Var> pool, Var a) {
            List<Var> same = pool.stream().filter(v -> v.rows() == a.rows() && v.cols() == a.cols()
                    && v.rank() == a.rank()).toList();
            if (r.nextBoolean() && !same.isEmpty()) return same.get(r.nextInt(same.size()));
            return a.rank() == 2 ? leaf(t, r, "s" + pool.size(), a.rows(), a.cols())
                    : a.rank() == 1 ? vector(t, r, "s" + pool.size(), a.cols())
                    : t.variable("s" + pool.size(), (float) r.nextDouble(-1, 1));
        }

        /** x² + 0.5: positive and of the same shape. */
        private static Var positive(Var a) {
            return a.mul(a).add(0.5f);
        }

        private static Var target(Tape t, SplittableRandom r, Var a, boolean oneHot) {
            float[] y = new float[a.size()];
            for (int i = 0; i < a.rows(); i++) {
                if (oneHot) y[i * a.cols() + r.nextInt(a.cols())] = 1f;
                else for (int j = 0; j < a.cols(); j++) y[i * a.cols() + j] = (float) r.nextDouble();
            }
            return t.constant("y", y, 0, a.rows(), a.cols());
        }
    }
}
