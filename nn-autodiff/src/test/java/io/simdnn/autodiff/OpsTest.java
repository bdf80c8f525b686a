package io.simdnn.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every op, alone on a graph, through the gradient check on every backend, dynamic and static. */
class OpsTest {

    /** Leaves of a case: three variables (one 3x4 positive, one 3x4, one 4x5), a 3x4 row-stochastic target. */
    record Leaves(Var p, Var a, Var m, Var bias4, Var target, Tape t) {}

    static Leaves leaves(Tape t, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Var p = t.variable("p", fill(r, 12, 0.5, 2), 0, 3, 4);
        Var a = t.variable("a", fill(r, 12, -1.5, 1.5), 0, 3, 4);
        Var m = t.variable("m", fill(r, 20, -1, 1), 0, 4, 5);
        Var bias = t.variable("bias", fill(r, 4, -1, 1));
        float[] target = new float[12];
        for (int i = 0; i < 3; i++) target[i * 4 + r.nextInt(4)] = 1f;
        return new Leaves(p, a, m, bias, t.constant("target", target, 0, 3, 4), t);
    }

    static float[] fill(SplittableRandom r, int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextDouble(lo, hi);
        return x;
    }

    static final List<Case> CASES = new ArrayList<>();

    record Case(String name, java.util.function.Function<Leaves, Var> build) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static void add(String name, java.util.function.Function<Leaves, Var> build) {
        CASES.add(new Case(name, build));
    }

    static {
        add("add", l -> l.a().add(l.p()));
        add("sub", l -> l.a().sub(l.p()));
        add("mul", l -> l.a().mul(l.p()));
        add("div", l -> l.a().div(l.p()));
        add("neg", l -> l.a().neg());
        add("add const", l -> l.a().add(2f));
        add("sub const", l -> l.a().sub(2f));
        add("const minus", l -> l.a().rsub(2f));
        add("mul const", l -> l.a().mul(-3f));
        add("div const", l -> l.a().div(4f));
        add("const over", l -> l.p().rdiv(2f));
        add("pow", l -> l.p().pow(1.5f));
        add("pow negative", l -> l.p().pow(-2f));
        add("exp", l -> l.a().exp());
        add("log", l -> l.p().log());
        add("sin", l -> l.a().sin());
        add("cos", l -> l.a().cos());
        add("sqrt", l -> l.p().sqrt());
        for (Activation f : Activation.values()) {
            add(f.name().toLowerCase(), l -> l.a().activate(f, f.hasParameter() ? 0.7f : Float.NaN));
        }
        add("matmul", l -> l.a().matmul(l.m()));
        add("matmul Aᵀ", l -> l.a().matmul(l.p(), true, false));
        add("matmul Bᵀ", l -> l.a().matmul(l.p(), false, true));
        add("matmul AᵀBᵀ", l -> l.m().matmul(l.a(), true, true));
        add("linear", l -> l.m().transpose().linear(l.a(), l.p().mean(1)));
        add("linear without bias", l -> l.m().transpose().linear(l.a(), null));
        add("add bias", l -> l.a().addBias(l.bias4()));
        add("sum", l -> l.a().sum());
        add("sum axis 0", l -> l.a().sum(0));
        add("sum axis 1", l -> l.a().sum(1));
        add("mean", l -> l.a().mean());
        add("mean axis 0", l -> l.a().mean(0));
        add("mean axis 1", l -> l.a().mean(1));
        add("reshape", l -> l.a().reshape(2, 6));
        add("transpose", l -> l.m().transpose());
        add("softmax", l -> l.a().softmax());
        add("log softmax", l -> l.a().logSoftmax());
        add("log sum exp", l -> l.a().logSumExp());
        add("softmax cross-entropy", l -> l.a().softmaxCrossEntropy(l.target()));
        add("sigmoid cross-entropy", l -> l.a().sigmoidCrossEntropy(l.target()));
        add("stop gradient", l -> l.a().stopGradient().mul(l.p()));
        add("shared input", l -> l.a().mul(l.a()).add(l.a()));
        add("diamond", l -> {
            Var h = l.a().tanh();
            return h.mul(h.exp()).sub(h.sin()).softmax();
        });
    }

