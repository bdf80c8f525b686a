package io.simdnn.model;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.PackedWeights;

/**
 * One layer at run time: its forward pass for inference and for training, and its backward pass, each a few SPI
 * calls over the layer's parameter tensors (passed in, so one stage serves a network's weights and a trainer's
 * copy). Activations are row-major, one sample per row, with leading dimension = width.
 */
abstract sealed class Stage {
    final int in;
    final int out;

    Stage(int in, int out) {
        this.in = in;
        this.out = out;
    }

    /** Width of the pre-activation buffer z (out, or units·pieces for maxout; 0 when the stage keeps none). */
    abstract int zWidth();

    /**
     * Inference: y (rows×out) from x (rows×in). {@code z}/{@code argmax} are scratch of zWidth per row. {@code pw}:
     * the weight tensors packed ({@code pw[t]} for tensor t, {@link Backend#pack}), or null to read {@code p}.
     */
    abstract void infer(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, float[] y, int yOff, float[] z,
            int[] argmax);

    /** Training forward: fills the cache and returns nothing; the output is {@code c.outArr/outOff}. */
    abstract void forward(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, Cache c, boolean training, Rng rng);

    /**
     * Backward: from dOut (rows×out at 0, may be overwritten) writes the parameter gradients into {@code g} (weights
     * and biases overwritten, slopes/betas overwritten too) and, when dIn is non-null, dL/dx (rows×in at 0).
     */
    abstract void backward(Backend b, float[][] p, PackedWeights[] pw, float[][] g, int rows, float[] x, int xOff, Cache c, float[] dOut,
            float[] dIn);

    /** Per-stage training buffers, sized for maxRows. */
    static final class Cache {
        float[] z, a, dz, mask;
        int[] argmax;
        float[] outArr;
        int outOff;
        boolean maskActive;
    }

    abstract Cache newCache(int maxRows);

    // ---------------------------------------------------------------------------------------------- affine base

    /** A dense (affine) part z = x·Wᵀ + b followed by something; shared by dense, PReLU, Swish and maxout. */
    abstract static sealed class Affine extends Stage {
        final int w, bias, zw; // tensor indices (bias −1 when absent), width of z

        Affine(int in, int out, int zw, int w, int bias) {
            super(in, out);
            this.zw = zw;
            this.w = w;
            this.bias = bias;
        }

        @Override
        int zWidth() {
            return zw;
        }

        /** z = x·Wᵀ + b, no activation. */
        final void affine(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, float[] z,
                int zOff) {
            dense(b, p, pw, rows, x, xOff, Activation.IDENTITY, Float.NaN, z, zOff);
        }

        /** y = f(x·Wᵀ + b) with W packed when {@code pw} is given. */
        final void dense(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, Activation f,
                float param, float[] y, int yOff) {
            float[] bv = bias < 0 ? null : p[bias];
            if (pw != null) b.denseForward(rows, zw, in, x, xOff, in, pw[w], bv, 0, f, param, y, yOff, zw);
            else b.denseForward(rows, zw, in, x, xOff, in, p[w], 0, in, bv, 0, f, param, y, yOff, zw);
        }

        /** dW = dzᵀ·x, db = Σ rows of dz, dIn = dz·W (W from the forward's pack when {@code pw} is given). */
        final void affineBackward(Backend b, float[][] p, PackedWeights[] pw, float[][] g, int rows, float[] x,
                int xOff, float[] dz, float[] dIn) {
            b.gemm(true, false, zw, in, rows, 1f, dz, 0, zw, x, xOff, in, 0f, g[w], 0, in);
            if (bias >= 0) b.columnSums(rows, zw, dz, 0, zw, 0f, g[bias], 0);
            if (dIn == null) return;
            if (pw != null) b.gemm(false, false, rows, in, zw, 1f, dz, 0, zw, pw[w], 0f, dIn, 0, in);
            else b.gemm(false, false, rows, in, zw, 1f, dz, 0, zw, p[w], 0, in, 0f, dIn, 0, in);
        }

        /** W of this stage packed with {@code b} ({@link Backend#pack}): zw × in. */
        final PackedWeights pack(Backend b, float[][] p) {
            return b.pack(zw, in, p[w], 0, in);
        }

