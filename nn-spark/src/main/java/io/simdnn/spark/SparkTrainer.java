package io.simdnn.spark;

import io.simdnn.model.io.ArchitectureJson;
import io.simdnn.model.Architecture;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.model.Rng;
import io.simdnn.spi.Backend;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.OptimizerState;
import io.simdnn.train.TrainingConfig;
import io.simdnn.train.TrainingDivergedException;
import io.simdnn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on a Spark DataFrame by synchronous data-parallel mini-batch SGD, with {@code Trainer}'s
 * semantics. The rows are packed once per partition into float blocks and cached. Every step broadcasts the
 * parameters; each partition computes, with a {@code Workspace} on its executor's best backend, the gradient of its
 * share of the global mini-batch; {@code treeAggregate} sums the shares; the driver adds weight decay, clips and runs
 * the optimiser (any of simdnn's, its state on the driver) exactly as {@code Trainer} does. The global batches are
 * {@code Trainer}'s: the driver shuffles the global row order with the same generator and seed every epoch and
 * broadcasts it, and each partition takes the batch's rows it holds, in the batch's order.
 *
 * <p>So with one partition, the same seed, data in the same order and the same backend, the result equals the
 * single-JVM trainer's bit for bit. With several partitions each share's gradient is a mean over its rows, weighted
 * and summed, which rounds differently (float addition is not associative): the weights agree to a few float ulps per
 * step, and the runs converge alike (see {@code docs/spark.md}). Dropout masks are drawn per step and partition, so
 * networks with dropout are not bit-identical to the single-JVM trainer.
 *
 * <p>{@link #localSteps(int) Local steps} (k &gt; 1) trade synchronisation for communication: each partition runs
 * plain SGD on its shares of k consecutive global batches, then the weight changes are averaged (weighted by rows)
 * and applied through the configured optimiser as a pseudo-gradient −Δ/lr (with SGD: plain model averaging). It
 * converges differently from synchronous SGD.
 *
 * <p>Not supported (an error says so): validation sets (evaluate the model afterwards) and a backend choice for the
 * executors (each uses its best one; the driver's update runs on the initial network's backend).
 */
public final class SparkTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);
    private static final long SHUFFLE_STREAM = 0x5DEECE66DL;

    private final TrainingConfig config;
    private int depth = 2, localSteps = 1;

    public SparkTrainer(TrainingConfig config) {
        this.config = config == null ? TrainingConfig.builder().build() : config;
    }

    /** The depth of {@code treeAggregate} (default 2; 1: every partition sends its gradient to the driver). */
    public SparkTrainer aggregationDepth(int d) {
        if (d < 1) throw new IllegalArgumentException("aggregation depth = " + d + " must be at least 1");
        this.depth = d;
        return this;
    }

    /** Global batches per round of local steps (default 1: synchronous SGD). */
    public SparkTrainer localSteps(int k) {
        if (k < 1) throw new IllegalArgumentException("local steps = " + k + " must be at least 1");
        this.localSteps = k;
        return this;
    }

    /**
     * Trains {@code initial} on the rows of {@code data}: a vector column {@code featuresCol} of the network's input
     * size and a numeric column {@code labelCol}: the class (0, 1, …) for a softmax or sigmoid output, the target for
     * a linear one (a vector column for several outputs). The row order of the data (partition by partition) is the
     * order {@code Trainer} would see.
     */
    public SparkTrainingResult fit(Network initial, Dataset<Row> data, String featuresCol, String labelCol) {
        Architecture a = initial.architecture();
        boolean classification = a.output() != Output.LINEAR;
        JavaRDD<RowBlock> blocks = Packing.blocks(data, featuresCol, labelCol, a.inputSize(), a.outputSize(),
                classification).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Integer> counts = blocks.map(b -> b.rows).collect();
            return fit(initial, blocks, counts);
        } finally {
            blocks.unpersist(false);
        }
    }

    SparkTrainingResult fit(Network initial, JavaRDD<RowBlock> blocks, List<Integer> rowsPerPartition) {
        int[] starts = new int[rowsPerPartition.size()];
        long total = 0;
        for (int p = 0; p < starts.length; p++) {
            starts[p] = (int) total;
            total += rowsPerPartition.get(p);
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("the data has more than " + (Integer.MAX_VALUE - 8) + " rows");
            }
        }
        if (total == 0) throw new IllegalArgumentException("the training data has no rows");
        return new Run(initial, blocks, starts, (int) total).run();
    }

    /** One training run on the driver: the parameters, the optimiser's state and the epoch loop. */
    private final class Run {
        final JavaRDD<RowBlock> blocks;
        final JavaSparkContext jsc;
        final Backend backend;
        final Architecture architecture;
        final Job job;
        final Parameters params, grads, best, lastGood;
        final OptimizerState optimizerState;
        final boolean[] isWeight, frozen;
        final int rows, batch;
        final int[] order;
        final Rng shuffleRng;
        final List<EpochMetrics> history = new ArrayList<>();
        long stepNanos, computeNanos, updateNanos;

        Run(Network initial, JavaRDD<RowBlock> blocks, int[] starts, int rows) {
            if (config.backend() != null) {
                throw new IllegalArgumentException("TrainingConfig.backend is not supported on Spark: each executor "
                        + "uses its best backend (-Dsimdnn.backend=… in spark.executor.extraJavaOptions chooses one)");
            }
            this.blocks = blocks;
            this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
            this.backend = initial.backend();
            this.architecture = initial.architecture();
            Loss loss = config.loss() != null ? config.loss() : Loss.defaultFor(architecture.output());
            this.params = initial.parameters();
            this.grads = new Parameters(architecture);
            this.best = params.copy();
            this.lastGood = params.copy();
            int n = params.count();
            this.isWeight = new boolean[n];
            this.frozen = new boolean[n];
            for (int i = 0; i < n; i++) {
                Architecture.Tensor t = params.tensor(i);
                isWeight[i] = t.kind() == Architecture.Kind.WEIGHT;
                frozen[i] = config.freezeBiases() && t.kind() == Architecture.Kind.BIAS;
            }
            // The optimiser's state and step are Trainer's own (OptimizerState), so the update is the same code.
            this.optimizerState = new OptimizerState(config.optimizer(), OptimizerState.sizes(arrays(params)), isWeight,
                    frozen);
            this.rows = rows;
            this.batch = config.batchSize() == 0 || config.batchSize() >= rows ? rows : config.batchSize();
            this.order = new int[rows];
            for (int i = 0; i < rows; i++) order[i] = i;
            this.shuffleRng = new Rng(config.seed() ^ SHUFFLE_STREAM);
            this.job = new Job(ThreadLocalRandom.current().nextLong(), ArchitectureJson.write(architecture), loss, batch, rows,
                    starts, config.seed(), (float) config.weightDecay(), config.clipNorm(), config.freezeBiases());
        }

        SparkTrainingResult run() {
            TrainingListener[] listeners = config.listeners().toArray(new TrainingListener[0]);
            int batches = (rows + batch - 1) / batch;
            boolean fullBatch = batch == rows, local = localSteps > 1;
            boolean early = config.earlyStoppingPatience() > 0;
            double bestScore = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            boolean stopped = false;
            LOG.info("training {} on {} rows in {} partitions: {} batches of {} per epoch, {}", architecture, rows,
                    job.starts().length, batches, batch, local ? localSteps + " local steps per round" : "synchronous");
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                double lr = config.schedule().rate(config.optimizer().learningRate(), epoch);
                if (!(lr > 0) || !Double.isFinite(lr)) {
                    throw new IllegalArgumentException("the schedule gives learning rate " + lr + " at epoch " + epoch);
                }
                Broadcast<int[]> orderB = null;
                if (config.shuffle() && !fullBatch) {
                    shuffleRng.shuffle(order);
                    orderB = jsc.broadcast(order);
                }
                for (TrainingListener l : listeners) l.onEpochStart(epoch, batches);
                double lossSum = 0;
                long correct = 0;
                try {
                    for (int b = 0; b < batches; b += localSteps) {
                        int count = Math.min(localSteps, batches - b);
                        long m = 0;
                        for (int j = b; j < b + count; j++) m += Math.min(batch, rows - j * batch);
                        long t0 = System.nanoTime();
                        Partial total = aggregate(new Step(job, jsc.broadcast(arrays(params)), orderB, epoch, b, count,
                                local, optimizerState.steps() + 1, (float) lr, m));
                        long t1 = System.nanoTime();
                        double batchLoss = total.nonFinite ? total.lossSum : total.lossSum / m;
                        if (!Double.isFinite(batchLoss)) diverged(epoch, b + count, batchLoss);
                        update(total, (float) lr, local);
                        long t2 = System.nanoTime();
                        stepNanos += t2 - t0;
                        computeNanos += total.computeNanos;
                        updateNanos += t2 - t1;
                        correct += total.correct;
                        lossSum += total.lossSum;
                        for (TrainingListener l : listeners) l.onBatchEnd(epoch, b + count, batchLoss);
                    }
                } finally {
                    if (orderB != null) orderB.destroy();
                }
                if (!finite(params)) diverged(epoch, batches, Double.NaN);
                double trainLoss = lossSum / rows + Updates.penalty(backend, params, isWeight, config.weightDecay());
                double trainAccuracy = architecture.output() == Output.LINEAR ? Double.NaN : correct / (double) rows;
                EpochMetrics m = new EpochMetrics(epoch, trainLoss, trainAccuracy, Double.NaN, Double.NaN, lr,
                        System.nanoTime() - start, null);
                history.add(m);
                int rounds = (batches + localSteps - 1) / localSteps;
                LOG.info("{}; per {}: {} ms, of which {} ms computing on the slowest partition and {} ms updating on "
                        + "the driver", m, local ? "round" : "step", ms(stepNanos / rounds), ms(computeNanos / rounds),
                        ms(updateNanos / rounds));
                stepNanos = computeNanos = updateNanos = 0;
                for (TrainingListener l : listeners) l.onEpochEnd(m);
                lastGood.copyFrom(params);
                if (trainLoss < bestScore) {
                    bestScore = trainLoss;
                    bestEpoch = epoch;
                    if (early) best.copyFrom(params);
                } else if (early && epoch - bestEpoch >= config.earlyStoppingPatience()) {
                    stopped = true;
                    break;
                }
            }
            return new SparkTrainingResult(Network.of(architecture, early ? best : params, backend), history,
                    early ? bestEpoch : history.size(), stopped);
        }

        private Partial aggregate(Step s) {
            try {
                return blocks.treeAggregate(Partial.empty(), (acc, block) -> Partial.combine(acc, s.run(block)),
                        Partial::combine, depth);
            } finally {
                s.parameters().destroy();
            }
        }

        /**
         * Synchronous: {@code Trainer}'s update from the summed gradient. Local steps: the summed weight change Δ as
         * the pseudo-gradient −Δ/lr of the optimiser (weight decay and clipping already applied by the partitions).
         */
        private void update(Partial total, float lr, boolean local) {
            int n = params.count();
            for (int i = 0; i < n; i++) {
                float[] g = grads.values(i), s = total.sum[i];
                if (local) {
                    for (int j = 0; j < g.length; j++) g[j] = -s[j] / lr;
                } else {
                    System.arraycopy(s, 0, g, 0, g.length);
                }
            }
            if (!local) {
                Updates.decay(backend, params, grads, isWeight, (float) config.weightDecay());
                optimizerState.clip(backend, config.clipNorm(), grads::values, n);
            }
            optimizerState.step(backend, lr, params::values, grads::values, n);
        }

        private void diverged(int epoch, int batch, double l) {
            String hint = Double.isNaN(l) && finite(params) ? "" : "; try a smaller learning rate or clipNorm";
            throw new TrainingDivergedException(epoch, batch, l, Network.of(architecture, lastGood, backend), hint);
        }
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private static float[][] arrays(Parameters p) {
        float[][] a = new float[p.count()][];
        for (int i = 0; i < a.length; i++) a[i] = p.values(i);
        return a;
    }

    private static boolean finite(Parameters p) {
        for (int i = 0; i < p.count(); i++) {
            for (float v : p.values(i)) {
                if (!Float.isFinite(v)) return false;
            }
        }
        return true;
    }
}
