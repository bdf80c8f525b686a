package io.simdnn.model;

import io.simdnn.spi.Backend;
import io.simdnn.spi.PackedWeights;

/**
 * A reusable inference context for one thread: the buffers a forward pass needs, allocated once, so that
 * {@code predict} allocates nothing. Not thread-safe; the {@link Network} it reads is, so each thread makes its own
 * predictor of a shared network. Outputs are linked (probabilities for softmax and sigmoid). The weight matrices are
 * packed once per network ({@link io.simdnn.spi.Backend#pack}) and shared by its predictors.
 */
public final class Predictor {
    private final Network network;
    private final Backend backend;
    private final Stage[] stages;
    private final float[][] p;
    private final PackedWeights[] pw;
    private final int capacity;
    private final float[] bufferA, bufferB, z;
    private final int[] argmax;

    Predictor(Network network, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("maxBatch = " + capacity + " must be at least 1");
        this.network = network;
        this.backend = network.backend();
        this.stages = network.stages();
        this.p = network.values();
        this.pw = network.packed();
        this.capacity = capacity;
        int width = 1, zw = 1;
        for (Stage s : stages) {
            width = Math.max(width, s.out);
            zw = Math.max(zw, s.zWidth());
        }
        bufferA = new float[capacity * width];
        bufferB = new float[capacity * width];
        boolean maxout = false;
        for (Stage s : stages) maxout |= s instanceof Stage.Maxout;
        z = maxout ? new float[capacity * zw] : null;
        argmax = maxout ? new int[capacity * width] : null;
    }

    public Network network() {
        return network;
    }

    /** One sample: {@code inputSize} values from {@code in[inOff]} to {@code outputSize} values at {@code out[outOff]}. */
    public void predict(float[] in, int inOff, float[] out, int outOff) {
        predict(1, in, inOff, out, outOff);
    }

    /** {@code rows} samples, row-major and contiguous, in and out. */
    public void predict(int rows, float[] in, int inOff, float[] out, int outOff) {
        if (rows < 0) throw new IllegalArgumentException("rows = " + rows + " must not be negative");
        int nIn = network.inputSize(), nOut = network.outputSize();
        checkRows("input", in, inOff, rows, nIn);
        checkRows("output", out, outOff, rows, nOut);
        for (int r = 0; r < rows; r += capacity) {
            int m = Math.min(capacity, rows - r);
            forward(m, in, inOff + r * nIn, out, outOff + r * nOut);
        }
    }

    /** A clear message for the common mistake of a buffer too short for the rows (the SPI would name its kernel). */
    static void checkRows(String what, float[] a, int off, int rows, int width) {
        long end = (long) off + (long) rows * width;
        if (off < 0 || end > a.length) {
            throw new IndexOutOfBoundsException(what + ": " + rows + (rows == 1 ? " row" : " rows") + " of " + width
                    + " values from offset " + off + " need indices up to " + (end - 1) + " but the array has length "
                    + a.length);
        }
    }

    private void forward(int m, float[] in, int inOff, float[] out, int outOff) {
        float[] cur = in;
        int curOff = inOff;
        int last = stages.length - 1;
        for (int i = 0; i <= last; i++) {
            Stage s = stages[i];
            if (s instanceof Stage.Dropout) continue;
            float[] dst = i == last ? out : cur == bufferA ? bufferB : bufferA;
            int dstOff = i == last ? outOff : 0;
            s.infer(backend, p, pw, m, cur, curOff, dst, dstOff, z, argmax);
            cur = dst;
            curOff = dstOff;
        }
        int n = network.outputSize();
        network.output().apply(backend, m, n, out, outOff, out, outOff);
    }
}
