package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCommandTest {

    @Test
    void theNotesExampleThreeWays(@TempDir Path dir) throws Exception {
        Path dot = dir.resolve("e4.dot");
        Cli.Result r = Cli.run("grad", "1/(exp(-(w*x+b))+1)", "--at", "x=1,w=0,b=0", "--wrt", "w,b", "--dot",
                dot.toString(), "--backend", "scalar");
        System.out.println(r.out());
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.out();
        assertTrue(out.contains("f = 0.5 (double: 0.5)"), out);
        assertTrue(out.contains("h6    1 / h5    0.5    ∂h6/∂h5 = -1/h5² = -0.25"), out);
        List<String> lines = out.lines().toList();
        String dw = lines.stream().filter(l -> l.startsWith("∂f/∂w ")).findFirst().orElseThrow();
        List<String> cells = List.of(dw.split(" {2,}"));
        assertEquals(List.of("∂f/∂w", "0.25", "0.25", "0.25"), cells.subList(0, 4), dw);
        assertTrue(Math.abs(Double.parseDouble(cells.get(4)) - 0.25) < 1e-9, dw);
        assertTrue(Double.parseDouble(cells.get(5)) < 1e-9, dw);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("∂f/∂b ")), out);
        assertTrue(out.contains("∂f/∂w = exp(-(w * x + b)) * x / (exp(-(w * x + b)) + 1)^2"), out);
        String graph = Files.readString(dot);
        assertTrue(graph.startsWith("digraph"), graph);
        assertTrue(graph.contains("h6 = 1 / h5"), graph);
        assertTrue(graph.contains("n7 -> n8;"), graph);
    }

    @Test
    void aBadExpressionPointsAtTheColumn() {
        Cli.Result r = Cli.run("grad", "1/(exp(-(w*x+b)+1", "--at", "x=1,w=0,b=0");
        assertEquals(SimdnnCli.USAGE_ERROR, r.exitCode(), r::toString);
        assertEquals("  1/(exp(-(w*x+b)+1\n        ^\nerror: column 7 of the expression: '(' of exp is never closed"
                + " (see 'simdnn grad --help')\n", r.err());
    }

    @Test
    void missingAndUnknownNamesAreUsageErrors() {
        Cli.Result r = Cli.run("grad", "w*x", "--at", "x=1");
        assertEquals(SimdnnCli.USAGE_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().contains("no value for w: add it to --at (e.g. --at w=0)"), r::toString);
        r = Cli.run("grad", "w*x", "--at", "x=1,w=2,z=3");
        assertTrue(r.err().contains("--at z: the expression has no name z (its names: w, x)"), r::toString);
        r = Cli.run("grad", "w*x", "--at", "x=1,w=abc");
        assertTrue(r.err().contains("--at w=abc: not a finite number"), r::toString);
    }

    @Test
    void activationsWithoutASymbolicRuleStillGetTheOtherMethods() {
        Cli.Result r = Cli.run("grad", "gelu(x)", "--at", "x=0.5", "--backend", "scalar");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("∂f/∂x: no symbolic rule for gelu"), r::toString);
        String dx = r.out().lines().filter(l -> l.startsWith("∂f/∂x ")).findFirst().orElseThrow();
        assertTrue(dx.contains("—"), dx);
    }
}
