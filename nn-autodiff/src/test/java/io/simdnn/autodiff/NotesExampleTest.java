package io.simdnn.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * E4 of the course notes: f(x; w, b) = 1/(exp(−(w·x + b)) + 1) at x = 1, w = 0, b = 0 decomposes into h1 … h6 with
 * f = 0.5, ∂h6/∂h5 = −1/h5² = −0.25 and ∂f/∂w = ∂f/∂b = 0.25, in reverse and in forward mode, on a dynamic tape and
 * on a static graph.
 */
class NotesExampleTest {

    static List<Backend> backends() {
        return TestBackends.all();
    }

    private static Var e4(Tape t) {
        Var x = t.constant("x", 1f), w = t.variable("w", 0f), b = t.variable("b", 0f);
        return w.mul(x).add(b).neg().exp().add(1f).rdiv(1f);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reverseModeOnATape(Backend be) {
        try (Tape t = new Tape(be)) {
            Var f = e4(t);
            assertEquals(0.5f, f.item());
            t.backward(f);
            Var x = new Var(t, 0), w = new Var(t, 1), b = new Var(t, 2);
            assertEquals(0.25f, w.gradItem());
            assertEquals(0.25f, b.gradItem());
            assertEquals(8, t.size() - 1);
            assertTrue(!x.requiresGrad());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void forwardModeOnATape(Backend be) {
        try (Tape t = new Tape(be)) {
            Var f = e4(t);
            Var w = new Var(t, 1), b = new Var(t, 2);
            t.tangent(w)[0] = 1f;
            t.jvp(f);
            assertEquals(0.25f, t.tangent(f)[0]);
            t.tangent(w)[0] = 0f;
            t.tangent(b)[0] = 1f;
            t.jvp(f);
            assertEquals(0.25f, t.tangent(f)[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theTableShowsEachNodeAsTheNotesDo(Backend be) {
        try (Tape t = new Tape(be)) {
            Var f = e4(t);
            String table = t.explain(f);
            System.out.println(table);
            String[] lines = table.split("\n");
            assertEquals(10, lines.length, table);
            assertRow(lines[4], "h1", "w · x", "0", "∂h1/∂w = x = 1", "0.25", "1", "0");
            assertRow(lines[5], "h2", "h1 + b", "0", "∂h2/∂h1 = 1; ∂h2/∂b = 1", "0.25", "1", "1");
            assertRow(lines[6], "h3", "-h2", "0", "∂h3/∂h2 = -1", "-0.25", "-1", "-1");
            assertRow(lines[7], "h4", "exp(h3)", "1", "∂h4/∂h3 = exp(h3) = 1", "-0.25", "-1", "-1");
            assertRow(lines[8], "h5", "h4 + 1", "2", "∂h5/∂h4 = 1", "-0.25", "-1", "-1");
            assertRow(lines[9], "h6", "1 / h5", "0.5", "∂h6/∂h5 = -1/h5² = -0.25", "1", "0.25", "0.25");
            assertRow(lines[2], "w", "variable", "0", "", "0.25", "1", "0");
            assertRow(lines[3], "b", "variable", "0", "", "0.25", "0", "1");
        }
    }

    /** Columns are separated by two or more spaces. */
    private static void assertRow(String line, String... cells) {
        List<String> got = List.of(line.trim().split(" {2,}"));
        List<String> want = java.util.Arrays.stream(cells).filter(c -> !c.isEmpty()).toList();
        assertEquals(want, got, line);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aStaticGraphRunsBothModesAgain(Backend be) {
        Tape t = new Tape(be);
        Var f = e4(t);
        Var x = new Var(t, 0), w = new Var(t, 1), b = new Var(t, 2);
        StaticGraph g = t.compile(f);
        t.close();
        for (float wv : new float[] {0f, 0.5f, -2f}) {
            g.value(w)[0] = wv;
            g.forward();
            double s = 1 / (Math.exp(-(wv * 1 + 0)) + 1);
            assertEquals(s, g.outputItem(), 1e-6);
            g.backward();
            assertEquals(s * (1 - s), g.gradient(w)[0], 1e-6);
            assertEquals(s * (1 - s), g.gradient(b)[0], 1e-6);
            g.tangent(w)[0] = 0f;
            g.tangent(b)[0] = 1f;
            g.jvp();
            assertEquals(s * (1 - s), g.tangent(f)[0], 1e-6);
        }
        g.value(x)[0] = 2f;
        g.value(w)[0] = 0f;
        g.forward();
        g.backward();
        assertEquals(0.5f, g.gradient(w)[0]); // ∂f/∂w = x·σ'(0) = 2·0.25
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aStaticGraphExplainsItselfWhenCompiledWithoutSharing(Backend be) {
        Tape t = new Tape(be);
        Var f = e4(t);
        StaticGraph g = t.compile(f, false);
        try (t) {
            assertEquals(t.explain(f), g.explain());
        }
    }
}
