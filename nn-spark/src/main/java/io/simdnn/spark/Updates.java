package io.simdnn.spark;

import io.simdnn.model.Parameters;
import io.simdnn.spi.Backend;

/**
 * The parts of {@code Trainer}'s step between back-propagation and the optimiser, in the same order and with the same
 * kernels: coupled weight decay λW added to the weights' gradients, then clipping to the global norm. Kept
 * bit-identical to the single-JVM trainer by {@code SparkTrainerTest}.
 */
final class Updates {
    private Updates() {}

    /** Coupled weight decay: λW added to the weights' gradients. */
    static void decay(Backend backend, Parameters params, Parameters grads, boolean[] isWeight, float weightDecay) {
        if (!(weightDecay > 0)) return;
        for (int i = 0; i < params.count(); i++) {
            if (isWeight[i]) backend.axpy(params.values(i).length, weightDecay, params.values(i), 0, grads.values(i), 0);
        }
    }

    static void decayAndClip(Backend backend, Parameters params, Parameters grads, boolean[] isWeight,
            boolean[] frozen, float weightDecay, double clipNorm) {
        int n = params.count();
        decay(backend, params, grads, isWeight, weightDecay);
        if (clipNorm > 0) {
            double sq = 0;
            for (int i = 0; i < n; i++) {
                if (!frozen[i]) sq += backend.sumSquares(grads.values(i).length, grads.values(i), 0);
            }
            double norm = Math.sqrt(sq);
            if (norm > clipNorm) {
                float s = (float) (clipNorm / norm);
                for (int i = 0; i < n; i++) backend.scale(grads.values(i).length, s, grads.values(i), 0);
            }
        }
    }

    /** ½λ‖W‖² over the weights. */
    static double penalty(Backend backend, Parameters params, boolean[] isWeight, double weightDecay) {
        if (weightDecay == 0) return 0;
        double sq = 0;
        for (int i = 0; i < params.count(); i++) {
            if (isWeight[i]) sq += backend.sumSquares(params.values(i).length, params.values(i), 0);
        }
        return 0.5 * weightDecay * sq;
    }
}
