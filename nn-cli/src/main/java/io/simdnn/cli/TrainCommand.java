package io.simdnn.cli;

import io.simdnn.model.Init;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.Evaluation;
import io.simdnn.train.History;
import io.simdnn.train.Metrics;
import io.simdnn.train.Optimizers;
import io.simdnn.train.RegressionMetrics;
import io.simdnn.train.Checkpoints;
import io.simdnn.train.Diagnostics;
import io.simdnn.train.Trainer;
import io.simdnn.train.TrainingState;
import io.simdnn.train.TrainingConfig;
import io.simdnn.train.TrainingResult;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Scaler;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simdnn train}: trains a multi-layer perceptron on a data set with a seeded train/validation/test split and
 * reports its accuracy on the held-out test rows, the time and the throughput.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a multi-layer perceptron and report its accuracy on held-out test rows.",
                "The data is split (seeded, stratified by class) into training, validation and test rows; features"
                        + " are standardised with statistics of the training rows only. Input and output sizes"
                        + " come from the data: --hidden sets the layers between them (or give the whole list with"
                        + " --layers). A saved model takes raw features: the standardisation is folded into its"
                        + " first layer."},
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn train                      digits, 64-128-10 ReLU, Adam, 30 epochs",
                "  simdnn train --data iris --hidden 16 --lr 0.01 --batch 16 --epochs 100 \\",
                "      --out iris.safetensors --plot iris.png",
                "  simdnn train --data wine --optimizer momentum --dropout 0.2",
                "  simdnn train --data my.csv --label-column species --layers 4,32,3"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--hidden", split = ",", paramLabel = "N", defaultValue = "128",
            description = "Hidden layer sizes, comma-separated; input and output sizes come from the data"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--layers", split = ",", paramLabel = "N",
            description = "All layer sizes, input to output, e.g. 64,128,10: instead of --hidden; the first and last"
                    + " must match the data's features and classes.")
    List<Integer> layers;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            converter = Converters.ActivationConverter.class,
            description = "Hidden activation: relu, leaky_relu, elu, sigmoid, tanh, softplus, swish, gelu, ..."
                    + " (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--output", paramLabel = "NAME", converter = Converters.OutputConverter.class,
            description = "Output link: softmax, sigmoid or linear (default: softmax for classes, linear for"
                    + " regression).")
    Output output;

    @Option(names = "--loss", paramLabel = "NAME", converter = Converters.LossConverter.class,
            description = "Loss: softmax_cross_entropy, sigmoid_cross_entropy, mse, mae, squared_error,"
                    + " absolute_error, hinge, normalised as PyTorch's reduction='mean' (docs/interop.md) (default: the"
                    + " one that matches the output link).")
    Loss loss;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            converter = Converters.OptimizerConverter.class,
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate (default: 0.001 for adam, adamw and rmsprop, 0.01 for momentum and"
                    + " nesterov, 0.05 for adagrad, 0.1 for sgd).")
    Double lr;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30",
            description = "The most passes over the training rows (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Rows per step; 0 = full batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA", defaultValue = "0",
            description = "L2 penalty ½λ‖W‖² on the weights (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--dropout", paramLabel = "RATE", defaultValue = "0",
            description = "Dropout rate after each hidden layer, during training only (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--init", paramLabel = "NAME", converter = Converters.InitConverter.class,
            description = "Weight initialiser: uniform, normal, xavier or he (default: he for ReLU-like"
                    + " activations, xavier otherwise).")
    Init init;

    @Option(names = "--val-split", paramLabel = "FRACTION", defaultValue = "0.1",
            description = "Share of all rows held out for validation (early stopping, curves) (default:"
                    + " ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--test-split", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "Share of all rows held out for the final test (default: ${DEFAULT-VALUE}).")
    double testSplit;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", defaultValue = "5",
            description = "Stop after this many epochs without a better validation loss and keep the best epoch;"
                    + " 0 = off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--standardize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Scale each feature to mean 0, standard deviation 1 using the training rows (default:"
                    + " yes; --no-standardize to train on raw values).")
    boolean standardize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the split, the initial weights, the shuffling and dropout (default:"
                    + " ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", paramLabel = "FILE.safetensors",
            description = "Save the trained model (safetensors, loadable by eval, predict and PyTorch).")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Write the loss and accuracy curves (training and validation) as a PNG or JPEG (by the"
                    + " name: .png, .jpg, .jpeg); the epoch early stopping kept is marked.")
    Path plot;

    @Option(names = "--plot-log", description = "Draw the loss on a logarithmic axis.")
    boolean plotLog;

    @Option(names = "--diagnostics",
            description = "After each epoch, per layer: gradient norm, weight norm, update/weight ratio and, for"
                    + " ReLU layers, the share of units no sample activated (vanishing gradients, dying ReLUs);"
                    + " with --plot also drawn, in FILE-diagnostics.png.")
    boolean diagnostics;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "Write a checkpoint (parameters, optimiser state, epoch, random state, history) every N"
                    + " epochs; 0 = only when interrupted by Ctrl-C (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Where checkpoints go, written atomically (default: the --out file with .ckpt added,"
                    + " else train.ckpt).")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue the run a checkpoint was taken from, with the same data and options (--epochs"
                    + " may be larger): the result is bit-identical to an uninterrupted run.")
    Path resume;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        checkOptions();
        Path checkpointFile = checkpoint != null ? checkpoint
                : out != null ? out.resolveSibling(out.getFileName() + ".ckpt") : Path.of("train.ckpt");
        OutputPaths.check("--out", out, "model");
        OutputPaths.checkImage("--plot", plot);
        OutputPaths.check(checkpoint != null ? "--checkpoint" : "checkpoint", checkpointFile, "checkpoint");
        TrainingState resumed = null;
        if (resume != null) {
            if (!Files.isRegularFile(resume)) throw new UserException("--resume: file not found: " + resume);
            resumed = Checkpoints.read(resume);
        }
        Dataset all = data.load();
        if (!standardize) DataChecks.requireTrainableMagnitudes(all);
        int inputs = all.featureCount();
        // Two classes may be one sigmoid unit (--layers ...,1): the probability of the second class.
        boolean oneUnitBinary = all.isClassification() && all.classCount() == 2 && layers != null
                && layers.getLast() == 1;
        int outputs = oneUnitBinary ? 1 : all.targetCount();
        List<Integer> hiddenSizes = hiddenSizes(inputs, outputs, all);
        Splits.Split split = data.impute(Splits.random(all, valSplit, testSplit, seed));
        DataChecks.requireTwoClasses(all);
        Dataset train = split.train(), validation = split.validation(), test = split.test();
        Scaler scaler = standardize ? Standardizer.fit(train) : null;
        if (scaler != null) {
            train = scaler.transform(train);
            if (validation != null) validation = scaler.transform(validation);
        }

        Backend backend = backendOptions.create();
        Output link = output != null ? output : oneUnitBinary ? Output.SIGMOID
                : all.isClassification() ? Output.SOFTMAX : Output.LINEAR;
        Loss lossFn = loss != null ? loss : Loss.defaultFor(link);
        checkHead(link, lossFn, outputs, all);
        double rate = lr != null ? lr : defaultLearningRate(optimizer);
        Network.Builder builder = Network.builder().input(inputs);
        for (int h : hiddenSizes) {
            builder.dense(h, activation);
            if (dropout > 0) builder.dropout(dropout);
        }
        Network initial = builder.dense(outputs).output(link).init(init).seed(seed).backend(backend).build();

        o.printf(Locale.ROOT, "Data:     %s, %d rows, %d features, %s; split %d train / %s validation / %s test"
                        + " (seed %d)%s%n", all.name(), all.rows(), inputs,
                all.isClassification() ? DataOptions.classes(all) : outputs + " target" + (outputs == 1 ? ""
                        : "s"), train.rows(), rows(validation), rows(test), seed,
                scaler != null ? ", standardised on the training rows" : "");
        o.printf(Locale.ROOT, "Network:  %s, %,d parameters%n", initial.architecture(),
                initial.parameters().size());
        for (String line : ModelSummary.lines(initial.architecture())) o.println(line);
        o.printf(Locale.ROOT, "Training: %s (lr %s), %s, batch %s, up to %d epochs%s%s%s%n", optimizer,
                number(rate), lossFn.name().toLowerCase(Locale.ROOT), batch == 0 ? "full" : String.valueOf(batch),
                epochs, patience > 0 ? ", early stopping after " + patience + (patience == 1 ? " epoch" : " epochs")
                        + " without a better " + (validation != null ? "validation" : "training") + " loss" : "",
                weightDecay > 0 ? ", weight decay " + number(weightDecay) : "",
                dropout > 0 ? ", dropout " + number(dropout) : "");
        o.println("Backend:  " + backend);
        if (resumed != null) {
            o.println("Resuming: after epoch " + resumed.epoch() + " of " + resume);
        }
        o.println();
        o.flush();

        Diagnostics diagnosis = diagnostics ? new Diagnostics(initial.architecture()) : null;
        TrainingConfig.Builder configBuilder = TrainingConfig.builder()
                .optimizer(Optimizers.parse(optimizer, rate))
                .loss(lossFn)
                .epochs(epochs)
                .batchSize(batch)
                .weightDecay(weightDecay)
                .earlyStopping(patience)
                .seed(seed)
                .backend(backend)
                .listener(new TrainingProgress(o, SimdnnCli.terminal(), epochs, train.rows(),
                        batch == 0 ? train.rows() : Math.min(batch, train.rows())));
        if (diagnosis != null) configBuilder.listener(diagnosis).listener(new DiagnosticsLines(o, diagnosis));
        TrainingConfig config = configBuilder.build();
        long start = System.nanoTime();
        TrainingResult result;
        try (CheckpointSaver saver = new CheckpointSaver(checkpointFile, checkpointEvery, System.err)) {
            result = new Trainer().resumeFrom(resumed).onEpochState(saver).fit(initial, train, validation, config);
            if (saver.writtenEpoch() > 0) {
                o.println("Checkpoint: " + checkpointFile + " (epoch " + saver.writtenEpoch() + ")");
            }
        } catch (IllegalArgumentException e) {
            if (resumed != null && e.getMessage() != null && e.getMessage().startsWith("the checkpoint")) {
                throw new UsageException("--resume " + resume + ": " + e.getMessage(), e);
            }
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        History history = result.history();

        // The saved and tested network takes raw features: the scaler lives in its first layer.
        Network trained = scaler != null ? ScalerFolding.fold(result.network(), scaler) : result.network();
        o.println();
        if (history.stoppedEarly()) {
            o.printf(Locale.ROOT, "Stopped early after epoch %d; kept epoch %d (best %s loss).%n",
                    history.size(), history.bestEpoch(), validation != null ? "validation" : "training");
        }
        Dataset heldOut = test != null ? test : split.validation();
        String heldOutName = test != null ? "Test" : "Validation";
        if (heldOut == null) {
            o.println("No held-out rows (--val-split 0 --test-split 0): no test figures.");
        } else {
            Evaluation e = Metrics.evaluate(trained, heldOut, lossFn);
            if (all.isClassification()) {
                long correct = Math.round(e.accuracy() * heldOut.rows());
                o.printf(Locale.ROOT, "%s accuracy: %.2f%% (%d/%d), loss %.4f%n", heldOutName, 100 * e.accuracy(),
                        correct, heldOut.rows(), e.loss());
            } else {
                o.printf(Locale.ROOT, "%s loss (%s): %.6g on %d rows%n", heldOutName,
                        lossFn.name().toLowerCase(Locale.ROOT), e.loss(), heldOut.rows());
                o.printf(Locale.ROOT, "%-9s %s%n", heldOutName + ":", RegressionMetrics.of(trained, heldOut));
            }
        }
        long samples = (long) history.size() * train.rows();
        double[] epochMillis = history.epochs().stream().mapToDouble(m -> m.nanos() / 1e6).sorted().toArray();
        o.printf(Locale.ROOT, "Time:     %.2f s for %d epochs, %,.0f samples/s (median epoch %.0f ms, the first ones"
                        + " include JIT compilation), on %s%n", seconds, history.size(), samples / seconds,
                epochMillis[epochMillis.length / 2], backend);
        if (out != null) {
            ModelFiles.save(trained, Schemas.of(trained, all, data.labelColumn, scaler, train, seed, backend), out);
            o.println("Model:    " + out + (scaler != null ? " (takes raw features: the standardisation is folded"
                    + " into its first layer)" : ""));
        }
        if (plot != null) {
            writeCurves(history, all.isClassification(), all.name() + " " + trained.architecture().toString()
                    .replaceAll(" .*", ""));
            o.println("Curves:   " + plot);
            if (diagnosis != null && !diagnosis.epochs().isEmpty()) {
                Path file = DiagnosticsLines.plotFile(plot);
                Charts.diagnostics(file, all.name() + " " + trained.architecture().toString().replaceAll(" .*", ""),
                        diagnosis.epochs());
                o.println("Diagnostics: " + file);
            }
        }
        o.flush();
        return 0;
    }

    private void checkOptions() {
        if (epochs < 1) throw new UsageException("--epochs " + epochs + " must be at least 1");
        if (batch < 0) throw new UsageException("--batch " + batch + " must not be negative (0 = full batch)");
        if (!(dropout >= 0 && dropout < 1)) throw new UsageException("--dropout " + dropout + " must be in [0, 1)");
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new UsageException("--weight-decay " + weightDecay + " must be finite and not negative");
        }
        if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
            throw new UsageException("--lr " + lr + " must be a positive number");
        }
        fraction("--val-split", valSplit);
        fraction("--test-split", testSplit);
        if (valSplit + testSplit >= 1) {
            throw new UsageException("--val-split " + valSplit + " + --test-split " + testSplit + " leave no training"
                    + " rows; their sum must be below 1");
        }
        if (checkpointEvery < 0) {
            throw new UsageException("--checkpoint-every " + checkpointEvery + " must not be negative (0 = only on"
                    + " Ctrl-C)");
        }
        if (patience < 0) throw new UsageException("--early-stopping " + patience + " must not be negative (0 = off)");
        if (layers != null && spec.commandLine().getParseResult().hasMatchedOption("--hidden")) {
            throw new UsageException("give either --hidden or --layers, not both");
        }
    }

    /** A share of the rows: in [0, 1). */
    static void fraction(String option, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new UsageException(option + " " + value + " must be a fraction in [0, 1)");
        }
    }

    /** Refuses an output link and loss that cannot learn this data, with the reason (rather than a loss of 0). */
    private static void checkHead(Output link, Loss lossFn, int outputs, Dataset all) {
        if (link == Output.SOFTMAX && outputs == 1) {
            throw new UsageException("--output softmax: a softmax over one output is always 1, so nothing can be learnt; for two classes"
                    + " use one sigmoid output (--output sigmoid, binary cross-entropy) or two softmax outputs");
        }
        if (!all.isClassification() && (lossFn == Loss.SOFTMAX_CROSS_ENTROPY || lossFn == Loss.HINGE)) {
            throw new UsageException("--loss " + lossFn.name().toLowerCase(Locale.ROOT) + " compares outputs with class labels,"
                    + " but " + all.name() + " has a numeric target (--regression); use --loss mse, squared_error"
                    + " or absolute_error with --output linear");
        }
        if (lossFn.readsLogits() && link != (lossFn == Loss.SOFTMAX_CROSS_ENTROPY ? Output.SOFTMAX : Output.SIGMOID)) {
            throw new UsageException("--loss " + lossFn.name().toLowerCase(Locale.ROOT) + " needs --output "
                    + (lossFn == Loss.SOFTMAX_CROSS_ENTROPY ? "softmax" : "sigmoid") + ", not "
                    + link.name().toLowerCase(Locale.ROOT));
        }
    }

    /** The hidden sizes: from --layers (checked against the data) or from --hidden. */
    private List<Integer> hiddenSizes(int inputs, int outputs, Dataset all) {
        List<Integer> sizes = layers != null ? layers : hidden;
        for (int s : sizes) if (s < 1) throw new UsageException("--hidden/--layers: layer size " + s + " must be at least 1");
        if (layers == null) return hidden;
        if (layers.size() < 2) {
            throw new UsageException("--layers needs at least the input and output sizes, e.g. " + inputs + ","
                    + outputs);
        }
        String what = all.isClassification() ? all.classCount() + " classes" : outputs + " targets";
        if (layers.getFirst() != inputs || layers.getLast() != outputs) {
            throw new UsageException("--layers " + join(layers) + " does not fit " + all.name() + ": it has " + inputs
                    + " features and " + what + ", so the layers must run from " + inputs + " to " + outputs
                    + " (e.g. " + inputs + ",128," + outputs + (all.isClassification() && all.classCount() == 2
                    ? ", or to 1 for one sigmoid output" : "") + "), or use --hidden");
        }
        return new ArrayList<>(layers.subList(1, layers.size() - 1));
    }

    private void writeCurves(History history, boolean classification, String title) throws IOException {
        List<EpochMetrics> e = history.epochs();
        int[] epochNumbers = e.stream().mapToInt(EpochMetrics::epoch).toArray();
        Charts.trainingCurves(plot, title, epochNumbers, history.trainLoss(), history.validationLoss(),
                classification ? e.stream().mapToDouble(EpochMetrics::trainAccuracy).toArray() : null,
                classification ? e.stream().mapToDouble(EpochMetrics::validationAccuracy).toArray() : null,
                patience > 0 ? history.bestEpoch() : 0, plotLog);
    }

    static double defaultLearningRate(String optimizer) {
        return switch (optimizer) {
            case "sgd" -> 0.1;
            case "momentum", "nesterov" -> 0.01;
            case "adagrad" -> 0.05;
            default -> 0.001;
        };
    }

    private static String rows(Dataset d) {
        return d == null ? "0" : String.valueOf(d.rows());
    }

    private static String number(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static String join(List<Integer> sizes) {
        return sizes.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
