package io.simdnn.autodiff;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A graph traced once (by running it on a {@link Tape}) and then run many times: {@link #forward}, {@link #backward}
 * (reverse mode, the vector-Jacobian product) and {@link #jvp} (forward mode, the Jacobian-vector product). Every
 * buffer is planned and allocated when the graph is compiled, so none of these calls allocates. New data goes in
 * through the leaves: fill their arrays, or {@link #bind} a leaf to another array (a mini-batch at an offset).
 *
 * <p>Buffer plan: only the nodes the output depends on run. Every forward value is kept (reverse and forward mode
 * read them). Gradients of leaves are kept; gradients of intermediate nodes live from the pass of their last
 * consumer down to their own, and nodes whose intervals do not overlap share one buffer of their size. Not
 * thread-safe: one static graph per thread.
 */
public final class StaticGraph {
    private final Tape tape;
    private final Graph g;
    private final int out;
    private final boolean[] live;
    private final boolean shared;
    private final float[] seedOne = {1f};

    StaticGraph(Tape tape, Graph g, int out, boolean shareGradients) {
        this.tape = tape;
        this.g = g;
        this.out = out;
        this.shared = shareGradients;
        this.live = new boolean[g.size];
        live[out] = true;
        for (int i = out; i >= 0; i--) {
            if (!live[i]) continue;
            for (int j : new int[] {g.in0[i], g.in1[i], g.in2[i]}) if (j != Graph.NONE) live[j] = true;
        }
        planGradients(shareGradients);
        for (int i = 0; i <= out; i++) {
            if (g.need[i] && (live[i] || g.op[i] == Op.VARIABLE) && g.tan[i] == null) g.tan[i] = new float[g.n(i)];
        }
    }

    private void planGradients(boolean share) {
        int[] lastUse = new int[out + 1];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i <= out; i++) {
            if (!live[i] || !g.need[i]) continue;
            for (int j : new int[] {g.in0[i], g.in1[i], g.in2[i]}) if (j != Graph.NONE) lastUse[j] = i;
        }
        lastUse[out] = out;
        Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
        for (int t = out; t >= 0; t--) {
            // Nodes whose first gradient contribution arrives at t get a buffer before t releases its own.
            for (int j = 0; j <= t; j++) {
                if (lastUse[j] != t || !g.need[j] || g.op[j] == Op.VARIABLE) continue;
                if (g.op[j] == Op.CONSTANT) continue;
                ArrayDeque<float[]> q = share ? free.get(g.n(j)) : null;
                float[] buf = q == null || q.isEmpty() ? new float[g.n(j)] : q.pop();
                g.grd[j] = buf;
                g.grdOff[j] = 0;
            }
            if (share && t != out && g.need[t] && !g.op[t].isLeaf() && g.grd[t] != null && lastUse[t] >= 0) {
                free.computeIfAbsent(g.n(t), k -> new ArrayDeque<>()).push(g.grd[t]);
            }
        }
        for (int i = 0; i <= out; i++) {
            if (g.op[i] == Op.VARIABLE && g.grd[i] == null) g.grd[i] = new float[g.n(i)];
        }
    }

    private int own(Var v, String what) {
        if (v == null) throw new NullPointerException(what);
        if (v.tape != tape || v.id > out) throw new IllegalArgumentException(what + " is not a node of this graph");
        return v.id;
    }

    /** Runs the forward pass with the leaves' current values. */
    public void forward() {
        for (int i = 0; i <= out; i++) {
            if (live[i] && !g.op[i].isLeaf()) g.forward(i);
        }
    }

    /** The output's value buffer (its own array, offset 0). */
    public float[] output() {
        return g.val[out];
    }

    /** The output of a one-element graph. */
    public float outputItem() {
        return g.val[out][0];
    }

    /** Reverse mode from a scalar output (seed 1), after {@link #forward}. */
    public void backward() {
        if (g.n(out) != 1) throw new IllegalStateException("the output is " + Shapes.of(g, out) + ": pass a seed");
        backward(seedOne, 0);
    }

    /** Reverse mode seeded with dL/dy read from {@code seed[off]} (the output's size). */
    public void backward(float[] seed, int off) {
        if (!g.need[out]) throw new IllegalStateException("the output depends on no variable");
        System.arraycopy(seed, off, g.grd[out], 0, g.n(out));
        g.backward(out);
    }

    /** Forward mode after {@link #forward}: tangents J·v for the direction in the variables' tangent buffers. */
    public void jvp() {
        g.tangents(out, live);
    }

    /** The value buffer of a node (for a leaf, the array it reads; see {@link #valueOffset}). */
    public float[] value(Var v) {
        return g.val[own(v, "node")];
    }

    public int valueOffset(Var v) {
        return g.valOff[own(v, "node")];
    }

    /** Points a leaf at {@code data[off]} (same size), e.g. the next mini-batch; no copy. */
    public void bind(Var leaf, float[] data, int off) {
        int i = own(leaf, "leaf");
        if (!g.op[i].isLeaf()) throw new IllegalArgumentException(leaf + " is not a leaf");
        check(leaf, data, off, i);
        g.val[i] = data;
        g.valOff[i] = off;
    }

    /** Makes a variable's gradient land in {@code data[off]} (same size), e.g. a parameter-gradient array. */
    public void bindGradient(Var variable, float[] data, int off) {
        int i = own(variable, "variable");
        if (g.op[i] != Op.VARIABLE) throw new IllegalArgumentException(variable + " is not a variable");
        check(variable, data, off, i);
        g.grd[i] = data;
        g.grdOff[i] = off;
    }

    private void check(Var v, float[] data, int off, int i) {
        if (off < 0 || (long) off + g.n(i) > data.length) {
            throw new IndexOutOfBoundsException(v + " at offset " + off + " does not fit an array of " + data.length);
        }
    }

    /** The gradient buffer of a variable (or, compiled without sharing, of any node); see {@link #gradientOffset}. */
    public float[] gradient(Var v) {
        int i = own(v, "node");
        if (shared && g.op[i] != Op.VARIABLE) {
            throw new IllegalStateException(v + ": intermediate gradients share buffers; compile(y, false) to read them");
        }
        if (g.grd[i] == null) throw new IllegalArgumentException(v + " carries no gradient");
        return g.grd[i];
    }

    public int gradientOffset(Var v) {
        return g.grdOff[own(v, "node")];
    }

    /** The tangent buffer of a node (offset 0): a variable's direction before {@link #jvp}, J·v after. */
    public float[] tangent(Var v) {
        int i = own(v, "node");
        if (g.tan[i] == null) throw new IllegalArgumentException(v + " carries no tangent");
        return g.tan[i];
    }

    /** The table of {@link Tape#explain}, from this graph's buffers (needs a graph compiled without sharing). */
    public String explain() {
        if (shared) throw new IllegalStateException("compile(y, false) to explain: gradient buffers are shared");
        forward();
        return Explain.table(g, out, live);
    }

    /** The graph in Graphviz DOT. */
    public String dot() {
        return Explain.dot(g, out);
    }

    /** Number of distinct gradient buffers of intermediate nodes after planning (for tests and docs). */
    int intermediateGradientBuffers() {
        var seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<float[], Boolean>());
        for (int i = 0; i <= out; i++) if (g.grd[i] != null && !g.op[i].isLeaf()) seen.add(g.grd[i]);
        return seen.size();
    }

    Graph graph() {
        return g;
    }

    int outputId() {
        return out;
    }

    boolean[] live() {
        return live;
    }
}