    static Stream<Arguments> cases() {
        return TestBackends.all().stream().flatMap(b -> CASES.stream().map(c -> Arguments.of(b, c)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void passesTheGradientCheckOnATapeAndAsAStaticGraph(Backend be, Case c) {
        for (long seed = 1; seed <= 3; seed++) {
            GradientCheck.Report dynamic, fixed;
            try (Tape t = new Tape(be)) {
                Var y = c.build().apply(leaves(t, seed));
                dynamic = GradientCheck.check(t, y, seed);
            }
            Tape t = new Tape(be);
            Var y = c.build().apply(leaves(t, seed));
            fixed = GradientCheck.check(t.compile(y), seed);
            for (GradientCheck.Report r : List.of(dynamic, fixed)) {
                assertTrue(r.valueError() < 1e-5, c + ": " + r);
                assertTrue(r.derivativeError() < 1e-4, c + ": " + r);
            }
            assertEquals(dynamic.reverseError(), fixed.reverseError(), 1e-12, c.name());
        }
    }

    @Test
    void gradientsFromSeveralPathsAreSummed() {
        try (Tape t = new Tape(io.simdnn.spi.Backends.get("scalar"))) {
            Var x = t.variable("x", 3f);
            Var y = x.mul(x).add(x.mul(2f)).add(x.sin()); // x² + 2x + sin x
            t.backward(y);
            assertEquals(2 * 3 + 2 + Math.cos(3), x.gradItem(), 1e-6);
            double[] cd = GradientCheck.centralDifferences(t, y, x, 1e-6);
            assertEquals(cd[0], x.gradItem(), 1e-5);
        }
    }

    /** Define by run: the loop's depth depends on the values, so each call records a different graph. */
    @Test
    void theGraphMayDifferFromOneCallToTheNext() {
        List<Integer> sizes = new ArrayList<>();
        for (float x0 : new float[] {0.5f, 2f, 5f}) {
            try (Tape t = new Tape(io.simdnn.spi.Backends.get("scalar"))) {
                Var x = t.variable("x", x0);
                Var y = x;
                while (y.item() < 10f) y = y.mul(y).add(1f);
                t.backward(y);
                double cd = GradientCheck.centralDifferences(t, y, x, 1e-6)[0];
                assertEquals(cd, x.gradItem(), 1e-5 * Math.max(1, Math.abs(cd)), "x0 = " + x0);
                sizes.add(t.size());
            }
        }
        assertEquals(List.of(9, 5, 3), sizes);
    }

    @Test
    void centralDifferencesMatchReverseModeElementByElement() {
        try (Tape t = new Tape(io.simdnn.spi.Backends.get("scalar"))) {
            Leaves l = leaves(t, 7);
            Var y = l.a().matmul(l.m()).tanh().linear(l.m(), l.bias4()).softmaxCrossEntropy(l.target());
            t.backward(y);
            for (Var v : List.of(l.a(), l.m(), l.bias4())) {
                double[] cd = GradientCheck.centralDifferences(t, y, v, 1e-6);
                float[] g = v.grad();
                for (int k = 0; k < g.length; k++) assertEquals(cd[k], g[k], 1e-5, v + "[" + k + "]");
            }
            assertArrayEquals(new float[12], l.p().grad(), "a variable the output does not reach has gradient 0");
        }
    }

    @Test
    void badShapesAndMisuseAreClearErrors() {
        try (Tape t = new Tape(io.simdnn.spi.Backends.get("scalar"))) {
            Leaves l = leaves(t, 1);
            var e = assertThrows(IllegalArgumentException.class, () -> l.a().add(l.m()));
            assertEquals("add: shapes 3x4 and 4x5 differ (use addBias for a row vector, or a float constant)",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> l.a().matmul(l.a()));
            assertEquals("matmul: 3x4 times 3x4: inner sizes 4 and 3 differ", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> l.a().softmaxCrossEntropy(l.p()));
            assertTrue(e.getMessage().contains("targets carry no gradient"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.backward(l.a()));
            assertTrue(e.getMessage().contains("not a scalar"), e.getMessage());
            Var y = l.a().sum();
            t.compile(y);
            assertThrows(IllegalStateException.class, () -> l.a().exp());
        }
    }

    @Test
    void sharedGradientBuffersAreFewerThanNodes() {
        Tape t = new Tape(io.simdnn.spi.Backends.get("scalar"));
        Var x = t.variable("x", new float[] {0.3f, -0.2f, 0.9f});
        Var h = x;
        for (int i = 0; i < 20; i++) h = h.tanh().mul(1.1f);
        Var y = h.sum();
        StaticGraph shared = t.compile(y);
        assertTrue(shared.intermediateGradientBuffers() <= 3, "buffers: " + shared.intermediateGradientBuffers());
        shared.forward();
        shared.backward();
        float[] g = shared.gradient(x).clone();
        Tape t2 = new Tape(io.simdnn.spi.Backends.get("scalar"));
        Var x2 = t2.variable("x", new float[] {0.3f, -0.2f, 0.9f});
        Var h2 = x2;
        for (int i = 0; i < 20; i++) h2 = h2.tanh().mul(1.1f);
        t2.backward(h2.sum());
        assertArrayEquals(x2.grad(), g);
    }

}
