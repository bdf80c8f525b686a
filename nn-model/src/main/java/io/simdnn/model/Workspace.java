package io.simdnn.model;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.PackedWeights;

/**
 * Buffers and passes for training: a forward pass that keeps what back-propagation needs, the loss and its
 * gradient, and the backward pass that writes the gradient of every parameter (and optionally of the input). It
 * works on caller-owned {@link Parameters}, so a trainer updates its own copy in place. Sized once for at most
 * {@code maxRows} rows; nothing is allocated per pass. Not thread-safe.
 *
 * <p>Back-propagation as derived in the notes, batched with samples as rows: δ of the last layer from the loss,
 * δ⁽ˡ⁾ = f′(Z⁽ˡ⁾) ⊙ δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾, ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ᵀA⁽ˡ⁻¹⁾, ∂L/∂b⁽ˡ⁾ = column sums of δ⁽ˡ⁾.
 */
public final class Workspace {
    private final Architecture architecture;
    private final Backend backend;
    private final Stage[] stages;
    private final Stage.Cache[] caches;
    private final float[][] dOut; // dOut[s]: gradient w.r.t. stage s's output, rows×out
    private final float[] dInput, linked, oneHot;
    private final int maxRows;
    private final int[] classes;
    private final int tensorCount;
    private float[][] p;
    /** The weights packed for the parameters {@link #packedFor}; repacked by each forward pass that uses them. */
    private PackedWeights[] pw;
    private float[][] packedFor;
    /** The rows of the last forward pass used {@link #pw} (the backward reuses them). */
    private boolean packedPass;
    private float[] x;
    private int xOff, rows = -1;
    private boolean lossReady;

    public Workspace(Architecture architecture, Backend backend, int maxRows) {
        if (maxRows < 1) throw new IllegalArgumentException("maxRows = " + maxRows + " must be at least 1");
        this.architecture = architecture;
        this.backend = backend;
        this.maxRows = maxRows;
        this.stages = Network.stagesOf(architecture);
        this.caches = new Stage.Cache[stages.length];
        this.dOut = new float[stages.length][];
        for (int s = 0; s < stages.length; s++) {
            caches[s] = stages[s].newCache(maxRows);
            dOut[s] = new float[maxRows * stages[s].out];
        }
        this.dInput = new float[maxRows * architecture.inputSize()];
        int n = architecture.outputSize();
        this.linked = new float[maxRows * n];
        this.oneHot = new float[maxRows * n];
        this.classes = new int[maxRows];
        this.tensorCount = architecture.tensors().size();
    }

    public Architecture architecture() {
        return architecture;
    }

    public Backend backend() {
        return backend;
    }

    public int maxRows() {
        return maxRows;
    }

    /**
     * Forward pass of {@code rows} samples (contiguous rows of {@code inputSize} at {@code x[xOff]}) with
     * {@code params}. {@code training} turns dropout on, drawing its masks from {@code rng}.
     */
    public void forward(Parameters params, float[] x, int xOff, int rows, boolean training, Rng rng) {
        if (rows < 1 || rows > maxRows) {
            throw new IllegalArgumentException("rows = " + rows + " must be in [1, " + maxRows + "]");
        }
        if (training && rng == null) throw new NullPointerException("rng (dropout needs one in training)");
        Predictor.checkRows("input", x, xOff, rows, architecture.inputSize());
        float[][] p = params.arrays();
        boolean packs = rows > PACK_ROWS;
        if (packs) pack(p);
        PackedWeights[] w = packs ? pw : null;
        float[] cur = x;
        int curOff = xOff;
        for (int s = 0; s < stages.length; s++) {
            stages[s].forward(backend, p, w, rows, cur, curOff, caches[s], training, rng);
            cur = caches[s].outArr;
            curOff = caches[s].outOff;
        }
        this.p = p;
        this.packedPass = packs;
        this.x = x;
        this.xOff = xOff;
        this.rows = rows;
        this.lossReady = false;
    }

    /**
     * Up to this many rows a pass reads the weights as stored: the backends' products of so few rows take dot
     * products without packing (the SIMD backend's small-m kernels), so a pack would only cost.
     */
    static final int PACK_ROWS = 16;

