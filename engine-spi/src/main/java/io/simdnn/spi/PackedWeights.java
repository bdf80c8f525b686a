package io.simdnn.spi;

/**
 * A weight matrix prepared once for many products, as MKL's {@code cblas_sgemm_pack} or oneDNN's weight reorder:
 * created by {@link Backend#pack}, used by {@link Backend#denseForward(int, int, int, float[], int, int,
 * PackedWeights, float[], int, Activation, float, float[], int, int)} (op(B) = Wᵀ, the forward) and
 * {@link Backend#gemm(boolean, boolean, int, int, int, float, float[], int, int, PackedWeights, float, float[], int,
 * int)} (op(B) = Wᵀ or W, the backward δ·W). W is n×k, row-major at {@link #offset()} with leading dimension
 * {@link #ld()}: rows are output units, as {@code denseForward}'s W. The handle keeps a reference to W's array, not a
 * copy, and the backend's own layout of it ({@link #layout()}: null for a backend that reads W as stored); products
 * with a handle give the same bits as the same products on W.
 *
 * <h2>Validity</h2>
 * A handle is valid while W is unchanged. After changing W (an optimiser step), call {@link #repack()}, which
 * refreshes the layout in place (no allocation), or {@link #invalidate()} until then. Every use checks, cheaply:
 * <ul>
 *   <li>an invalidated handle, or one used with another backend than its packer, throws
 *       {@link IllegalStateException};</li>
 *   <li>W changed since packing throws {@link IllegalStateException} when one of {@value #PROBES} fixed elements of W
 *       (spread over the matrix, the first and last included) changed. A change that leaves all of them untouched is
 *       not detected: a repacking backend then computes with the old weights. Call {@link #repack()} after every
 *       change.</li>
 * </ul>
 * Thread-safety: a handle is immutable between {@link #repack()} calls, so any number of threads may use it at once
 * (a predictor shares one); {@code repack} and {@code invalidate} must not run while another thread uses it.
 */
public final class PackedWeights {
    /** The number of elements of W compared on each use. */
    static final int PROBES = 16;

    private final BackendKernels owner;
    private final int n, k;
    private final float[] w;
    private final int wOff, ldw;
    private final Object layout;
    private final int[] probeAt;
    private final int[] probeBits;
    private boolean valid;

    PackedWeights(BackendKernels owner, int n, int k, float[] w, int wOff, int ldw) {
        this.owner = owner;
        this.n = n;
        this.k = k;
        this.w = w;
        this.wOff = wOff;
        this.ldw = ldw;
        long count = (long) n * k;
        int probes = (int) Math.min(PROBES, count);
        probeAt = new int[probes];
        probeBits = new int[probes];
        for (int t = 0; t < probes; t++) {
            long e = probes == 1 ? 0 : count - 1 - (count - 1) * (probes - 1 - t) / (probes - 1);
            probeAt[t] = wOff + (int) (e / k) * ldw + (int) (e % k);
        }
        this.layout = count == 0 ? null : owner.packWeights(n, k, w, wOff, ldw);
        record();
    }

    /** n: rows of W (output units). */
    public int rows() {
        return n;
    }

    /** k: columns of W (inputs). */
    public int columns() {
        return k;
    }

    /** The array holding W (the caller's, not a copy). */
    public float[] weights() {
        return w;
    }

    /** Offset of W in {@link #weights()}. */
    public int offset() {
        return wOff;
    }

    /** Leading dimension of W in {@link #weights()}. */
    public int ld() {
        return ldw;
    }

    /** The packing backend's layout of W, opaque to callers; null when the backend reads W as stored. */
    public Object layout() {
        return layout;
    }

    /** Refreshes the layout from W's current values, in place, and makes the handle valid again. */
    public void repack() {
        if (layout != null) owner.repackWeights(layout, n, k, w, wOff, ldw);
        record();
    }

    /** Marks the handle stale (W is being changed): using it throws until {@link #repack()}. */
    public void invalidate() {
        valid = false;
    }

    /** Whether the handle is usable: not invalidated and, as far as the probes see, W is unchanged since packing. */
    public boolean isValid() {
        return valid && probesMatch() < 0;
    }

    private void record() {
        for (int t = 0; t < probeAt.length; t++) probeBits[t] = Float.floatToRawIntBits(w[probeAt[t]]);
        valid = true;
    }

    /** The first probe whose element changed, or −1. */
    private int probesMatch() {
        for (int t = 0; t < probeAt.length; t++) {
            if (Float.floatToRawIntBits(w[probeAt[t]]) != probeBits[t]) return t;
        }
        return -1;
    }

    /** Throws unless this handle may be used with {@code kernels}; the facade calls it on every use. */
    void checkUsable(String name, BackendKernels kernels) {
        if (owner != kernels) {
            throw new IllegalStateException(name + " was packed by backend '" + owner.name() + "', not by this '"
                    + kernels.name() + "' instance: pack it with the backend that uses it");
        }
        if (!valid) throw new IllegalStateException(name + " was invalidated: call repack() after changing W");
        int t = probesMatch();
        if (t >= 0) {
            int e = probeAt[t] - wOff;
            throw new IllegalStateException(name + " is stale: W[" + e / ldw + "][" + e % ldw + "] changed from "
                    + Float.intBitsToFloat(probeBits[t]) + " to " + w[probeAt[t]]
                    + " since it was packed: call repack() after changing W");
        }
    }

    @Override
    public String toString() {
        return "PackedWeights[" + n + "x" + k + (layout == null ? ", unpacked" : ", packed") + "]";
    }
}
