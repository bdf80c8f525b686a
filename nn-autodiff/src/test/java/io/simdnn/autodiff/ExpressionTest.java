package io.simdnn.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simdnn.spi.Backends;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing, symbolic differentiation and the comparison of the three methods of the notes on one function. */
class ExpressionTest {

    @Test
    void e4AsTheNotesDecomposeIt() {
        Expression f = Expression.parse("1/(exp(-(w*x+b))+1)");
        assertEquals("1 / (exp(-(w * x + b)) + 1)", f.toString());
        assertEquals(java.util.List.of("w", "x", "b"), f.variables());
        Map<String, Double> at = Map.of("x", 1.0, "w", 0.0, "b", 0.0);
        assertEquals(0.5, f.evaluate(at));
        Expression dw = f.derivative("w");
        assertEquals("exp(-(w * x + b)) * x / (exp(-(w * x + b)) + 1)^2", dw.toString());
        assertEquals(0.25, dw.evaluate(at));
        assertEquals("exp(-(w * x + b)) / (exp(-(w * x + b)) + 1)^2", f.derivative("b").toString());
        try (Tape t = new Tape(Backends.get("scalar"))) {
            Map<String, Var> leaves = new LinkedHashMap<>();
            leaves.put("w", t.variable("w", 0f));
            leaves.put("x", t.constant("x", 1f));
            leaves.put("b", t.variable("b", 0f));
            Var y = f.record(t, leaves);
            String table = t.explain(y);
            assertEquals(6, table.lines().filter(l -> l.startsWith("h")).count(), table);
            assertEquals(0.25f, leaves.get("w").gradItem());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "x^2 + 3*x; x; 2 * x + 3",
            "sin(x)*cos(x); x; cos(x) * cos(x) - sin(x) * sin(x)",
            "log(x); x; 1 / x",
            "sqrt(x); x; 1 / (2 * sqrt(x))",
            "x*y - y; y; x - 1",
            "-x^2; x; -(2 * x)",
            "tanh(x); x; 1 - tanh(x)^2",
            "sigmoid(2*x); x; 2 * sigmoid(2 * x) * (1 - sigmoid(2 * x))",
            "x^y; y; x^y * log(x)",
            "3; x; 0",
            "x/y; y; -(x / y^2)"})
    void symbolicDerivativesAreSimplified(String text, String var, String want) {
        assertEquals(want, Expression.parse(text).derivative(var).toString());
    }

    /** Reverse mode, forward mode, the symbolic derivative and central differences agree on each function. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "1/(exp(-(w*x+b))+1); x=1.5,w=-0.7,b=0.3",
            "x^3 - 2*x*y + sin(y)/y; x=0.8,y=1.9",
            "sqrt(x*x + y*y) * log(x + 2); x=0.6,y=-1.2",
            "tanh(a) * sigmoid(b) + softplus(a - b)^2; a=0.4,b=-0.9",
            "x^y + 2^x; x=1.3,y=0.7"})
    void threeMethodsAgree(String text, String point) {
        Expression f = Expression.parse(text);
        Map<String, Double> at = new HashMap<>();
        for (String kv : point.split(",")) at.put(kv.split("=")[0], Double.parseDouble(kv.split("=")[1]));
        try (Tape t = new Tape(Backends.get("scalar"))) {
            Map<String, Var> leaves = new LinkedHashMap<>();
            for (String name : f.variables()) leaves.put(name, t.variable(name, at.get(name).floatValue()));
            Var y = f.record(t, leaves);
            assertEquals(f.evaluate(at), y.item(), 1e-5 * Math.max(1, Math.abs(f.evaluate(at))));
            t.backward(y);
            for (String name : f.variables()) {
                double symbolic = f.derivative(name).evaluate(at);
                double h = 1e-6;
                Map<String, Double> plus = new HashMap<>(at), minus = new HashMap<>(at);
                plus.put(name, at.get(name) + h);
                minus.put(name, at.get(name) - h);
                double central = (f.evaluate(plus) - f.evaluate(minus)) / (2 * h);
                double tol = 1e-4 * Math.max(1, Math.abs(symbolic));
                assertEquals(symbolic, central, tol, name + " central");
                assertEquals(symbolic, leaves.get(name).gradItem(), tol, name + " reverse");
                for (Var v : leaves.values()) t.tangent(v)[0] = 0f;
                t.tangent(leaves.get(name))[0] = 1f;
                t.jvp(y);
                assertEquals(symbolic, t.tangent(y)[0], tol, name + " forward");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "1/(exp(-(w*x+b)+1; 7; '(' of exp is never closed",
            "(x+1; 1; '(' is never closed",
            "w*x+; 5; expected a number, a name or '(' but the expression ended",
            "2*(x))+1; 6; unmatched ')'",
            "foo(x); 1; unknown function 'foo'",
            "x $ y; 3; unexpected '$'",
            "; 1; empty expression",
            "1e+; 2; malformed exponent",
            "x*(); 4; expected a number, a name or '(' before ')'"})
    void badExpressionsNameTheColumn(String text, int column, String message) {
        var e = assertThrows(Expression.ParseException.class, () -> Expression.parse(text == null ? "" : text));
        assertEquals(column, e.column(), e.getMessage());
        assertEquals(true, e.getMessage().startsWith("column " + column + ": " + message), e.getMessage());
    }
}
