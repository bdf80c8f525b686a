package io.simdnn.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The graph printed as the course notes print it (a table of nodes h_i), and as Graphviz DOT. */
final class Explain {
    private Explain() {}

    /** Leaves by name, the other nodes h1, h2, … in recording order. */
    static String label(Graph g, int i) {
        if (g.op[i].isLeaf()) return g.name[i];
        int h = 0;
        for (int k = 0; k <= i; k++) if (!g.op[k].isLeaf()) h++;
        return "h" + h;
    }

    static String[] labels(Graph g, int out) {
        String[] l = new String[out + 1];
        int h = 0;
        for (int k = 0; k <= out; k++) l[k] = g.op[k].isLeaf() ? g.name[k] : "h" + ++h;
        return l;
    }

    static boolean[] live(Graph g, int out) {
        boolean[] live = new boolean[out + 1];
        live[out] = true;
        for (int i = out; i >= 0; i--) {
            if (!live[i]) continue;
            for (int j : new int[] {g.in0[i], g.in1[i], g.in2[i]}) if (j != Graph.NONE) live[j] = true;
        }
        return live;
    }

    static String table(Tape t, int out) {
        Graph g = t.graph();
        for (int k = 0; k <= out; k++) {
            if (g.need[k] && g.grd[k] == null) g.grd[k] = new float[g.n(k)];
            if (g.need[k] && g.tan[k] == null) g.tan[k] = new float[g.n(k)];
        }
        return table(g, out, live(g, out));
    }

