package io.simdnn.train.autoencoder;

import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Rng;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import io.simdnn.train.Metrics;
import io.simdnn.train.Optimizers;
import io.simdnn.train.Trainer;
import io.simdnn.train.TrainingConfig;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.MinMaxScaler;
import io.simdnn.train.data.Splits;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The auto-encoder figures of {@code docs/elm-and-autoencoders.md} on digits (seeded stratified 80/20 split, pixels
 * scaled to [0, 1] on the training part): reconstruction errors, denoising, sparsity, the anomaly-score ROC AUC for
 * each held-out digit, 2-D codes, features for a classifier and the stacked denoising auto-encoder. Argument:
 * the backend name (default auto). The tests assert bounds on the same set-ups.
 */
public final class AutoEncoderFigures {
    private AutoEncoderFigures() {}

    /** Digits split 80/20 (seed 42), scaled to [0, 1] by a MinMaxScaler fitted on the training part. */
    static Dataset[] digits() {
        Splits.Split split = Splits.random(Datasets.load("digits"), 0, 0.2, 42);
        MinMaxScaler scaler = MinMaxScaler.fit(split.train());
        return new Dataset[] {scaler.transform(split.train()), scaler.transform(split.test())};
    }

    /** The reference set-up: 64 → code sigmoid units → sigmoid reconstruction, cross-entropy, Adam. */
    static AutoEncoderTrainer.Builder reference(Backend backend, int code) {
        return AutoEncoderTrainer.builder().code(code).activation(Activation.SIGMOID)
                .reconstruction(Output.SIGMOID, Loss.SIGMOID_CROSS_ENTROPY).optimizer(Optimizers.adam(0.01))
                .epochs(30).batchSize(32).seed(1).backend(backend);
    }

    /** Rows of {@code data} whose label is (or, with {@code keep} false, is not) {@code label}. */
    static Dataset withLabel(Dataset data, int label, boolean keep) {
        int[] rows = IntStream.range(0, data.rows()).filter(i -> (data.labels()[i] == label) == keep).toArray();
        return data.subset(rows);
    }

    /** AUC of the reconstruction error for one held-out digit: trained on the other digits' training rows. */
    static double anomalyAuc(Backend backend, Dataset train, Dataset test, int heldOut, int code) {
        AutoEncoder ae = reference(backend, code).build().fit(withLabel(train, heldOut, false));
        double[] scores = ae.reconstructionErrors(test);
        boolean[] anomaly = new boolean[test.rows()];
        for (int i = 0; i < anomaly.length; i++) anomaly[i] = test.labels()[i] == heldOut;
        return RocAuc.of(scores, anomaly);
    }

    /** Mean squared error between the reconstruction of a corrupted copy of data and the clean data. */
    static double denoisingError(AutoEncoder ae, Dataset data, Corruption corruption, long seed) {
        float[] x = data.features(), noisy = new float[x.length], r = new float[x.length];
        corruption.apply(x.length, x, 0, noisy, 0, new Rng(seed));
        ae.reconstruct(data.rows(), noisy, 0, r, 0);
        double s = 0;
        for (int i = 0; i < x.length; i++) s += ((double) r[i] - x[i]) * ((double) r[i] - x[i]);
        return s / x.length;
    }

    /** Mean code activation over rows and units. */
    static double meanActivation(AutoEncoder ae, Dataset data) {
        Dataset codes = ae.encode(data);
        double s = 0;
        for (float v : codes.features()) s += v;
        return s / codes.features().length;
    }

    /** Accuracy of the nearest class centroid (centroids from train) in the feature space of the data sets. */
    static double nearestCentroidAccuracy(Dataset train, Dataset test) {
        int k = train.classCount(), f = train.featureCount();
        double[][] centroid = new double[k][f];
        int[] counts = new int[k];
        for (int i = 0; i < train.rows(); i++) {
            counts[train.labels()[i]]++;
            for (int j = 0; j < f; j++) centroid[train.labels()[i]][j] += train.features()[i * f + j];
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < f; j++) centroid[c][j] /= counts[c];
        }
        int correct = 0;
        for (int i = 0; i < test.rows(); i++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double d = 0;
                for (int j = 0; j < f; j++) {
                    double diff = test.features()[i * f + j] - centroid[c][j];
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            if (best == test.labels()[i]) correct++;
        }
        return (double) correct / test.rows();
    }

