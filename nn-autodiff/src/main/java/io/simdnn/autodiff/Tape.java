package io.simdnn.autodiff;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import java.util.Arrays;

/**
 * A dynamic computation graph (define by run): each op on a {@link Var} is recorded and computed at once, so the
 * graph may differ from one call to the next. {@link #backward} then runs reverse mode over the recording and
 * {@link #jvp} forward mode; {@link #compile} freezes the recording into a {@link StaticGraph} that runs again and
 * again without allocating.
 *
 * <pre>{@code
 * try (Tape t = new Tape(backend)) {
 *     Var x = t.constant("x", 1f), w = t.variable("w", 0f), b = t.variable("b", 0f);
 *     Var f = w.mul(x).add(b).neg().exp().add(1f).rdiv(1f);   // 1/(exp(−(w·x + b)) + 1)
 *     t.backward(f);                                           // w.gradItem() = b.gradItem() = 0.25
 * }
 * }</pre>
 *
 * Leaves read the caller's arrays (no copy): changing the array between ops changes what later ops see. Each
 * recorded op allocates its value buffer (and {@code backward} the gradient buffers): the cost of a dynamic graph.
 * Not thread-safe.
 */
public final class Tape implements AutoCloseable {
    private final Graph g;
    private boolean closed, frozen;

    public Tape(Backend backend) {
        if (backend == null) throw new NullPointerException("backend");
        this.g = new Graph(backend);
    }

    /** A tape on the default backend ({@link Backends#get()}). */
    public Tape() {
        this(Backends.get());
    }

    public Backend backend() {
        return g.be;
    }

    Graph graph() {
        if (closed) throw new IllegalStateException("the tape is closed");
        return g;
    }

    /** Number of recorded nodes (leaves included). */
    public int size() {
        return g.size;
    }

    // ------------------------------------------------------------------------------------------------ leaves

    /** A scalar the gradient is computed for. */
    public Var variable(String name, float value) {
        return leaf(Op.VARIABLE, name, new float[] {value}, 0, 0, 1, 1);
    }

    /** A vector (rank 1) the gradient is computed for; the tape reads {@code data} in place. */
    public Var variable(String name, float[] data) {
        return leaf(Op.VARIABLE, name, data, 0, 1, 1, data.length);
    }

    /** A rows×cols matrix at {@code data[off]} the gradient is computed for; the tape reads it in place. */
    public Var variable(String name, float[] data, int off, int rows, int cols) {
        return leaf(Op.VARIABLE, name, data, off, 2, rows, cols);
    }

    public Var constant(String name, float value) {
        return leaf(Op.CONSTANT, name, new float[] {value}, 0, 0, 1, 1);
    }

    public Var constant(String name, float[] data) {
        return leaf(Op.CONSTANT, name, data, 0, 1, 1, data.length);
    }

    public Var constant(String name, float[] data, int off, int rows, int cols) {
        return leaf(Op.CONSTANT, name, data, off, 2, rows, cols);
    }

