package io.simdnn.spark;

import io.simdnn.model.Architecture;
import io.simdnn.model.Parameters;
import io.simdnn.model.Rng;
import io.simdnn.model.Workspace;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;

/**
 * A partition's side of training, on its executor: the Workspace and buffers, sized once for the partition's share of
 * a global batch, and the epoch's schedule (which of its rows each global batch takes, in the batch's order). Lives
 * beside the cached {@link RowBlock}; one task at a time uses it (the block's lock).
 */
final class PartitionWorker {
    private static final long DROPOUT_STREAM = 0x2545F4914F6CDD1DL;

    private final RowBlock block;
    private final Job job;
    private final Backend backend;
    private final Workspace workspace;
    private final Parameters params, grads;
    private final boolean[] isWeight, frozen;
    private final float[] batchX, batchT;
    private final int[] batchLabels;
    private final int start;
    private final int[] mine, batchStart;
    private int scheduleEpoch = -1;

    PartitionWorker(RowBlock block, Job job) {
        this.block = block;
        this.job = job;
        this.backend = Backends.get();
        Architecture a = job.architecture();
        int maxRows = Math.max(1, Math.min(job.batch(), block.rows));
        this.workspace = new Workspace(a, backend, maxRows);
        this.params = new Parameters(a);
        this.grads = new Parameters(a);
        int n = params.count();
        this.isWeight = new boolean[n];
        this.frozen = new boolean[n];
        for (int i = 0; i < n; i++) {
            Architecture.Kind k = params.tensor(i).kind();
            isWeight[i] = k == Architecture.Kind.WEIGHT;
            frozen[i] = job.freezeBiases() && k == Architecture.Kind.BIAS;
        }
        this.batchX = new float[maxRows * block.features];
        this.batchT = new float[maxRows * block.targetWidth];
        this.batchLabels = new int[maxRows];
        this.start = job.starts()[block.partition];
        this.mine = new int[block.rows];
        int batches = (job.totalRows() + job.batch() - 1) / job.batch();
        this.batchStart = new int[batches + 1];
    }

    boolean fits(Job other) {
        return other.run() == job.run();
    }

    /**
     * One step (or one round of local steps) on this partition's share of the global batches
     * {@code [step.firstBatch, step.firstBatch + step.batches)}.
     */
    Partial run(Step step) {
        schedule(step);
        FaultInjection.check(step.step(), block.partition);
        float[][] w = step.parameters().value();
        for (int i = 0; i < w.length; i++) System.arraycopy(w[i], 0, params.values(i), 0, w[i].length);
        Rng dropout = new Rng(mix(job.seed() ^ DROPOUT_STREAM, step.step(), block.partition));
        return step.batches() == 1 && !step.local() ? gradient(step, dropout) : localSteps(step, w, dropout);
    }

    /** Synchronous SGD: the gradient of this partition's share, weighted by share/batch rows. */
    private Partial gradient(Step step, Rng dropout) {
        int b = step.firstBatch(), lo = batchStart[b], k = batchStart[b + 1] - lo;
        Partial p = new Partial();
        if (k == 0) return p;
        if (!forwardBackward(lo, k, dropout, p)) return p;
        int m = step.batchRows(b);
        if (k != m) {
            float share = (float) k / m;
            for (int i = 0; i < grads.count(); i++) backend.scale(grads.values(i).length, share, grads.values(i), 0);
        }
        p.sum = gradArrays();
        return p;
    }

