package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.autoencoder.AutoEncoderTrainer;
import io.simdnn.train.autoencoder.Corruption;
import io.simdnn.train.autoencoder.Sparsity;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.MinMaxScaler;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training step (gather, forward with dropout, loss, backward, decay, clipping, Adam) allocates nothing, and so
 * does an auto-encoder's (gather, corruption, objective with the sparsity penalty, backward, clipping, Adam). Run
 * interpreted ({@code -Xint}) every step allocates exactly 0 bytes; with the JIT, a step that coincides with a
 * compilation or deoptimisation can see a few dozen bytes once. So the test requires 0 bytes in all but a few steps
 * (any per-step allocation, even 16 bytes, would show in every step) and a small total. */
class TrainingAllocationTest {

    static List<Backend> backends() {
        return TestBackends.all();
    }

    /** Records the thread's allocated bytes at every batch end into a preallocated array (allocation-free). */
    private static final class Probe implements TrainingListener {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long[] atBatchEnd;
        final int firstEpoch;
        int n;

        Probe(int capacity, int firstEpoch) {
            this.atBatchEnd = new long[capacity];
            this.firstEpoch = firstEpoch;
        }

        @Override
        public void onBatchEnd(int epoch, int batch, double loss) {
            if (epoch >= firstEpoch && batch > 1) atBatchEnd[n++] = mx.getCurrentThreadAllocatedBytes();
        }
    }

    /** Steady-state steps of one training run, and how many of them allocated. */
    private record Measured(int steps, int allocating, long total) {
        boolean clean() {
            return allocating <= steps / 20 && total <= 4096;
        }
    }

    /** Runs {@code train} (12 epochs of {@code batches} steps reporting to the probe) and counts its steady state. */
    private static Measured measured(int batches, java.util.function.Consumer<Probe> train) {
        int epochs = 12;
        Probe probe = new Probe(epochs * batches, 9);
        train.accept(probe);
        long total = 0;
        int steps = 0, allocating = 0;
        for (int i = 1; i < probe.n; i++) {
            long delta = probe.atBatchEnd[i] - probe.atBatchEnd[i - 1];
            if (delta >= 0 && i % (batches - 1) != 0) { // skip the step that crosses an epoch boundary
                total += delta;
                if (delta != 0) allocating++;
                steps++;
            }
        }
        return new Measured(steps, allocating, total);
    }

    private static Measured measuredRun(Backend b, Dataset digits) {
        Network net = Network.builder().input(64).dense(32, Activation.RELU).dropout(0.2).prelu(16).dense(10)
                .output(Output.SOFTMAX).seed(1).backend(b).build();
        return measured((digits.rows() + 31) / 32, probe -> new Trainer().fit(net, digits, null, TrainingConfig
                .builder().optimizer(Optimizers.adam(1e-3)).weightDecay(1e-4).clipNorm(5).epochs(12).batchSize(32)
                .listener(probe).build()));
    }

    /** Tied weights, masking noise, the KL penalty, clipping and a schedule: every part of the auto-encoder step. */
    private static Measured measuredAutoEncoderRun(Backend b, Dataset digits) {
        return measured((digits.rows() + 31) / 32, probe -> AutoEncoderTrainer.builder().code(16).tied(true)
                .corruption(Corruption.masking(0.25)).sparsity(Sparsity.kl(0.05, 0.5)).optimizer(Optimizers.adam(1e-3))
                .schedule(LearningRateSchedule.cosine(12, 1e-4)).clipNorm(5).epochs(12).batchSize(32).seed(1)
                .backend(b).listener(probe).build().fit(digits));
    }

    /** Measures until the last epochs are clean or a minute has passed, and requires them clean. */
    private static void assertSteadyStateAllocatesNothing(String what, Backend b,
            java.util.function.Supplier<Measured> run) {
        // Vector API code boxes its vectors until C2 has compiled it, which takes longer on a busy machine: repeat
        // the run until its last epochs are clean (a real per-step allocation never gets there and fails below).
        long deadline = System.nanoTime() + 60_000_000_000L;
        Measured m = run.get();
        while (!m.clean() && System.nanoTime() < deadline) m = run.get();
        System.out.printf("%s allocation %s: %d bytes over %d steady-state steps of batch 32 (%d steps with any)%n",
                what, b.name(), m.total(), m.steps(), m.allocating());
        assertTrue(m.allocating() <= m.steps() / 20,
                m.allocating() + " of " + m.steps() + " steps allocated (" + m.total() + " bytes)");
        assertTrue(m.total() <= 4096, m.total() + " bytes allocated by " + m.steps() + " " + what + " steps");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void steadyStateTrainingStepsAllocateNothing(Backend b) {
        Dataset digits = Datasets.load("digits"); // 1,797 rows: 57 batches of 32 per epoch
        assertSteadyStateAllocatesNothing("training", b, () -> measuredRun(b, digits));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void steadyStateAutoEncoderStepsAllocateNothing(Backend b) {
        Dataset digits = MinMaxScaler.fit(Datasets.load("digits")).transform(Datasets.load("digits"));
        assertSteadyStateAllocatesNothing("auto-encoder training", b, () -> measuredAutoEncoderRun(b, digits));
    }
}
