package io.simdnn.train.autoencoder;

/**
 * A sparsity penalty on the code (the hidden activations h, rows×units, of a batch of m rows), added to the
 * reconstruction loss.
 */
public sealed interface Sparsity {

    /** No penalty. */
    static Sparsity none() {
        return None.INSTANCE;
    }

    /**
     * KL-divergence penalty β·Σⱼ KL(ρ ‖ ρ̂ⱼ) on the mean activation ρ̂ⱼ = (1/m)Σᵢ hᵢⱼ of each unit, pulling it towards
     * the target ρ. KL(ρ ‖ ρ̂) = ρ·log(ρ/ρ̂) + (1 − ρ)·log((1 − ρ)/(1 − ρ̂)) needs activations in (0, 1): sigmoid units.
     */
    static Sparsity kl(double rho, double beta) {
        return new KullbackLeibler(rho, beta);
    }

    /** L1 activity penalty λ·(1/m)Σᵢⱼ |hᵢⱼ|. */
    static Sparsity l1(double lambda) {
        return new L1(lambda);
    }

    /**
     * Returns the penalty for the m×units block h and adds its gradient ∂penalty/∂h to {@code dh} (same layout).
     * {@code scratch} holds at least {@code units} values.
     */
    double addGradient(int m, int units, float[] h, float[] dh, double[] scratch);

    /** No penalty. */
    record None() implements Sparsity {
        static final None INSTANCE = new None();

        @Override
        public double addGradient(int m, int units, float[] h, float[] dh, double[] scratch) {
            return 0;
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    /** KL penalty with target ρ ∈ (0, 1) and weight β ≥ 0. */
    record KullbackLeibler(double rho, double beta) implements Sparsity {
        /** Mean activations are kept this far inside (0, 1) so that a saturated unit gives a finite penalty. */
        private static final double EDGE = 1e-7;

        public KullbackLeibler {
            if (!(rho > 0 && rho < 1)) throw new IllegalArgumentException("sparsity target rho = " + rho + " must be in (0, 1)");
            nonNegative("sparsity weight beta", beta);
        }

        @Override
        public double addGradient(int m, int units, float[] h, float[] dh, double[] mean) {
            java.util.Arrays.fill(mean, 0, units, 0);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < units; j++) mean[j] += h[i * units + j];
            }
            double penalty = 0;
            for (int j = 0; j < units; j++) {
                double q = Math.min(1 - EDGE, Math.max(EDGE, mean[j] / m));
                penalty += rho * Math.log(rho / q) + (1 - rho) * Math.log((1 - rho) / (1 - q));
                // ∂/∂hᵢⱼ of β·KL(ρ‖ρ̂ⱼ), the same for every row i: β·(−ρ/ρ̂ + (1 − ρ)/(1 − ρ̂))/m.
                mean[j] = beta * (-rho / q + (1 - rho) / (1 - q)) / m;
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < units; j++) dh[i * units + j] += (float) mean[j];
            }
            return beta * penalty;
        }

        @Override
        public String toString() {
            return "kl(rho=" + rho + ", beta=" + beta + ")";
        }
    }

    /** L1 activity penalty with weight λ ≥ 0. */
    record L1(double lambda) implements Sparsity {
        public L1 {
            nonNegative("L1 activity weight lambda", lambda);
        }

        @Override
        public double addGradient(int m, int units, float[] h, float[] dh, double[] scratch) {
            double sum = 0;
            float g = (float) (lambda / m);
            for (int i = 0; i < m * units; i++) {
                sum += Math.abs(h[i]);
                dh[i] += h[i] > 0 ? g : h[i] < 0 ? -g : 0f;
            }
            return lambda * sum / m;
        }

        @Override
        public String toString() {
            return "l1(lambda=" + lambda + ")";
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " = " + v + " must be finite and not negative");
    }
}