    private Var leaf(Op o, String name, float[] data, int off, int rank, int rows, int cols) {
        requireOpen();
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a leaf needs a name");
        if (data == null) throw new NullPointerException("data of " + name);
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": negative shape " + rows + "x" + cols);
        }
        long need = (long) rows * cols;
        if (off < 0 || off + need > data.length) {
            throw new IndexOutOfBoundsException(name + ": " + Shapes.describe(rank, rows, cols) + " at offset " + off
                    + " does not fit an array of " + data.length);
        }
        int i = g.record(o, Graph.NONE, Graph.NONE, Graph.NONE, rows, cols, rank, Float.NaN, null, 0);
        g.name[i] = name;
        g.val[i] = data;
        g.valOff[i] = off;
        return new Var(this, i);
    }

    // ------------------------------------------------------------------------------------------------ ops

    private void requireOpen() {
        if (closed) throw new IllegalStateException("the tape is closed");
        if (frozen) throw new IllegalStateException("the tape was compiled into a static graph; record on a new tape");
    }

    private int own(Var v, String what) {
        if (v == null) throw new NullPointerException(what);
        if (v.tape != this) throw new IllegalArgumentException(what + " " + v + " belongs to another tape");
        return v.id;
    }

    private Var done(int i) {
        g.forward(i);
        return new Var(this, i);
    }

    Var unary(Op o, Var x, float c) {
        requireOpen();
        int a = own(x, "operand");
        return done(g.record(o, a, Graph.NONE, Graph.NONE, g.rows[a], g.cols[a], g.rank[a], c, null, 0));
    }

    Var activate(Var x, Activation f, float p) {
        requireOpen();
        if (f == null) throw new NullPointerException("activation");
        int a = own(x, "operand");
        return done(g.record(Op.ACTIVATE, a, Graph.NONE, Graph.NONE, g.rows[a], g.cols[a], g.rank[a], p, f, 0));
    }

    Var binary(Op o, Var x, Var y) {
        requireOpen();
        int a = own(x, "left operand"), b = own(y, "right operand");
        if (g.rows[a] != g.rows[b] || g.cols[a] != g.cols[b]) {
            throw new IllegalArgumentException(o.name().toLowerCase() + ": shapes " + Shapes.of(g, a) + " and "
                    + Shapes.of(g, b) + " differ (use addBias for a row vector, or a float constant)");
        }
        return done(g.record(o, a, b, Graph.NONE, g.rows[a], g.cols[a], Math.max(g.rank[a], g.rank[b]), Float.NaN,
                null, 0));
    }

    Var matmul(Var x, Var y, boolean ta, boolean tb) {
        requireOpen();
        int a = own(x, "left operand"), b = own(y, "right operand");
        int m = ta ? g.cols[a] : g.rows[a], k = ta ? g.rows[a] : g.cols[a];
        int kb = tb ? g.cols[b] : g.rows[b], n = tb ? g.rows[b] : g.cols[b];
        if (k != kb) {
            throw new IllegalArgumentException("matmul: " + (ta ? "transposed " : "") + Shapes.of(g, a) + " times "
                    + (tb ? "transposed " : "") + Shapes.of(g, b) + ": inner sizes " + k + " and " + kb + " differ");
        }
        return done(g.record(Op.MATMUL, a, b, Graph.NONE, m, n, 2, Float.NaN, null, (ta ? 1 : 0) | (tb ? 2 : 0)));
    }

    Var linear(Var x, Var w, Var bias) {
        requireOpen();
        int a = own(x, "input"), b = own(w, "weights"), c = bias == null ? Graph.NONE : own(bias, "bias");
        if (g.cols[b] != g.cols[a]) {
            throw new IllegalArgumentException("linear: weights " + Shapes.of(g, b) + " (stored [out, in]) need "
                    + g.cols[a] + " columns, the input's " + Shapes.of(g, a) + " columns");
        }
        if (c != Graph.NONE && g.n(c) != g.rows[b]) {
            throw new IllegalArgumentException("linear: bias of " + g.n(c) + " elements for " + g.rows[b] + " outputs");
        }
        return done(g.record(Op.LINEAR, a, b, c, g.rows[a], g.rows[b], g.rank[a] == 2 ? 2 : 1, Float.NaN, null, 0));
    }

    Var addBias(Var x, Var bias) {
        requireOpen();
        int a = own(x, "input"), b = own(bias, "bias");
        if (g.n(b) != g.cols[a] || g.rows[b] != 1) {
            throw new IllegalArgumentException("addBias: bias " + Shapes.of(g, b) + " must be a vector of "
                    + g.cols[a] + " (the columns of " + Shapes.of(g, a) + ")");
        }
        return done(g.record(Op.ADD_BIAS, a, b, Graph.NONE, g.rows[a], g.cols[a], g.rank[a], Float.NaN, null, 0));
    }

    Var reduce(Op o, Var x, int axis) {
        requireOpen();
        int a = own(x, "operand");
        if (axis < -1 || axis > 1) throw new IllegalArgumentException(o.symbol() + ": axis " + axis + " (use 0 or 1)");
        if (axis != -1 && g.rank[a] != 2) {
            throw new IllegalArgumentException(o.symbol() + " over axis " + axis + " needs a matrix, not "
                    + Shapes.of(g, a));
        }
        int n = axis == -1 ? 1 : axis == 0 ? g.cols[a] : g.rows[a];
        return done(g.record(o, a, Graph.NONE, Graph.NONE, 1, n, axis == -1 ? 0 : 1, Float.NaN, null, axis));
    }

    Var reshape(Var x, int... dims) {
        requireOpen();
        int a = own(x, "operand");
        if (dims.length > 2) throw new IllegalArgumentException("reshape: rank " + dims.length + " (at most 2)");
        int rows = dims.length == 2 ? dims[0] : 1, cols = dims.length == 0 ? 1 : dims[dims.length - 1];
        if (rows < 0 || cols < 0 || (long) rows * cols != g.n(a)) {
            throw new IllegalArgumentException("reshape: " + Shapes.of(g, a) + " (" + g.n(a) + " elements) into "
                    + Arrays.toString(dims));
        }
        return done(g.record(Op.RESHAPE, a, Graph.NONE, Graph.NONE, rows, cols, dims.length, Float.NaN, null, 0));
    }

    Var transpose(Var x) {
        requireOpen();
        int a = own(x, "operand");
        return done(g.record(Op.TRANSPOSE, a, Graph.NONE, Graph.NONE, g.cols[a], g.rows[a], g.rank[a] == 0 ? 0 : 2,
                Float.NaN, null, 0));
    }

    Var rowwise(Op o, Var x) {
        requireOpen();
        int a = own(x, "operand");
        if (g.cols[a] == 0) throw new IllegalArgumentException(o.symbol() + " of rows with no columns");
        if (o == Op.LOG_SUM_EXP) {
            return done(g.record(o, a, Graph.NONE, Graph.NONE, 1, g.rows[a], g.rank[a] == 2 ? 1 : 0, Float.NaN, null,
                    0));
        }
        return done(g.record(o, a, Graph.NONE, Graph.NONE, g.rows[a], g.cols[a], g.rank[a], Float.NaN, null, 0));
    }

    Var loss(Op o, Var logits, Var target) {
        requireOpen();
        int a = own(logits, "logits"), b = own(target, "target");
        if (g.rows[a] != g.rows[b] || g.cols[a] != g.cols[b]) {
            throw new IllegalArgumentException(o.symbol() + ": logits " + Shapes.of(g, a) + " and target "
                    + Shapes.of(g, b) + " differ");
        }
        if (g.need[b]) {
            throw new IllegalArgumentException(o.symbol() + ": the target " + target
                    + " depends on a variable; targets carry no gradient (use a constant or stopGradient())");
        }
        if (g.rows[a] == 0) throw new IllegalArgumentException(o.symbol() + " of no rows");
        return done(g.record(o, a, b, Graph.NONE, 1, 1, 0, Float.NaN, null, 0));
    }

    // ------------------------------------------------------------------------------------------------ modes

    /** Reverse mode from a scalar: the gradient of {@code y} with respect to every node it depends on. */
    public void backward(Var y) {
        int i = own(y, "output");
        if (g.n(i) != 1) {
            throw new IllegalArgumentException("backward(" + y + "): the output is not a scalar; pass a seed");
        }
        backward(y, new float[] {1f});
    }

    /** Reverse mode seeded with dL/dy = {@code seed} (y's shape): the vector-Jacobian product seedᵀ·J. */
    public void backward(Var y, float[] seed) {
        int i = own(y, "output");
        if (closed) throw new IllegalStateException("the tape is closed");
        if (seed.length != g.n(i)) {
            throw new IllegalArgumentException("seed of " + seed.length + " elements for " + y);
        }
        if (!g.need[i]) throw new IllegalArgumentException(y + " depends on no variable: nothing to differentiate");
        for (int k = 0; k <= i; k++) {
            if (g.need[k] && g.grd[k] == null) g.grd[k] = new float[g.n(k)];
        }
        System.arraycopy(seed, 0, g.grd[i], 0, seed.length);
        g.backward(i);
    }

    /**
     * The tangent buffer of a variable (zeros at first): fill it with the direction v before {@link #jvp}; for any
     * node after {@code jvp}, its tangent J·v. The array is the tape's own.
     */
    public float[] tangent(Var v) {
        int i = own(v, "node");
        if (!g.need[i]) throw new IllegalArgumentException(v + " depends on no variable: it has no tangent");
        if (g.tan[i] == null) g.tan[i] = new float[g.n(i)];
        return g.tan[i];
    }

    /** Forward mode up to {@code y}: every node's tangent J·v for the direction set in the variables' tangents. */
    public void jvp(Var y) {
        int i = own(y, "output");
        if (closed) throw new IllegalStateException("the tape is closed");
        for (int k = 0; k <= i; k++) {
            if (g.need[k] && g.tan[k] == null) g.tan[k] = new float[g.n(k)];
        }
        g.tangents(i, null);
    }

    /**
     * The graph as the course notes tabulate it: each node with its op, value and local derivatives, the gradient
     * ∂y/∂h from a reverse pass and, per variable v, the tangent ∂h/∂v from a forward pass seeded with v (tensor
     * nodes show their shape and first values). Runs those passes, overwriting gradients and tangents.
     */
    public String explain(Var y) {
        int i = own(y, "output");
        return Explain.table(this, i);
    }

    /** The graph up to {@code y} in Graphviz DOT. */
    public String dot(Var y) {
        return Explain.dot(g, own(y, "output"));
    }

    /** Freezes the recording into a static graph computing {@code y}, with gradient buffers shared by liveness. */
    public StaticGraph compile(Var y) {
        return compile(y, true);
    }

    /**
     * Freezes the recording into a static graph computing {@code y}: buffers are planned and allocated once, then
     * forward, reverse and forward mode run without allocating. {@code shareGradients} lets intermediate nodes
     * whose gradients are never alive at once share one buffer (their gradients then cannot be read afterwards).
     */
    public StaticGraph compile(Var y, boolean shareGradients) {
        int i = own(y, "output");
        requireOpen();
        frozen = true;
        return new StaticGraph(this, g, i, shareGradients);
    }

    /** Releases the recording; the tape's vars can no longer be used (a compiled static graph stays valid). */
    @Override
    public void close() {
        closed = true;
    }
}
