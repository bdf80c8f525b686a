package io.simdnn.cli;

import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.Optimizers;
import io.simdnn.train.TrainingListener;
import io.simdnn.train.autoencoder.AutoEncoder;
import io.simdnn.train.autoencoder.AutoEncoderTrainer;
import io.simdnn.train.autoencoder.Corruption;
import io.simdnn.train.autoencoder.Sparsity;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Scaler;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simdnn autoencoder}: trains a one-layer auto-encoder (undercomplete, tied, denoising or sparse) on a data
 * set's features and reports its reconstruction error on training and held-out rows; saves the network and the
 * codes.
 */
@Command(name = "autoencoder", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an auto-encoder (input → code → reconstruction) on a data set's features and report the"
                + " reconstruction error on training and held-out test rows.",
                "Features are standardised with the training rows' statistics; errors are mean squared errors per"
                        + " feature in those standardised units. The saved network takes raw features and returns"
                        + " raw reconstructions (the scaling is folded into its first and last layers)."},
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn autoencoder                          digits, 16-unit sigmoid code",
                "  simdnn autoencoder --code 8 --tied --denoise 0.25 --codes codes.csv",
                "  simdnn autoencoder --data wine --code 4 --sparsity 0.05 --out ae.safetensors"})
final class AutoencoderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--code", paramLabel = "N", defaultValue = "16",
            description = "Width of the code layer (default: ${DEFAULT-VALUE}).")
    int code;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "sigmoid",
            converter = Converters.ActivationConverter.class,
            description = "The code layer's activation (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--tied", description = "Decode with the transpose of the encoder's weights.")
    boolean tied;

    @Option(names = "--denoise", paramLabel = "FRACTION", defaultValue = "0",
            description = "Denoising: zero this share of each training input at random (default: ${DEFAULT-VALUE}).")
    double denoise;

    @Option(names = "--sparsity", paramLabel = "RHO", defaultValue = "0",
            description = "Sparse code: KL penalty towards this mean activation, in (0, 1), for sigmoid codes"
                    + " (default: 0 = off).")
    double sparsity;

    @Option(names = "--sparsity-weight", paramLabel = "BETA", defaultValue = "0.5",
            description = "Weight of the sparsity penalty (default: ${DEFAULT-VALUE}).")
    double sparsityWeight;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            converter = Converters.OptimizerConverter.class,
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30",
            description = "Passes over the training rows (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Rows per step; 0 = full batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--test-split", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "Share of all rows held out to measure the error on unseen rows (default: ${DEFAULT-VALUE}).")
    double testSplit;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the split, the initial weights, the shuffling and the noise (default:"
                    + " ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", paramLabel = "FILE.safetensors",
            description = "Save the auto-encoder as a network: raw features in, raw reconstructions out.")
    Path out;

    @Option(names = "--codes", paramLabel = "FILE.csv",
            description = "Write the code of every row of the data set (then its label, for classes) as CSV.")
    Path codes;

    @Override
    public Integer call() throws IOException {
        OutputPaths.check("--out", out, "model");
        OutputPaths.check("--codes", codes, "codes");
        PrintWriter o = spec.commandLine().getOut();
        if (!(denoise >= 0 && denoise < 1)) throw new UsageException("--denoise " + denoise + " must be in [0, 1)");
        if (!(sparsity >= 0 && sparsity < 1)) throw new UsageException("--sparsity " + sparsity + " must be in [0, 1)");
        if (!(lr > 0) || Double.isInfinite(lr)) throw new UsageException("--lr " + lr + " must be a positive number");
        Dataset all = data.load();
        TrainCommand.fraction("--test-split", testSplit);
        Splits.Split split = data.impute(Splits.random(all, 0, testSplit, seed));
        Scaler scaler = Standardizer.fit(split.train());
        Dataset train = scaler.transform(split.train());
        Dataset test = split.test() == null ? null : scaler.transform(split.test());
        Backend backend = backendOptions.create();
        int width = String.valueOf(epochs).length();
        TrainingListener progress = new TrainingListener() { // each epoch's line as the epoch ends
            @Override
            public void onEpochEnd(EpochMetrics m) {
                o.printf(Locale.ROOT, "epoch %" + width + "d/%d  loss %.4f%n", m.epoch(), epochs, m.trainLoss());
                if (m.epoch() == 1 && sparsity > 0) o.println("  (loss = ½‖r − x‖² per row + the sparsity penalty)");
                o.flush();
            }
        };
        AutoEncoderTrainer trainer = AutoEncoderTrainer.builder().code(code).activation(activation).tied(tied)
                .corruption(denoise > 0 ? Corruption.masking(denoise) : Corruption.none())
                .sparsity(sparsity > 0 ? Sparsity.kl(sparsity, sparsityWeight) : Sparsity.none())
                .optimizer(Optimizers.parse(optimizer, lr)).epochs(epochs).batchSize(batch).seed(seed)
                .backend(backend).listener(progress).build();

        o.printf(Locale.ROOT, "Data:     %s, %d rows, %d features; split %d train / %s test (seed %d), standardised"
                        + " on the training rows%n", all.name(), all.rows(), all.featureCount(), train.rows(),
                test == null ? "0" : test.rows(), seed);
        o.printf(Locale.ROOT, "Network:  %d-%d(%s)-%d linear%s%s%s%n", all.featureCount(), code,
                activation.name().toLowerCase(Locale.ROOT), all.featureCount(), tied ? ", tied" : "",
                denoise > 0 ? ", denoising (masking " + denoise + ")" : "",
                sparsity > 0 ? ", sparse (KL towards " + sparsity + ", weight " + sparsityWeight + ")" : "");
        o.printf(Locale.ROOT, "Training: %s (lr %s), batch %s, %d epochs, on %s%n%n", optimizer, lr,
                batch == 0 ? "full" : String.valueOf(batch), epochs, backend);
        o.flush();
        long start = System.nanoTime();
        AutoEncoder ae = trainer.fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        o.println();
        // The loss is ½‖r − x‖² per row (plus any sparsity penalty); the per-row errors are means over the
        // features: reported both ways, so that the loss and the error can be compared.
        double half = all.featureCount() / 2.0;
        double trainError = mean(ae.reconstructionErrors(train));
        double testError = test == null ? Double.NaN : mean(ae.reconstructionErrors(test));
        o.printf(Locale.ROOT, "Reconstruction error, ½‖r − x‖² per row (the loss's units): train %.4f%s%n",
                half * trainError, test == null ? "" : String.format(Locale.ROOT, ", test %.4f", half * testError));
        o.printf(Locale.ROOT, "Reconstruction error, mean squared per feature: train %.4f%s (standardised"
                + " units)%n", trainError, test == null ? "" : String.format(Locale.ROOT, ", test %.4f", testError));
        o.printf(Locale.ROOT, "Time:     %.2f s for %d epochs, %,.0f samples/s, on %s%n", seconds, epochs,
                (double) epochs * train.rows() / seconds, backend);
        if (out != null) {
            ModelFiles.save(rawUnits(ae.toNetwork(), scaler), out);
            o.println("Model:    " + out + " (raw features in, raw reconstructions out)");
        }
        if (codes != null) {
            Dataset encoded = ae.encode(scaler.transform(data.complete(all)));
            writeCodes(encoded);
            o.println("Codes:    " + codes + " (" + all.rows() + " rows: c0..c" + (code - 1)
                    + (all.isClassification() ? ", then the label" : "") + ")");
        }
        o.flush();
        return 0;
    }

    /**
     * The network on raw units: the scaling folded into the encoder (as train does) and undone after the decoder,
     * r = r'·b + a, by scaling each output row of the decoder's weights and bias by bⱼ and adding aⱼ to the bias.
     */
    static Network rawUnits(Network standardised, Scaler scaler) {
        Network folded = ScalerFolding.fold(standardised, scaler);
        Parameters p = folded.parameters();
        float[] a = scaler.parameterA(), b = scaler.parameterB();
        int last = p.count() - 1;
        float[] w = p.values(last - 1), bias = p.values(last);
        int inputs = a.length, codeWidth = w.length / inputs;
        for (int j = 0; j < inputs; j++) {
            for (int k = 0; k < codeWidth; k++) w[j * codeWidth + k] *= b[j];
            bias[j] = bias[j] * b[j] + a[j];
        }
        return folded.withParameters(p);
    }

    private void writeCodes(Dataset encoded) throws IOException {
        AtomicFiles.write(codes, "codes", stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < code; k++) line.append(k > 0 ? "," : "").append('c').append(k);
            if (encoded.isClassification()) line.append(",label");
            w.write(line.append('\n').toString());
            float[] x = encoded.features();
            for (int r = 0; r < encoded.rows(); r++) {
                line.setLength(0);
                for (int k = 0; k < code; k++) line.append(k > 0 ? "," : "").append(x[r * code + k]);
                if (encoded.isClassification()) line.append(',').append(encoded.labels()[r]);
                w.write(line.append('\n').toString());
            }
            w.flush();
        });
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
