package io.simdnn.model.io;

import io.simdnn.model.Architecture;
import io.simdnn.model.LayerSpec;
import io.simdnn.model.Parameters;
import java.util.List;

/**
 * The check that a loaded network's outputs stay finite: finite weights are not enough, as weights near the float
 * range overflow in the first sums. For inputs in [-1, 1], a bound on every layer's pre-activations is propagated
 * (the largest row sum of |W| times the input bound plus the largest |b|; activations grow at most as
 * {@code max(1, |p|)·|z| + |p| + 1} with p the activation's parameter or slope); a bound beyond {@link #LIMIT} —
 * thirty orders of magnitude above what a trained model produces, eight below the float range — means the file is
 * degenerate and is rejected. Every loader runs it: safetensors files, state dicts and ONNX files.
 */
public final class OutputBound {
    /** The largest pre-activation bound accepted. */
    static final double LIMIT = 1e30;

    private OutputBound() {}

    /** Rejects, naming {@code file} and the layer, a network whose outputs can leave float32's range. */
    public static void check(String file, Architecture a, Parameters p) throws ModelFormatException {
        List<Architecture.Tensor> tensors = a.tensors();
        double bound = 1; // |x| <= 1
        for (int layer = 0; layer < a.layers().size(); layer++) {
            LayerSpec spec = a.layers().get(layer);
            if (spec instanceof LayerSpec.Dropout) continue; // identity at inference
            int in = a.inputSizeOf(layer);
            double rowSum = 0, bias = 0, parameter = 0;
            boolean weighted = false;
            for (int t = 0; t < tensors.size(); t++) {
                Architecture.Tensor tensor = tensors.get(t);
                if (tensor.layer() != layer) continue;
                float[] v = p.values(t);
                switch (tensor.kind()) {
                    case WEIGHT -> {
                        weighted = true;
                        for (int row = 0; row < v.length / in; row++) {
                            double sum = 0;
                            for (int i = row * in; i < (row + 1) * in; i++) sum += Math.abs(v[i]);
                            rowSum = Math.max(rowSum, sum);
                        }
                    }
                    case BIAS -> bias = maxAbs(v);
                    case SLOPE -> parameter = maxAbs(v);
                    case BETA -> { } // z·σ(βz) is at most |z| whatever β
                }
            }
            if (spec instanceof LayerSpec.Dense d && d.activation().hasParameter()) {
                parameter = Math.abs(d.parameter());
            }
            // A layer without a weight matrix (PReLU, learnable Swish) applies its activation to its inputs.
            double z = (weighted ? rowSum * bound : bound) + bias;
            if (!(z <= LIMIT)) {
                throw new ModelFormatException(file + ": layer " + layer + " (" + spec.units() + " units) can reach"
                        + " pre-activations of " + String.format(java.util.Locale.ROOT, "%.3g", z)
                        + " for inputs in [-1, 1], beyond " + LIMIT + ": its outputs would overflow float32;"
                        + " the weights are degenerate");
            }
            bound = Math.max(1, parameter) * z + parameter + 1;
            if (!(bound <= LIMIT)) { // a PReLU slope can take a bounded input beyond float32 (then 0·∞ = NaN)
                throw new ModelFormatException(file + ": layer " + layer + " (" + spec.units() + " units) can reach"
                        + " outputs of " + String.format(java.util.Locale.ROOT, "%.3g", bound)
                        + " for inputs in [-1, 1], beyond " + LIMIT + ": they would overflow float32;"
                        + " the weights are degenerate");
            }
        }
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) m = Math.max(m, Math.abs(x));
        return m;
    }
}
