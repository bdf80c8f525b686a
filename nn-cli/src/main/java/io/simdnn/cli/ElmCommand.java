package io.simdnn.cli;

import io.simdnn.model.Network;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.RegressionMetrics;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Scaler;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import io.simdnn.train.elm.ElmModel;
import io.simdnn.train.elm.ExtremeLearningMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simdnn elm}: an Extreme Learning Machine, fitted in closed form (random hidden layer, least-squares output
 * weights), with the same data handling as {@code train}: a seeded split and standardisation on the training rows.
 */
@Command(name = "elm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit an Extreme Learning Machine in closed form and report its accuracy on held-out test rows.",
                "The hidden layer's weights are random and stay fixed; the output weights solve the regularised"
                        + " least-squares problem β = (HᵀH + I/C)⁻¹HᵀT in one step, with no epochs. The saved"
                        + " model is an ordinary network (linear output) for eval and predict."},
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn elm                                  digits, 1000 sigmoid units, C = 100",
                "  simdnn elm --data iris --hidden 40 --c 10 --out iris-elm.safetensors",
                "  simdnn elm --data wine --activation tanh --seed 7"})
final class ElmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "1000",
            description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "sigmoid",
            converter = Converters.ActivationConverter.class,
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--c", paramLabel = "C", defaultValue = "100",
            description = "Regularisation: larger C fits the training rows more closely (default: ${DEFAULT-VALUE}).")
    double c;

    @Option(names = "--test-split", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "Share of all rows held out for the test (default: ${DEFAULT-VALUE}).")
    double testSplit;

    @Option(names = "--standardize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Scale each feature with the training rows' mean and standard deviation (default: yes).")
    boolean standardize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the split and the random hidden layer (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", paramLabel = "FILE.safetensors",
            description = "Save the model as a network (takes raw features, like train's).")
    Path out;

    @Override
    public Integer call() throws IOException {
        OutputPaths.check("--out", out, "model");
        PrintWriter o = spec.commandLine().getOut();
        if (hidden < 1) throw new UsageException("--hidden " + hidden + " must be at least 1");
        if (!(c > 0) || Double.isInfinite(c)) throw new UsageException("--c " + c + " must be a positive number");
        Dataset all = data.load();
        TrainCommand.fraction("--test-split", testSplit);
        Splits.Split split = data.impute(Splits.random(all, 0, testSplit, seed));
        DataChecks.requireTwoClasses(all);
        Dataset train = split.train(), test = split.test();
        Scaler scaler = standardize ? Standardizer.fit(train) : null;
        if (scaler != null) train = scaler.transform(train);
        Backend backend = backendOptions.create();
        ExtremeLearningMachine elm = ExtremeLearningMachine.builder().hidden(hidden).activation(activation).c(c)
                .seed(seed).backend(backend).build();

        o.printf(Locale.ROOT, "Data:     %s, %d rows, %d features, %s; split %d train / %s test (seed %d)%s%n",
                all.name(), all.rows(), all.featureCount(), all.isClassification() ? all.classCount() + " classes"
                        : all.targetCount() + " targets", train.rows(), test == null ? "0" : test.rows(), seed,
                scaler != null ? ", standardised on the training rows" : "");
        o.printf(Locale.ROOT, "ELM:      %d-%d(%s)-%d, C = %s, on %s%n", all.featureCount(), hidden,
                activation.name().toLowerCase(Locale.ROOT), all.targetCount(),
                java.math.BigDecimal.valueOf(c).stripTrailingZeros().toPlainString(), backend);
        o.flush();
        ElmModel model = elm.fit(train);
        ElmModel.FitInfo info = model.fitInfo();
        o.printf(Locale.ROOT, "Fitted:   %.3f s, %s system of %d×%d%s%n", info.nanos() / 1e9,
                info.dual() ? "dual" : "primal", info.dual() ? info.rows() : hidden, info.dual() ? info.rows() : hidden,
                info.refinements() > 0 ? ", " + info.refinements() + " refinement step"
                        + (info.refinements() == 1 ? "" : "s") : "");

        Network network = model.toNetwork(backend);
        if (scaler != null) network = ScalerFolding.fold(network, scaler);
        if (test != null) {
            // Scored on the raw test rows through the network that is saved, as train does.
            float[] y = network.predict(test.features());
            int outputs = network.outputSize();
            if (test.isClassification()) {
                int correct = 0;
                for (int r = 0; r < test.rows(); r++) {
                    int best = 0;
                    for (int j = 1; j < outputs; j++) if (y[r * outputs + j] > y[r * outputs + best]) best = j;
                    if (best == test.labels()[r]) correct++;
                }
                o.printf(Locale.ROOT, "Test accuracy: %.2f%% (%d/%d)%n", 100.0 * correct / test.rows(), correct,
                        test.rows());
            } else {
                o.println("Test:     " + RegressionMetrics.of(y, test.targets(), test.rows(), outputs));
            }
        }
        if (out != null) {
            ModelFiles.save(network, out);
            o.println("Model:    " + out + " (a " + network.architecture() + " network that takes raw features)");
        }
        o.flush();
        return 0;
    }
}
