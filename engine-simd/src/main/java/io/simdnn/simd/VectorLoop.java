package io.simdnn.simd;

/**
 * One loop over whole vectors, which C2 compiles on its own: the one workaround for C2's inlining budget that every
 * kernel family uses.
 *
 * <p>A vector that crosses a call C2 did not inline is boxed: an allocation per vector, about ten times slower. A
 * kernel that chains several loops of 20–80 vector operations (the activations behind one dispatch, the passes of a
 * gated activation, the passes over a row of the softmax cross-entropy) exceeded C2's inlining node budget
 * (NodeCountInliningCutoff) when C2 inlined all of them into one method, so some vector helpers stayed out of line
 * and boxed. So each such loop is a {@code VectorLoop} (a class of its own, whose body C2 compiles as a method of its
 * own, within the budget) and runs only through {@link #run}, whose one call site is shared by every loop: it sees
 * many receiver classes, so C2 keeps it a virtual call. {@link #run} takes the receiver from an array by index,
 * which C2 does not fold to a constant (a constant receiver would be inlined again, whatever the profile). Only
 * arrays, offsets and scalars cross that call, never a vector.
 *
 * <p>The body's parameters are the same for every loop, so that one call site serves them all: n (a multiple of the
 * lane count), three scalars and four array regions; each loop names them as it uses them and ignores the rest.
 */
final class VectorLoop {
    /** The body of a loop: see the class comment for the parameters. Returns a sum, or 0 for a loop that has none. */
    @FunctionalInterface
    interface Body {
        double run(int n, float p, float q, float r, float[] x, int xo, float[] y, int yo, float[] t, int to,
                float[] out, int oo);
    }

    /** Every loop, by index. Written once per loop under the class lock, before its family's class is initialised. */
    private static final VectorLoop[] ALL = new VectorLoop[64];
    private static int count;

    private final Body body;
    private final int index;

    private VectorLoop(Body body, int index) {
        this.body = body;
        this.index = index;
    }

    /** A loop whose body is {@code body}: give each loop its own lambda, so that each is a class of its own. */
    static synchronized VectorLoop of(Body body) {
        if (count == ALL.length) throw new IllegalStateException("more than " + ALL.length + " vector loops");
        VectorLoop loop = new VectorLoop(body, count);
        ALL[count++] = loop;
        return loop;
    }

    /** Runs the body through the shared call site (the receiver from {@code ALL}, not this constant). */
    double run(int n, float p, float q, float r, float[] x, int xo, float[] y, int yo, float[] t, int to, float[] out,
            int oo) {
        return ALL[index].body.run(n, p, q, r, x, xo, y, yo, t, to, out, oo);
    }
}