    /** Needs gradient and tangent buffers of their own for every node that carries them. */
    static String table(Graph g, int out, boolean[] live) {
        String[] l = labels(g, out);
        List<Integer> vars = new ArrayList<>();
        for (int i = 0; i <= out; i++) if (live[i] && g.op[i] == Op.VARIABLE) vars.add(i);

        String[] grad = new String[out + 1];
        if (g.need[out]) {
            Arrays.fill(g.grd[out], 0, g.n(out), 1f);
            g.backward(out);
            for (int i = 0; i <= out; i++) if (live[i] && g.need[i] && g.grdSet[i]) grad[i] = tensor(g.grd[i], g.grdOff[i], g.n(i));
        }
        String[][] tangent = new String[vars.size()][out + 1];
        for (int v = 0; v < vars.size(); v++) {
            for (int w : vars) Arrays.fill(g.tan[w], 0f);
            Arrays.fill(g.tan[vars.get(v)], 1f);
            g.tangents(out, live);
            for (int i = 0; i <= out; i++) {
                if (live[i] && g.need[i]) tangent[v][i] = tensor(g.tan[i], 0, g.n(i));
            }
        }
        for (int w : vars) Arrays.fill(g.tan[w], 0f);

        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("node", "op", "value", "local derivative",
                "∂" + l[out] + "/∂node (reverse)"));
        for (int v : vars) head.add("∂node/∂" + l[v] + " (forward)");
        rows.add(head.toArray(String[]::new));
        for (int i = 0; i <= out; i++) {
            if (!live[i]) continue;
            String[] r = new String[head.size()];
            r[0] = l[i];
            r[1] = g.op[i].isLeaf() ? g.op[i].symbol() : expression(g, i, l);
            r[2] = tensor(g.val[i], g.valOff[i], g.n(i));
            r[3] = g.op[i].isLeaf() ? "" : local(g, i, l);
            r[4] = grad[i] == null ? "" : grad[i];
            for (int v = 0; v < vars.size(); v++) r[5 + v] = tangent[v][i] == null ? "" : tangent[v][i];
            rows.add(r);
        }
        int[] width = new int[head.size()];
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                line.append(r[c]);
                if (c < r.length - 1) line.append(" ".repeat(width[c] - r[c].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** The op in the notes' notation, its inputs by label. */
    static String expression(Graph g, int i, String[] l) {
        String a = g.in0[i] == Graph.NONE ? "" : l[g.in0[i]], b = g.in1[i] == Graph.NONE ? "" : l[g.in1[i]];
        float c = g.cst[i];
        return switch (g.op[i]) {
            case VARIABLE, CONSTANT -> g.name[i];
            case ADD -> a + " + " + b;
            case SUB -> a + " - " + b;
            case MUL -> a + " · " + b;
            case DIV -> a + " / " + b;
            case NEG -> "-" + a;
            case ADD_C -> c < 0 ? a + " - " + num(-c) : a + " + " + num(c);
            case MUL_C -> a + " · " + num(c);
            case RSUB_C -> num(c) + " - " + a;
            case DIV_C -> a + " / " + num(c);
            case RDIV_C -> num(c) + " / " + a;
            case POW_C -> a + "^" + num(c);
            case EXP, LOG, SIN, COS, SQRT, SOFTMAX -> g.op[i].name().toLowerCase(Locale.ROOT) + "(" + a + ")";
            case ACTIVATE -> g.act[i].name().toLowerCase(Locale.ROOT) + "(" + a
                    + (g.act[i].hasParameter() ? "; " + num(c) : "") + ")";
            case MATMUL -> a + ((g.attr[i] & 1) != 0 ? "ᵀ" : "") + " · " + b + ((g.attr[i] & 2) != 0 ? "ᵀ" : "");
            case LINEAR -> a + " · " + b + "ᵀ" + (g.in2[i] == Graph.NONE ? "" : " + " + l[g.in2[i]]);
            case ADD_BIAS -> a + " + " + b + " (each row)";
            case SUM, MEAN -> g.op[i].symbol() + "(" + a + (g.attr[i] == -1 ? "" : ", axis " + g.attr[i]) + ")";
            case RESHAPE -> "reshape(" + a + ")";
            case TRANSPOSE -> a + "ᵀ";
            case LOG_SOFTMAX -> "log_softmax(" + a + ")";
            case LOG_SUM_EXP -> "logsumexp(" + a + ")";
            case SOFTMAX_CE -> "softmax_cross_entropy(" + a + ", " + b + ")";
            case SIGMOID_CE -> "sigmoid_cross_entropy(" + a + ", " + b + ")";
            case STOP_GRADIENT -> "stop_gradient(" + a + ")";
        };
    }

    /** ∂h/∂input for each input carrying a gradient, as a formula and, for scalars, its value. */
    private static String local(Graph g, int i, String[] l) {
        if (g.op[i] == Op.STOP_GRADIENT) return "0";
        List<String> parts = new ArrayList<>();
        int[] inputs = {g.in0[i], g.in1[i], g.in2[i]};
        for (int k = 0; k < 3; k++) {
            int j = inputs[k];
            if (j == Graph.NONE || !g.need[j]) continue;
            if (k > 0 && j == inputs[k - 1]) continue;
            String formula = formula(g, i, k, l);
            String value = g.n(i) == 1 && g.n(j) == 1 ? num(localValue(g, i, j)) : null;
            StringBuilder s = new StringBuilder("∂" + l[i] + "/∂" + l[j]);
            if (formula != null) s.append(" = ").append(formula);
            if (value != null && (formula == null || !formula.equals(value))) s.append(" = ").append(value);
            if (formula == null && value == null) s.append(": Jacobian ").append(Shapes.of(g, i)).append(" by ")
                    .append(Shapes.of(g, j));
            parts.add(s.toString());
        }
        return String.join("; ", parts);
    }

    private static String formula(Graph g, int i, int k, String[] l) {
        String a = l[g.in0[i]], b = g.in1[i] == Graph.NONE ? "" : l[g.in1[i]];
        float c = g.cst[i];
        if (g.n(i) != 1) return null;
        return switch (g.op[i]) {
            case ADD, ADD_C, RESHAPE -> "1";
            case SUB -> k == 0 ? "1" : "-1";
            case MUL -> k == 0 ? b : a;
            case DIV -> k == 0 ? "1/" + b : "-" + a + "/" + b + "²";
            case NEG, RSUB_C -> "-1";
            case MUL_C -> num(c);
            case DIV_C -> "1/" + num(c);
            case RDIV_C -> "-" + num(c) + "/" + a + "²";
            case POW_C -> num(c) + "·" + a + "^" + num(c - 1);
            case EXP -> "exp(" + a + ")";
            case LOG -> "1/" + a;
            case SIN -> "cos(" + a + ")";
            case COS -> "-sin(" + a + ")";
            case SQRT -> "1/(2·sqrt(" + a + "))";
            case ACTIVATE -> g.act[i].name().toLowerCase(Locale.ROOT) + "'(" + a + ")";
            default -> null;
        };
    }

    /** ∂h_i/∂h_j for one-element nodes: node i's forward-mode kernel with tangent 1 on j and 0 elsewhere. */
    private static float localValue(Graph g, int i, int j) {
        int[] inputs = {g.in0[i], g.in1[i], g.in2[i]};
        float[][] saved = new float[3][];
        for (int k = 0; k < 3; k++) {
            int in = inputs[k];
            if (in == Graph.NONE || !g.need[in]) continue;
            saved[k] = g.tan[in];
        }
        for (int k = 0; k < 3; k++) {
            int in = inputs[k];
            if (saved[k] != null) g.tan[in] = new float[g.n(in)];
        }
        g.tan[j][0] = 1f;
        float[] own = g.tan[i];
        g.tan[i] = new float[g.n(i)];
        g.tangent(i);
        float d = g.tan[i][0];
        g.tan[i] = own;
        for (int k = 0; k < 3; k++) if (saved[k] != null) g.tan[inputs[k]] = saved[k];
        return d;
    }

    /** A scalar as a number, a tensor as its shape and first values. */
    static String tensor(float[] a, int off, int n) {
        if (n == 1) return num(a[off]);
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < Math.min(n, 3); k++) sb.append(k > 0 ? ", " : "").append(num(a[off + k]));
        return sb.append(n > 3 ? ", … (" + n + ")]" : "]").toString();
    }

    /** Shortest float text: integers without a point, 0.25 as 0.25. */
    static String num(double v) {
        if (v == 0) return "0";
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return Long.toString((long) v);
        float f = (float) v;
        if (Math.abs(f) >= 1e-4 && Math.abs(f) < 1e7) return Float.toString(f);
        return String.format(Locale.ROOT, "%.6e", v);
    }

    static String dot(Graph g, int out) {
        String[] l = labels(g, out);
        boolean[] live = live(g, out);
        StringBuilder sb = new StringBuilder("digraph graph_of_" + l[out] + " {\n  rankdir=LR;\n"
                + "  node [fontname=\"Helvetica\"];\n");
        for (int i = 0; i <= out; i++) {
            if (!live[i]) continue;
            String text = (g.op[i].isLeaf() ? l[i] : l[i] + " = " + expression(g, i, l)) + "\\n"
                    + tensor(g.val[i], g.valOff[i], g.n(i));
            if (g.need[i] && g.grd[i] != null && g.grdSet[i]) {
                text += "\\ngrad " + tensor(g.grd[i], g.grdOff[i], g.n(i));
            }
            String shape = g.op[i] == Op.VARIABLE ? "doublecircle" : g.op[i] == Op.CONSTANT ? "box" : "ellipse";
            sb.append("  n").append(i).append(" [label=\"").append(text.replace("\"", "\\\"")).append("\", shape=")
                    .append(shape).append("];\n");
        }
        for (int i = 0; i <= out; i++) {
            if (!live[i]) continue;
            for (int j : new int[] {g.in0[i], g.in1[i], g.in2[i]}) {
                if (j != Graph.NONE) sb.append("  n").append(j).append(" -> n").append(i).append(";\n");
            }
        }
        return sb.append("}\n").toString();
    }
}