        @Override
        Cache newCache(int maxRows) {
            Cache c = new Cache();
            c.z = new float[maxRows * zw];
            c.a = new float[maxRows * out];
            c.dz = new float[maxRows * zw];
            c.outArr = c.a;
            return c;
        }
    }

    /** Dense layer with a fixed activation; inference is one fused {@code denseForward}. */
    static final class Dense extends Affine {
        final Activation f;
        final float param;

        Dense(int in, int out, int w, int bias, Activation f, float param) {
            super(in, out, out, w, bias);
            this.f = f;
            this.param = param;
        }

        @Override
        void infer(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, float[] y, int yOff, float[] z,
                int[] argmax) {
            dense(b, p, pw, rows, x, xOff, f, param, y, yOff);
        }

        @Override
        Cache newCache(int maxRows) {
            Cache c = super.newCache(maxRows);
            if (f == Activation.IDENTITY) c.a = c.outArr = c.z;
            return c;
        }

        @Override
        void forward(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, Cache c, boolean training, Rng rng) {
            affine(b, p, pw, rows, x, xOff, c.z, 0);
            if (f != Activation.IDENTITY) b.activate(f, param, rows * out, c.z, 0, c.a, 0);
        }

        @Override
        void backward(Backend b, float[][] p, PackedWeights[] pw, float[][] g, int rows, float[] x, int xOff, Cache c, float[] dOut,
                float[] dIn) {
            float[] dz = dOut;
            if (f != Activation.IDENTITY) {
                b.activateBackward(f, param, rows * out, c.z, 0, c.a, 0, dOut, 0, c.dz, 0);
                dz = c.dz;
            }
            affineBackward(b, p, pw, g, rows, x, xOff, dz, dIn);
        }
    }

    /**
     * Dense layer then an activation with one learnable parameter per unit (tensor {@code unitParameter}): PReLU's
     * slope or Swish's β. Subclasses name the two SPI kernels; the passes around them are the same.
     */
    abstract static sealed class LearnedActivation extends Affine {
        final int unitParameter;

        LearnedActivation(int in, int out, int w, int bias, int unitParameter) {
            super(in, out, out, w, bias);
            this.unitParameter = unitParameter;
        }

        /** y = f(z; θ) per unit, rows×out; y may be z. */
        abstract void activate(Backend b, int rows, float[] z, int zOff, float[] theta, float[] y, int yOff);

        /** dz from dOut, and dθ accumulated into {@code dTheta}. */
        abstract void activateBackward(Backend b, int rows, float[] z, float[] theta, float[] dOut, float[] dz,
                float[] dTheta);

        @Override
        final void infer(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, float[] y, int yOff, float[] z,
                int[] argmax) {
            affine(b, p, pw, rows, x, xOff, y, yOff);
            activate(b, rows, y, yOff, p[unitParameter], y, yOff);
        }

        @Override
        final void forward(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, Cache c, boolean training,
                Rng rng) {
            affine(b, p, pw, rows, x, xOff, c.z, 0);
            activate(b, rows, c.z, 0, p[unitParameter], c.a, 0);
        }

        @Override
        final void backward(Backend b, float[][] p, PackedWeights[] pw, float[][] g, int rows, float[] x, int xOff, Cache c,
                float[] dOut, float[] dIn) {
            // The kernels accumulate dθ over the rows, so it starts from zero.
            java.util.Arrays.fill(g[unitParameter], 0f);
            activateBackward(b, rows, c.z, p[unitParameter], dOut, c.dz, g[unitParameter]);
            affineBackward(b, p, pw, g, rows, x, xOff, c.dz, dIn);
        }
    }

    /** Dense layer then PReLU with a learnable slope per unit. */
    static final class PRelu extends LearnedActivation {
        PRelu(int in, int out, int w, int bias, int slope) {
            super(in, out, w, bias, slope);
        }

        @Override
        void activate(Backend b, int rows, float[] z, int zOff, float[] slope, float[] y, int yOff) {
            b.prelu(rows, out, z, zOff, slope, 0, y, yOff);
        }