    /**
     * Packs the weights once per forward pass (the optimiser changed them since the last): the pass's products
     * and the backward's δ·W read the same packs. The first pass with these parameter arrays allocates them.
     */
    private void pack(float[][] p) {
        if (packedFor != p) {
            pw = Network.packAll(backend, stages, p);
            packedFor = p;
            return;
        }
        for (PackedWeights w : pw) if (w != null) w.repack();
    }

    /** The last layer's values (logits) of the last forward pass: rows×outputSize at offset 0. */
    public float[] logits() {
        requireForward();
        return caches[stages.length - 1].outArr;
    }

    /** The linked outputs (probabilities for softmax/sigmoid) after {@link #loss} or {@link #linkOutputs}. */
    public float[] outputs() {
        return architecture.output() == Output.LINEAR ? logits() : linked;
    }

    /** Applies the output link to the logits of the last forward pass; returns {@link #outputs()}. */
    public float[] linkOutputs() {
        requireForward();
        float[] z = logits();
        int n = architecture.outputSize();
        architecture.output().apply(backend, rows, n, z, 0, linked, 0);
        return outputs();
    }

    /**
     * The mean loss over the rows of the last forward pass against targets (rows×outputSize at {@code t[tOff]}),
     * and its gradient with respect to the logits, ready for {@link #backward}. Also fills {@link #outputs()}.
     */
    public double loss(Loss loss, float[] t, int tOff) {
        requireForward();
        int n = architecture.outputSize(), len = rows * n;
        Predictor.checkRows("targets", t, tOff, rows, n);
        Output link = architecture.output();
        float[] z = logits(), d = dOut[stages.length - 1];
        // The backend returns sums; each loss's mean divides by rows or by rows·outputs (docs/interop.md has the
        // table), and the gradient carries the same factor.
        float perRow = 1f / rows, perElement = 1f / len;
        double mean;
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                requireLink(loss, link, Output.SOFTMAX);
                mean = backend.softmaxCrossEntropy(rows, n, z, 0, t, tOff, perRow, linked, 0, d, 0) / rows;
            }
            case SIGMOID_CROSS_ENTROPY -> {
                requireLink(loss, link, Output.SIGMOID);
                mean = backend.sigmoidCrossEntropy(len, z, 0, t, tOff, perElement, linked, 0, d, 0) / len;
            }
            default -> {
                float[] y = linkOutputs();
                mean = switch (loss) {
                    case SQUARED_ERROR -> backend.squaredError(len, y, 0, t, tOff, perRow, d, 0) / rows;
                    case MSE -> 2 * backend.squaredError(len, y, 0, t, tOff, 2 * perElement, d, 0) / len;
                    case ABSOLUTE_ERROR -> backend.absoluteError(len, y, 0, t, tOff, perRow, d, 0) / rows;
                    case MAE -> backend.absoluteError(len, y, 0, t, tOff, perElement, d, 0) / len;
                    case HINGE -> backend.hinge(len, y, 0, t, tOff, perRow, d, 0) / rows;
                    default -> throw new AssertionError(loss);
                };
                linkBackward(d);
            }
        }
        lossReady = true;
        return mean;
    }

    /**
     * {@link #loss(Loss, float[], int)} with the targets given as class indices, one per row at
     * {@code classes[off …]}, as PyTorch's {@code cross_entropy} takes them: each row's target is the one-hot row of
     * its class (for one output: the class itself, 0 or 1). Allocates nothing.
     */
    public double loss(Loss loss, int[] classes, int off) {
        requireForward();
        int n = architecture.outputSize();
        java.util.Objects.checkFromIndexSize(off, rows, classes.length);
        java.util.Arrays.fill(oneHot, 0, rows * n, 0f);
        for (int i = 0; i < rows; i++) {
            int c = classes[off + i];
            if (c < 0 || c >= Math.max(n, 2) || (n == 1 && c > 1)) {
                throw new IllegalArgumentException("row " + i + ": class " + c + " is outside 0.." + (Math.max(n, 2) - 1)
                        + " for " + n + " output" + (n == 1 ? "" : "s"));
            }
            if (n == 1) oneHot[i] = c;
            else oneHot[i * n + c] = 1f;
        }
        return loss(loss, oneHot, 0);
    }

    /**
     * Seeds back-propagation with a gradient with respect to the linked outputs (rows×outputSize at
     * {@code dy[dyOff]}) instead of a loss: reverse-mode differentiation of any function of the outputs.
     */
    public void seedOutputGradient(float[] dy, int dyOff) {
        requireForward();
        linkOutputs();
        float[] d = dOut[stages.length - 1];
        System.arraycopy(dy, dyOff, d, 0, rows * architecture.outputSize());
        linkBackward(d);
        lossReady = true;
    }

    private void linkBackward(float[] d) {
        int n = architecture.outputSize();
        float[] z = logits();
        switch (architecture.output()) {
            case LINEAR -> { }
            case SIGMOID -> backend.activateBackward(Activation.SIGMOID, Float.NaN, rows * n, z, 0, linked, 0, d, 0, d, 0);
            case SOFTMAX -> backend.softmaxBackward(rows, n, linked, 0, d, 0, d, 0);
        }
    }

    private static void requireLink(Loss loss, Output link, Output fused) {
        if (link != fused && link != Output.LINEAR) {
            throw new IllegalArgumentException(Architecture.lower(loss.name()) + " reads logits and applies "
                    + Architecture.lower(fused.name()) + " itself: use output " + Architecture.lower(fused.name())
                    + " or linear, not " + Architecture.lower(link.name()));
        }
    }

    /**
     * Back-propagates the gradient from {@link #loss} (or {@link #seedOutputGradient}) into {@code grads} (same
     * architecture; every tensor overwritten) and, when {@code inputGradient}, into {@link #inputGradient()}.
     * Uses {@code params} of the forward pass.
     */
    public void backward(Parameters grads, boolean inputGradient) {
        if (!lossReady) throw new IllegalStateException("call loss(...) or seedOutputGradient(...) before backward");
        if (grads.count() != tensorCount) throw new IllegalArgumentException("gradients of another architecture");
        float[][] g = grads.arrays();
        int firstParametric = 0;
        while (stages[firstParametric] instanceof Stage.Dropout) firstParametric++;
        for (int s = stages.length - 1; s >= 0; s--) {
            boolean needIn = inputGradient || s > firstParametric;
            float[] dIn = !needIn ? null : s == 0 ? dInput : dOut[s - 1];
            float[] in = s == 0 ? x : caches[s - 1].outArr;
            int inOff = s == 0 ? xOff : caches[s - 1].outOff;
            stages[s].backward(backend, p, packedPass ? pw : null, g, rows, in, inOff, caches[s], dOut[s], dIn);
            if (!needIn) break;
        }
        lossReady = false;
    }

    /** dL/dx of the last backward pass with {@code inputGradient}: rows×inputSize at offset 0. */
    public float[] inputGradient() {
        return dInput;
    }

    /**
     * The number of the last forward pass's rows whose predicted class ({@link #predictedClasses}) equals
     * {@code labels[labelOff + i]}.
     */
    public int correct(int[] labels, int labelOff) {
        predictedClasses(classes, 0);
        int hits = 0;
        for (int i = 0; i < rows; i++) if (classes[i] == labels[labelOff + i]) hits++;
        return hits;
    }

    /**
     * The predicted class of each row of the last forward pass, into {@code predicted[off …]}: the largest logit,
     * or for one output, logit &gt; 0 (sigmoid) or output ≥ 0.5 (linear). Allocates nothing.
     */
    public void predictedClasses(int[] predicted, int off) {
        requireForward();
        java.util.Objects.checkFromIndexSize(off, rows, predicted.length);
        int n = architecture.outputSize();
        float[] z = logits();
        if (n == 1) {
            boolean linear = architecture.output() == Output.LINEAR;
            for (int i = 0; i < rows; i++) predicted[off + i] = (linear ? z[i] >= 0.5f : z[i] > 0f) ? 1 : 0;
        } else {
            backend.argmaxRows(rows, n, z, 0, predicted, off);
        }
    }

    private void requireForward() {
        if (rows < 0) throw new IllegalStateException("call forward(...) first");
    }
}
