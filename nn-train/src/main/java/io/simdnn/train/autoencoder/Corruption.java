package io.simdnn.train.autoencoder;

import io.simdnn.model.Rng;

/**
 * Input corruption for denoising auto-encoders, applied to training batches only: the network sees the corrupted
 * input and is scored on reconstructing the clean one. Encoding and reconstruction after training use clean input.
 */
public sealed interface Corruption {

    /** No corruption: a plain auto-encoder. */
    static Corruption none() {
        return None.INSTANCE;
    }

    /** Masking noise: each input value is set to 0 with probability {@code fraction} (the classic denoising AE). */
    static Corruption masking(double fraction) {
        return new Masking(fraction);
    }

    /** Additive Gaussian noise of standard deviation {@code sigma} on every input value. */
    static Corruption gaussian(double sigma) {
        return new Gaussian(sigma);
    }

    /** Writes the corrupted copy of {@code n} values {@code x[xOff…]} to {@code out[outOff…]}. */
    void apply(int n, float[] x, int xOff, float[] out, int outOff, Rng rng);

    /** No corruption. */
    record None() implements Corruption {
        static final None INSTANCE = new None();

        @Override
        public void apply(int n, float[] x, int xOff, float[] out, int outOff, Rng rng) {
            System.arraycopy(x, xOff, out, outOff, n);
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    /** Zeroes each value with probability {@code fraction} ∈ [0, 1). */
    record Masking(double fraction) implements Corruption {
        public Masking {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("masking fraction = " + fraction + " must be in [0, 1)");
            }
        }

        @Override
        public void apply(int n, float[] x, int xOff, float[] out, int outOff, Rng rng) {
            for (int i = 0; i < n; i++) out[outOff + i] = rng.nextDouble() < fraction ? 0f : x[xOff + i];
        }

        @Override
        public String toString() {
            return "masking(" + fraction + ")";
        }
    }

    /** Adds N(0, sigma²) to each value; sigma ≥ 0 and finite. */
    record Gaussian(double sigma) implements Corruption {
        public Gaussian {
            if (!(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("gaussian noise sigma = " + sigma + " must be finite and not negative");
            }
        }

        @Override
        public void apply(int n, float[] x, int xOff, float[] out, int outOff, Rng rng) {
            for (int i = 0; i < n; i++) out[outOff + i] = (float) (x[xOff + i] + sigma * rng.nextGaussian());
        }

        @Override
        public String toString() {
            return "gaussian(" + sigma + ")";
        }
    }
}
