package io.simdnn.spark;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Rng;
import io.simdnn.spi.Activation;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.Optimizers;
import io.simdnn.train.Trainer;
import io.simdnn.train.TrainingConfig;
import io.simdnn.train.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Samples/s of a training epoch: the single-JVM Trainer against SparkTrainer on local[1] (one partition) and
 * local[2] (two), same synthetic data and network (784-256-128-10, Adam). Arguments: rows, batch sizes (comma
 * separated), epochs per run (the first is warm-up; the median of the others is reported).
 */
public final class SparkEpochBenchmark {
    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 16384;
        int[] batches = Arrays.stream((args.length > 1 ? args[1] : "128,1024").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Dataset data = synthetic(rows, 784, 10);
        Architecture a = Architecture.parse("784-256-128-10", Activation.RELU, Output.SOFTMAX);
        Network initial = Network.create(a, null, 1, null);
        System.out.printf(Locale.ROOT, "%s, %d rows, %d epochs per run (median of the last %d), on %s%n", a, rows,
                epochs, epochs - 1, initial.backend().name());
        for (int batch : batches) {
            TrainingConfig c = TrainingConfig.builder().optimizer(Optimizers.adam(1e-3)).epochs(epochs)
                    .batchSize(batch).seed(1).build();
            double single = median(Trainer.train(initial, data, null, c).history().epochs());
            report("single JVM", batch, rows, single, single);
            for (int threads : new int[] {1, 2}) {
                SparkSession spark = SparkSession.builder().master("local[" + threads + "]")
                        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                        .getOrCreate();
                try {
                    SparkTrainingResult r = new SparkTrainer(c).fit(initial, SparkData.toDataFrame(spark, data, threads),
                            "features", "label");
                    report("local[" + threads + "], " + threads + " partition" + (threads > 1 ? "s" : ""), batch, rows,
                            median(r.epochs()), single);
                } finally {
                    spark.stop();
                }
            }
        }
    }

    private static void report(String what, int batch, int rows, double seconds, double single) {
        int steps = (rows + batch - 1) / batch;
        System.out.printf(Locale.ROOT, "batch %5d  %-26s %8.0f samples/s  epoch %6.2f s  %6.2f ms/step  %.2f× single%n",
                batch, what, rows / seconds, seconds, 1e3 * seconds / steps, single / seconds);
    }

    private static double median(List<EpochMetrics> epochs) {
        double[] s = epochs.stream().skip(1).mapToDouble(m -> m.nanos() / 1e9).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Uniform features in [0, 1) and a class that depends on them (a linear rule), so the loss can fall. */
    static Dataset synthetic(int rows, int features, int classes) {
        Rng rng = new Rng(7);
        float[] x = new float[rows * features];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < features; j++) {
                float v = rng.nextFloat();
                x[r * features + j] = v;
                if (j % 7 == 0) s += v;
            }
            labels[r] = Math.floorMod((int) (s * 3), classes);
        }
        return Dataset.classification("synthetic", x, rows, features, labels, classes, null);
    }
}
