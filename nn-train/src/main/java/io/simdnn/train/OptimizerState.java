package io.simdnn.train;

import io.simdnn.spi.Backend;
import java.util.Objects;

/**
 * The state of one optimiser over a fixed list of tensors: its per-tensor buffers (momentum, squared-gradient
 * averages...), the step count (Adam's bias corrections), which tensors it updates (frozen ones are skipped) and
 * which take decoupled weight decay. Shared by {@link Trainer} and the auto-encoder trainer, so both step, clip and
 * count the same way. Every buffer is allocated here, once: a step allocates nothing. Not thread-safe (one run).
 */
public final class OptimizerState {
    private final Optimizer optimizer;
    private final float[][] state1, state2;
    private final boolean[] decays, frozen;
    private int step;

    /**
     * State for tensors of the given sizes. {@code decays[i]}: tensor i is a weight (decoupled decay applies);
     * {@code frozen[i]}: tensor i is never updated (null: none frozen).
     */
    public OptimizerState(Optimizer optimizer, int[] sizes, boolean[] decays, boolean[] frozen) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        int n = sizes.length;
        if (decays.length != n || frozen != null && frozen.length != n) {
            throw new IllegalArgumentException(n + " tensors but " + decays.length + " decay flags"
                    + (frozen == null ? "" : " and " + frozen.length + " frozen flags"));
        }
        this.decays = decays.clone();
        this.frozen = frozen == null ? new boolean[n] : frozen.clone();
        this.state1 = new float[n][];
        this.state2 = new float[n][];
        int states = optimizer.stateCount();
        for (int i = 0; i < n; i++) {
            if (states >= 1) state1[i] = new float[sizes[i]];
            if (states >= 2) state2[i] = new float[sizes[i]];
        }
    }

    /** The sizes of the given tensors, for the constructor. */
    public static int[] sizes(float[][] tensors) {
        int[] s = new int[tensors.length];
        for (int i = 0; i < s.length; i++) s[i] = tensors[i].length;
        return s;
    }

    /** Steps taken so far. */
    public int steps() {
        return step;
    }

    /** The first state array per tensor (null entries when the optimiser keeps none), for checkpoints. */
    float[][] firstMoments() {
        return state1;
    }

    /** The second state array per tensor (null entries when the optimiser keeps none), for checkpoints. */
    float[][] secondMoments() {
        return state2;
    }

    /** Sets the step count of a run resumed from a checkpoint. */
    void restoreSteps(int steps) {
        if (steps < 0) throw new IllegalArgumentException("step count " + steps + " < 0");
        this.step = steps;
    }

    /** Whether tensor i is frozen. */
    public boolean frozen(int i) {
        return frozen[i];
    }

    /**
     * Scales every gradient by maxNorm/‖g‖ when the global L2 norm of the unfrozen gradients exceeds maxNorm (a
     * maxNorm ≤ 0 does nothing). {@code grad(i)} gives tensor i's gradient.
     */
    public void clip(Backend b, double maxNorm, java.util.function.IntFunction<float[]> grad, int count) {
        if (!(maxNorm > 0)) return;
        double sq = 0;
        for (int i = 0; i < count; i++) {
            if (!frozen[i]) sq += b.sumSquares(grad.apply(i).length, grad.apply(i), 0);
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            float s = (float) (maxNorm / norm);
            for (int i = 0; i < count; i++) b.scale(grad.apply(i).length, s, grad.apply(i), 0);
        }
    }

    /** One optimiser step at learning rate lr: every unfrozen tensor w(i) from its gradient g(i). */
    public void step(Backend b, float lr, java.util.function.IntFunction<float[]> w,
            java.util.function.IntFunction<float[]> g, int count) {
        step++;
        for (int i = 0; i < count; i++) {
            if (frozen[i]) continue;
            float[] wi = w.apply(i);
            optimizer.step(b, wi.length, lr, wi, g.apply(i), state1[i], state2[i], step, decays[i]);
        }
    }
}