    /** Test accuracy of a softmax regression (one linear layer) trained on the given features. */
    static double softmaxRegressionAccuracy(Backend backend, Dataset train, Dataset test) {
        Network initial = Network.builder().input(train.featureCount()).dense(train.classCount())
                .output(Output.SOFTMAX).seed(3).backend(backend).build();
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.adam(0.01)).epochs(60).batchSize(64)
                .seed(3).backend(backend).build();
        Network trained = Trainer.train(initial, train, null, config).network();
        return Metrics.evaluate(trained, test).accuracy();
    }

    public static void main(String[] args) {
        Backend backend = Backends.get(args.length > 0 ? args[0] : "auto");
        Dataset[] d = digits();
        Dataset train = d[0], test = d[1];
        System.out.printf(Locale.ROOT, "digits [0, 1]: %d train / %d test rows, backend %s%n", train.rows(),
                test.rows(), backend);

        System.out.println("\nReconstruction (64 inputs, sigmoid codes, sigmoid + cross-entropy, Adam 0.01, 30 epochs):");
        System.out.println("| code | tied | test MSE per pixel | train MSE | fit time (ms) |");
        System.out.println("| ---: | --- | ---: | ---: | ---: |");
        for (int code : new int[] {2, 8, 16, 32}) {
            for (boolean tied : new boolean[] {false, true}) {
                long t0 = System.nanoTime();
                AutoEncoder ae = reference(backend, code).tied(tied).build().fit(train);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf(Locale.ROOT, "| %d | %s | %.5f | %.5f | %d |%n", code, tied ? "yes" : "no",
                        ae.meanReconstructionError(test), ae.meanReconstructionError(train), ms);
            }
        }

        System.out.println("\nDenoising (code 32): MSE against the clean test rows when reconstructing corrupted ones:");
        System.out.println("| trained with | masking 30 % input | gaussian σ = 0.2 input | clean input |");
        System.out.println("| --- | ---: | ---: | ---: |");
        Corruption[] corruptions = {Corruption.none(), Corruption.masking(0.3), Corruption.gaussian(0.2)};
        for (Corruption c : corruptions) {
            AutoEncoder ae = reference(backend, 32).corruption(c).build().fit(train);
            System.out.printf(Locale.ROOT, "| %s | %.5f | %.5f | %.5f |%n", c,
                    denoisingError(ae, test, Corruption.masking(0.3), 9),
                    denoisingError(ae, test, Corruption.gaussian(0.2), 9), ae.meanReconstructionError(test));
        }

        System.out.println("\nSparsity (code 32): mean code activation and test MSE:");
        System.out.println("| penalty | mean activation | test MSE |");
        System.out.println("| --- | ---: | ---: |");
        for (Sparsity s : new Sparsity[] {Sparsity.none(), Sparsity.kl(0.05, 0.5), Sparsity.kl(0.05, 3),
                Sparsity.l1(0.1)}) {
            AutoEncoder ae = reference(backend, 32).sparsity(s).build().fit(train);
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.5f |%n", s, meanActivation(ae, test),
                    ae.meanReconstructionError(test));
        }

        System.out.println("\nAnomaly score: ROC AUC of the reconstruction error, one digit held out of training (code 16):");
        System.out.println("| held-out digit | " + String.join(" | ", IntStream.range(0, 10).mapToObj(String::valueOf)
                .toList()) + " |");
        System.out.println("| --- |" + " ---: |".repeat(10));
        StringBuilder row = new StringBuilder("| AUC |");
        for (int digit = 0; digit < 10; digit++) {
            row.append(String.format(Locale.ROOT, " %.3f |", anomalyAuc(backend, train, test, digit, 16)));
        }
        System.out.println(row);

        System.out.println("\nCodes as features:");
        AutoEncoder two = reference(backend, 2).epochs(60).build().fit(train);
        System.out.printf(Locale.ROOT, "2-unit codes: nearest-centroid test accuracy %.3f (raw 64 pixels: %.3f)%n",
                nearestCentroidAccuracy(two.encode(train), two.encode(test)), nearestCentroidAccuracy(train, test));
        AutoEncoder features = reference(backend, 32).build().fit(train);
        System.out.printf(Locale.ROOT, "softmax regression on 32-unit codes: test accuracy %.3f (on raw pixels: %.3f)%n",
                softmaxRegressionAccuracy(backend, features.encode(train), features.encode(test)),
                softmaxRegressionAccuracy(backend, train, test));

        long t0 = System.nanoTime();
        StackedAutoEncoder sdae = StackedAutoEncoder.pretrain(train,
                reference(backend, 48).corruption(Corruption.masking(0.2)).build(), 48, 24);
        Network initial = sdae.classifier(10, Output.SOFTMAX, 7, backend);
        double before = Metrics.evaluate(initial, test).accuracy();
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.adam(0.005)).epochs(30).batchSize(32)
                .seed(7).backend(backend).build();
        Network tuned = Trainer.train(initial, train, null, config).network();
        System.out.printf(Locale.ROOT, "stacked denoising 64-48-24-10: test accuracy %.3f after fine-tuning (%.3f"
                + " before), %d ms%n", Metrics.evaluate(tuned, test).accuracy(), before,
                (System.nanoTime() - t0) / 1_000_000);
    }
}
