package io.simdnn.cli;

import io.simdnn.autodiff.Expression;
import io.simdnn.autodiff.Tape;
import io.simdnn.autodiff.Var;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simdnn grad}: one scalar function differentiated the three ways of the course notes — automatic
 * differentiation over its computation graph (reverse and forward mode, float32 on a backend), symbolic
 * differentiation and central differences (both in double) — side by side, with the graph as the notes tabulate it.
 */
@Command(name = "grad", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Differentiate a scalar expression three ways: automatic differentiation over its computation"
                + " graph (reverse and forward mode), symbolic differentiation, and central differences.",
                "",
                "Expressions: numbers (2, 0.5, 1e-3), names (x, w1, b_2), + - * / ^ (power; -x^2 is -(x^2)),"
                        + " parentheses, and the functions exp, log, sin, cos, sqrt and every activation: sigmoid,"
                        + " tanh, relu, leaky_relu, elu, softplus, swish, gelu, gelu_tanh, gelu_sigmoid,"
                        + " hard_sigmoid, hard_tanh.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn grad \"1/(exp(-(w*x+b))+1)\" --at x=1,w=0,b=0   the notes' example",
                "  simdnn grad \"1/(exp(-(w*x+b))+1)\" --at x=1,w=0,b=0 --wrt w,b  (x constant)",
                "  simdnn grad \"x^3 - 2*x*y\" --at x=2,y=1 --dot graph.dot",
                "  dot -Tpng graph.dot -o graph.png          Graphviz draws the DOT file"})
final class GradCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPRESSION", description = "The function, e.g. \"1/(exp(-(w*x+b))+1)\".")
    String expression;

    @Option(names = "--at", paramLabel = "NAME=VALUE", split = ",", required = true,
            description = "The point: a value for every name, e.g. x=1,w=0,b=0.")
    Map<String, String> at;

    @Option(names = "--wrt", paramLabel = "NAME", split = ",",
            description = "Differentiate with respect to these names only (the others are constants; default: all).")
    List<String> wrt;

    @Option(names = "--step", paramLabel = "H", defaultValue = "1e-6",
            description = "Relative step of the central differences, h = H·max(1, |value|) (default: ${DEFAULT-VALUE}).")
    double step;

    @Option(names = "--dot", paramLabel = "FILE.dot", description = "Write the computation graph in Graphviz DOT.")
    Path dot;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Expression f;
        try {
            f = Expression.parse(expression);
        } catch (Expression.ParseException e) {
            PrintWriter err = spec.commandLine().getErr();
            for (String line : e.pointer().split("\n")) err.println("  " + line);
            err.flush();
            throw new ParameterException(spec.commandLine(), "column " + e.column() + " of the expression: "
                    + e.reason());
        }
        List<String> names = f.variables();
        Map<String, Double> point = point(names);
        List<String> by = wrt == null ? names : wrt;
        for (String n : by) {
            if (!names.contains(n)) throw usage("--wrt " + n + ": the expression has no name " + n);
        }
        if (by.isEmpty()) throw usage("the expression has no names to differentiate by");
        if (!(step > 0) || Double.isInfinite(step)) throw usage("--step " + step + " must be a positive number");

        try (Tape t = new Tape(backendOptions.create())) {
            Map<String, Var> leaves = new LinkedHashMap<>();
            for (String n : names) {
                float v = point.get(n).floatValue();
                leaves.put(n, by.contains(n) ? t.variable(n, v) : t.constant(n, v));
            }
            Var y = f.record(t, leaves);
            out.println("f(" + String.join(", ", names) + ") = " + f);
            List<String> parts = new ArrayList<>();
            for (String n : names) parts.add(n + " = " + num(point.get(n)));
            out.println("at " + String.join(", ", parts) + "; the graph runs in float32 on the " + t.backend().name()
                    + " backend, symbolic and central differences in double");
            out.println();
            out.println("f = " + num(y.item()) + " (double: " + num(f.evaluate(point)) + ")");
            out.println();
            out.println("Computation graph (reverse mode: the gradient flowing into each node; forward mode: one pass"
                    + " per name):");
            out.print(t.explain(y));
            out.println();

            String[][] rows = new String[by.size() + 1][];
            rows[0] = new String[] {"", "reverse mode", "forward mode", "symbolic", "central difference",
                    "largest difference"};
            List<String> symbolic = new ArrayList<>();
            t.backward(y);
            for (int k = 0; k < by.size(); k++) {
                String n = by.get(k);
                double reverse = leaves.get(n).gradItem();
                for (String m : by) t.tangent(leaves.get(m))[0] = 0f;
                t.tangent(leaves.get(n))[0] = 1f;
                t.jvp(y);
                double forward = t.tangent(y)[0];
                Double sym = null;
                try {
                    Expression d = f.derivative(n);
                    symbolic.add("  ∂f/∂" + n + " = " + d);
                    sym = d.evaluate(point);
                } catch (UnsupportedOperationException e) {
                    symbolic.add("  ∂f/∂" + n + ": " + e.getMessage());
                }
                double central = central(f, point, n);
                double[] all = sym == null ? new double[] {reverse, forward, central}
                        : new double[] {reverse, forward, sym, central};
                double spread = 0;
                for (double a : all) for (double b : all) spread = Math.max(spread, Math.abs(a - b));
                rows[k + 1] = new String[] {"∂f/∂" + n, num(reverse), num(forward), sym == null ? "—" : num(sym),
                        num(central), String.format(Locale.ROOT, "%.1e", spread)};
            }
            out.println("Derivatives:");
            print(out, rows);
            out.println();
            out.println("Symbolic derivatives (simplified):");
            symbolic.forEach(out::println);
            if (dot != null) {
                String text = t.dot(y);
                AtomicFiles.write(dot, "graph", o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
                out.println();
                out.println("Graph written to " + dot + " (draw it with: dot -Tpng " + dot + " -o graph.png)");
            }
        }
        return 0;
    }

    private Map<String, Double> point(List<String> names) {
        Map<String, Double> point = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : at.entrySet()) {
            String n = e.getKey().strip();
            if (!names.contains(n)) {
                throw usage("--at " + n + ": the expression has no name " + n + " (its names: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
            }
            try {
                double v = Double.parseDouble(e.getValue().strip());
                if (!Double.isFinite(v)) throw new NumberFormatException();
                point.put(n, v);
            } catch (NumberFormatException ex) {
                throw usage("--at " + n + "=" + e.getValue() + ": not a finite number");
            }
        }
        for (String n : names) {
            if (!point.containsKey(n)) throw usage("no value for " + n + ": add it to --at (e.g. --at " + n + "=0)");
        }
        return point;
    }

    private double central(Expression f, Map<String, Double> point, String n) {
        double v = point.get(n), h = step * Math.max(1, Math.abs(v));
        Map<String, Double> plus = new LinkedHashMap<>(point), minus = new LinkedHashMap<>(point);
        plus.put(n, v + h);
        minus.put(n, v - h);
        return (f.evaluate(plus) - f.evaluate(minus)) / (2 * h);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Up to ten significant digits, trailing zeros dropped. */
    static String num(double v) {
        if (v == 0) return "0";
        String s = String.format(Locale.ROOT, "%.10g", v);
        if (s.contains("e")) return s.replaceAll("\\.?0+e", "e");
        return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
    }

    private static void print(PrintWriter out, String[][] rows) {
        int[] width = new int[rows[0].length];
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                line.append(r[c]).append(" ".repeat(width[c] - r[c].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
