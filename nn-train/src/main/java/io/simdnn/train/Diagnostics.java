package io.simdnn.train;

import io.simdnn.model.Architecture;
import io.simdnn.model.LayerSpec;
import io.simdnn.model.Parameters;
import io.simdnn.spi.Activation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An opt-in {@link TrainingListener} that measures, per layer and per epoch, what the classic training problems
 * show up in: the <b>vanishing gradient</b> (a layer's gradient norm falling by orders of magnitude towards the
 * input, as in deep sigmoid networks), updates too large or too small for the weights (the update/weight ratio,
 * usually about 10⁻³), and <b>dying ReLUs</b> (units that no sample activates, so that they never learn again).
 *
 * <p>For each layer with weights W (one row per unit):
 * <ul>
 *   <li>gradient norm: ‖∂L/∂W‖₂ of each batch's loss (before weight decay and clipping), averaged over the
 *   epoch's batches;</li>
 *   <li>weight norm: ‖W‖₂ at the end of the epoch;</li>
 *   <li>update/weight ratio: ‖ΔW‖₂ / ‖W‖₂ of each step, averaged over the epoch's steps;</li>
 *   <li>inactive fraction, for ReLU layers: the share of units whose gradient row was zero in every batch of the
 *   epoch, i.e. whose pre-activation was at most 0 on every training sample the epoch saw (NaN for other
 *   activations, whose derivative is not zero on a half-line).</li>
 * </ul>
 * It copies the weights at every step (to measure the update), so it costs about one extra pass over the
 * parameters per step; leave it out of runs that do not need it. Not thread-safe; one per training run.
 */
public final class Diagnostics implements TrainingListener {

    /** One layer's figures in one epoch; {@code layer} counts the layers with weights from 1. */
    public record Layer(int layer, String activation, int units, double gradientNorm, double weightNorm,
            double updateRatio, double inactiveFraction) {}

    /** One epoch's figures, one entry per layer with weights, input side first. */
    public record Epoch(int epoch, List<Layer> layers) {
        public Epoch {
            layers = List.copyOf(layers);
        }
    }

    private final Architecture architecture;
    private final List<Epoch> epochs = new ArrayList<>();
    private int[] weightTensors; // parameter index of each layer's weight tensor
    private String[] activations;
    private boolean[] relu;
    private float[][] before;
    private boolean[][] active;
    private double[] gradientSum, ratioSum;
    private int steps;
    private Parameters params;

    public Diagnostics(Architecture architecture) {
        this.architecture = architecture;
    }

    /** The figures of every epoch so far, in order. */
    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        steps = 0;
        if (gradientSum != null) {
            java.util.Arrays.fill(gradientSum, 0);
            java.util.Arrays.fill(ratioSum, 0);
            for (boolean[] a : active) java.util.Arrays.fill(a, false);
        }
    }

    @Override
    public void onGradients(int epoch, int batch, Parameters params, Parameters gradients) {
        if (weightTensors == null) setUp(params);
        this.params = params;
        for (int l = 0; l < weightTensors.length; l++) {
            int t = weightTensors[l];
            float[] g = gradients.values(t), w = params.values(t);
            gradientSum[l] += norm(g);
            System.arraycopy(w, 0, before[l], 0, w.length);
            if (relu[l]) {
                boolean[] a = active[l];
                int in = g.length / a.length;
                for (int u = 0; u < a.length; u++) {
                    if (a[u]) continue;
                    for (int j = u * in, end = j + in; j < end; j++) {
                        if (g[j] != 0f) {
                            a[u] = true;
                            break;
                        }
                    }
                }
            }
        }
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double loss) {
        if (params == null) return;
        for (int l = 0; l < weightTensors.length; l++) {
            float[] w = params.values(weightTensors[l]), b = before[l];
            double diff = 0, sq = 0;
            for (int i = 0; i < w.length; i++) {
                double d = w[i] - b[i];
                diff += d * d;
                sq += (double) b[i] * b[i];
            }
            ratioSum[l] += sq == 0 ? Double.NaN : Math.sqrt(diff / sq);
        }
        steps++;
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        if (params == null || steps == 0) return;
        List<Layer> layers = new ArrayList<>(weightTensors.length);
        for (int l = 0; l < weightTensors.length; l++) {
            int units = active[l].length;
            double inactive = Double.NaN;
            if (relu[l]) {
                int dead = 0;
                for (boolean a : active[l]) if (!a) dead++;
                inactive = dead / (double) units;
            }
            layers.add(new Layer(l + 1, activations[l], units, gradientSum[l] / steps,
                    norm(params.values(weightTensors[l])), ratioSum[l] / steps, inactive));
        }
        epochs.add(new Epoch(m.epoch(), layers));
    }

    private void setUp(Parameters p) {
        List<Integer> tensors = new ArrayList<>();
        for (int i = 0; i < p.count(); i++) {
            if (p.tensor(i).kind() == Architecture.Kind.WEIGHT) tensors.add(i);
        }
        int n = tensors.size();
        weightTensors = tensors.stream().mapToInt(Integer::intValue).toArray();
        activations = new String[n];
        relu = new boolean[n];
        before = new float[n][];
        active = new boolean[n][];
        gradientSum = new double[n];
        ratioSum = new double[n];
        for (int l = 0; l < n; l++) {
            Architecture.Tensor t = p.tensor(weightTensors[l]);
            LayerSpec spec = architecture.layers().get(t.layer());
            boolean last = t.layer() == architecture.layers().size() - 1;
            activations[l] = switch (spec) {
                case LayerSpec.Dense d -> last && d.activation() == Activation.IDENTITY
                        ? architecture.output().name().toLowerCase(java.util.Locale.ROOT)
                        : d.activation().name().toLowerCase(java.util.Locale.ROOT);
                case LayerSpec.PRelu x -> "prelu";
                case LayerSpec.Swish x -> "swish";
                case LayerSpec.Maxout x -> "maxout";
                case LayerSpec.Dropout x -> "dropout";
            };
            relu[l] = spec instanceof LayerSpec.Dense d && d.activation() == Activation.RELU;
            before[l] = new float[t.size()];
            active[l] = new boolean[t.shape()[0]];
        }
    }

    private static double norm(float[] v) {
        double sq = 0;
        for (float x : v) sq += (double) x * x;
        return Math.sqrt(sq);
    }
}