    /**
     * Local steps: plain SGD on this partition's share of each batch of the round, from the broadcast parameters,
     * with the run's weight decay and clipping; returns the weight change weighted by this partition's rows over the
     * round's rows.
     */
    private Partial localSteps(Step step, float[][] w0, Rng dropout) {
        Partial p = new Partial();
        float lr = step.learningRate();
        for (int j = 0; j < step.batches(); j++) {
            int b = step.firstBatch() + j, lo = batchStart[b], k = batchStart[b + 1] - lo;
            if (k == 0) continue;
            if (!forwardBackward(lo, k, dropout, p)) return p;
            Updates.decayAndClip(backend, params, grads, isWeight, frozen, job.weightDecay(), job.clipNorm());
            for (int i = 0; i < params.count(); i++) {
                if (!frozen[i]) backend.axpy(params.values(i).length, -lr, grads.values(i), 0, params.values(i), 0);
            }
        }
        if (p.rows == 0) return new Partial();
        float share = (float) ((double) p.rows / step.roundRows());
        for (int i = 0; i < params.count(); i++) {
            float[] now = params.values(i), before = w0[i], d = grads.values(i);
            for (int j = 0; j < d.length; j++) d[j] = (now[j] - before[j]) * share;
        }
        p.sum = gradArrays();
        return p;
    }

    /** Forward, loss, backward of k scheduled rows from {@code mine[lo]}; false (p poisoned) on a non-finite loss. */
    private boolean forwardBackward(int lo, int k, Rng dropout, Partial p) {
        float[] x, t;
        int[] labels;
        boolean whole = lo == 0 && k == block.rows && inNaturalOrder(k);
        if (whole) {
            x = block.x;
            t = block.targets;
            labels = block.labels;
        } else {
            gather(lo, k);
            x = batchX;
            t = batchT;
            labels = block.labels == null ? null : batchLabels;
        }
        workspace.forward(params, x, 0, k, true, dropout);
        double l = workspace.loss(job.loss(), t, 0);
        if (!Double.isFinite(l)) {
            p.nonFinite = true;
            p.lossSum = l;
            return false;
        }
        if (labels != null) p.correct += workspace.correct(labels, 0);
        workspace.backward(grads, false);
        p.lossSum += l * k;
        p.rows += k;
        return true;
    }

    private boolean inNaturalOrder(int k) {
        for (int i = 0; i < k; i++) if (mine[i] != i) return false;
        return true;
    }

    private void gather(int lo, int k) {
        int in = block.features, out = block.targetWidth;
        for (int i = 0; i < k; i++) {
            int r = mine[lo + i];
            System.arraycopy(block.x, r * in, batchX, i * in, in);
            System.arraycopy(block.targets, r * out, batchT, i * out, out);
            if (block.labels != null) batchLabels[i] = block.labels[r];
        }
    }

    private float[][] gradArrays() {
        float[][] g = new float[grads.count()][];
        for (int i = 0; i < g.length; i++) g[i] = grads.values(i);
        return g;
    }

    /**
     * The epoch's schedule: the global order (null: rows in their natural order) gives position p to row order[p];
     * batch b holds positions [b·batch, (b+1)·batch). This partition keeps, in position order, the local index of each
     * of its rows, and where each batch's rows begin.
     */
    private void schedule(Step step) {
        if (scheduleEpoch == step.epoch()) return;
        int batch = job.batch(), rows = block.rows, batches = batchStart.length - 1;
        int[] order = step.order() == null ? null : step.order().value();
        if (order == null) {
            for (int i = 0; i < rows; i++) mine[i] = i;
            for (int b = 0; b <= batches; b++) batchStart[b] = (int) Math.clamp((long) b * batch - start, 0, rows);
        } else {
            java.util.Arrays.fill(batchStart, 0);
            int c = 0;
            for (int pos = 0; pos < order.length; pos++) {
                int r = order[pos] - start;
                if (r >= 0 && r < rows) {
                    mine[c++] = r;
                    batchStart[pos / batch + 1]++;
                }
            }
            for (int b = 1; b <= batches; b++) batchStart[b] += batchStart[b - 1];
        }
        scheduleEpoch = step.epoch();
    }

    /** A stream seed per (step, partition), so dropout masks do not depend on which executor runs a task. */
    private static long mix(long seed, long step, int partition) {
        long z = seed + step * 0x9E3779B97F4A7C15L + partition * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