        @Override
        void activateBackward(Backend b, int rows, float[] z, float[] slope, float[] dOut, float[] dz,
                float[] dSlope) {
            b.preluBackward(rows, out, z, 0, slope, 0, dOut, 0, dz, 0, dSlope, 0);
        }
    }

    /** Dense layer then Swish z·σ(β·z) with a learnable β per unit. */
    static final class Swish extends LearnedActivation {
        Swish(int in, int out, int w, int bias, int beta) {
            super(in, out, w, bias, beta);
        }

        @Override
        void activate(Backend b, int rows, float[] z, int zOff, float[] beta, float[] y, int yOff) {
            b.swish(rows, out, z, zOff, beta, 0, y, yOff);
        }

        @Override
        void activateBackward(Backend b, int rows, float[] z, float[] beta, float[] dOut, float[] dz,
                float[] dBeta) {
            b.swishBackward(rows, out, z, 0, beta, 0, dOut, 0, dz, 0, dBeta, 0);
        }
    }

    /** Maxout: an affine map to units·pieces values, then the largest piece of each unit. */
    static final class Maxout extends Affine {
        final int pieces;

        Maxout(int in, int units, int pieces, int w, int bias) {
            super(in, units, units * pieces, w, bias);
            this.pieces = pieces;
        }

        @Override
        void infer(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, float[] y, int yOff, float[] z,
                int[] argmax) {
            affine(b, p, pw, rows, x, xOff, z, 0);
            b.maxout(rows, out, pieces, z, 0, y, yOff, argmax, 0);
        }

        @Override
        Cache newCache(int maxRows) {
            Cache c = super.newCache(maxRows);
            c.argmax = new int[maxRows * out];
            return c;
        }

        @Override
        void forward(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, Cache c, boolean training, Rng rng) {
            affine(b, p, pw, rows, x, xOff, c.z, 0);
            b.maxout(rows, out, pieces, c.z, 0, c.a, 0, c.argmax, 0);
        }

        @Override
        void backward(Backend b, float[][] p, PackedWeights[] pw, float[][] g, int rows, float[] x, int xOff, Cache c, float[] dOut,
                float[] dIn) {
            b.maxoutBackward(rows, out, pieces, dOut, 0, c.argmax, 0, c.dz, 0);
            affineBackward(b, p, pw, g, rows, x, xOff, c.dz, dIn);
        }
    }

    // ---------------------------------------------------------------------------------------------- dropout

    /**
     * Inverted dropout: in training each input is kept with probability 1 − rate and scaled by 1/(1 − rate), so
     * inference is the identity (no copy: the next stage reads this stage's input).
     */
    static final class Dropout extends Stage {
        final float rate;

        Dropout(int units, float rate) {
            super(units, units);
            this.rate = rate;
        }

        @Override
        int zWidth() {
            return 0;
        }

        @Override
        void infer(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, float[] y, int yOff, float[] z,
                int[] argmax) {
            throw new AssertionError("dropout is skipped at inference");
        }

        @Override
        Cache newCache(int maxRows) {
            Cache c = new Cache();
            c.a = new float[maxRows * out];
            c.mask = new float[maxRows * out];
            return c;
        }

        @Override
        void forward(Backend b, float[][] p, PackedWeights[] pw, int rows, float[] x, int xOff, Cache c, boolean training, Rng rng) {
            c.maskActive = training && rate > 0f;
            if (!c.maskActive) {
                c.outArr = x;
                c.outOff = xOff;
                return;
            }
            float keep = 1f - rate, scale = 1f / keep;
            float[] mask = c.mask;
            for (int i = 0, n = rows * out; i < n; i++) mask[i] = rng.nextFloat() < keep ? scale : 0f;
            b.mul(rows * out, x, xOff, mask, 0, c.a, 0);
            c.outArr = c.a;
            c.outOff = 0;
        }

        @Override
        void backward(Backend b, float[][] p, PackedWeights[] pw, float[][] g, int rows, float[] x, int xOff, Cache c, float[] dOut,
                float[] dIn) {
            if (dIn == null) return;
            if (c.maskActive) b.mul(rows * out, dOut, 0, c.mask, 0, dIn, 0);
            else System.arraycopy(dOut, 0, dIn, 0, rows * out);
        }
    }
}
