package io.simdnn.cli;

import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.io.SavedModel;
import io.simdnn.train.Evaluation;
import io.simdnn.train.Metrics;
import io.simdnn.train.RegressionMetrics;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Splits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simdnn eval}: a saved model's loss, accuracy, per-class precision and recall and confusion matrix. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a saved model on a data set: loss, accuracy, per-class precision and recall, and"
                + " the confusion matrix.",
                "With --held-out, only the test rows that 'simdnn train' held out with the same --val-split,"
                        + " --test-split and --seed (the same defaults) are used."},
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn eval model.safetensors               every row of digits",
                "  simdnn eval model.safetensors --held-out    the test rows of 'simdnn train'",
                "  simdnn eval iris.safetensors --data iris",
                "  simdnn eval my.safetensors --data my.csv --label-column species"})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model saved by 'simdnn train --out'.")
    Path model;

    @Mixin
    DataOptions data;

    @Option(names = "--held-out", description = "Evaluate only the rows train held out for its final test.")
    boolean heldOut;

    @Option(names = "--val-split", paramLabel = "FRACTION", defaultValue = "0.1",
            description = "With --held-out: the validation share train used (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--test-split", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "With --held-out: the test share train used (default: ${DEFAULT-VALUE}).")
    double testSplit;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "With --held-out: the seed train used (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--loss", paramLabel = "NAME", converter = Converters.LossConverter.class,
            description = "The loss to report (default: the one that matches the model's output link).")
    Loss loss;

    @Option(names = "--quantize", paramLabel = "bf16|int8", converter = Converters.QuantizationConverter.class,
            description = "Quantise the dense layers' weights on load and evaluate them as stored (dequantised).")
    io.simdnn.spi.QuantizedMatrix.Format quantize;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SavedModel saved = ModelFiles.quantize(ModelFiles.loadWithSchema(model, backendOptions.create()), quantize);
        Network network = saved.network();
        ModelSchema schema = saved.schema();
        if (schema != null && Files.exists(Path.of(data.data))) {
            // The label column and the task as trained, unless given.
            if (data.labelColumn == null) data.labelColumn = schema.labelColumn();
            if (schema.task() == ModelSchema.Task.REGRESSION) data.regression = true;
        }
        Dataset all = data.load();
        ModelFiles.checkInputs(network, all.featureCount(), all.name(), "features");
        all = Schemas.matchClasses(schema, Schemas.matchFeatures(schema, all));
        Dataset rows = data.complete(all);
        if (heldOut) {
            // The held-out rows with the training rows' means for missing cells, as train filled them.
            TrainCommand.fraction("--val-split", valSplit);
            TrainCommand.fraction("--test-split", testSplit);
            rows = data.impute(Splits.random(all, valSplit, testSplit, seed)).test();
            if (rows == null) throw new UsageException("--held-out needs a positive --test-split");
        }
        ModelFiles.checkInputs(network, rows.featureCount(), rows.name(), "features");
        boolean oneUnitBinary = network.outputSize() == 1 && rows.isClassification() && rows.classCount() == 2;
        if (network.outputSize() != rows.targetCount() && !oneUnitBinary) {
            throw new UserException(model + " has " + network.outputSize() + " outputs but " + rows.name() + " has "
                    + (rows.isClassification() ? rows.classCount() + " classes" : rows.targetCount() + " targets"));
        }
        Loss lossFn = loss != null ? loss : Loss.defaultFor(network.output());
        if (schema != null && schema.scaling() != null && !schema.scaling().folded()) {
            float[] x = rows.features().clone();
            Schemas.scaleInputs(schema, x, rows.rows());
            rows = rows.withFeatures(x, rows.featureCount());
        }
        Evaluation e = Metrics.evaluate(network, rows, lossFn);

        out.println("Model:    " + model + ": " + network.architecture());
        if (saved.quantized() != null) out.println("Weights:  " + ModelFiles.describeWeights(saved.quantized()));
        out.println("Data:     " + rows.name() + ", " + rows.rows() + " rows"
                + (heldOut ? " (the held-out test rows of " + all.rows() + ")" : ""));
        out.printf(Locale.ROOT, "Loss:     %.4f (%s)%n", e.loss(), lossFn.name().toLowerCase(Locale.ROOT));
        if (!rows.isClassification()) {
            out.println("Errors:   " + RegressionMetrics.of(network, rows));
            out.flush();
            return 0;
        }
        long correct = 0;
        int[][] confusion = e.confusion();
        for (int c = 0; c < confusion.length; c++) correct += confusion[c][c];
        out.printf(Locale.ROOT, "Accuracy: %.2f%% (%d/%d)%n", 100 * e.accuracy(), correct, rows.rows());
        out.println();
        List<String> names = rows.classNames();
        int nameWidth = Math.max(7, names.stream().mapToInt(String::length).max().orElse(0));
        out.printf("%-" + nameWidth + "s %10s %10s %10s %8s%n", "class", "precision", "recall", "f1", "rows");
        for (int c = 0; c < confusion.length; c++) {
            int support = 0;
            for (int v : confusion[c]) support += v;
            out.printf(Locale.ROOT, "%-" + nameWidth + "s %10s %10s %10s %8d%n", names.get(c),
                    percent(e.precision()[c]), percent(e.recall()[c]), percent(e.f1()[c]), support);
        }
        out.printf(Locale.ROOT, "%-" + nameWidth + "s %10s %10s %10s %8d%n", "macro", percent(e.macroPrecision()),
                percent(e.macroRecall()), percent(e.macroF1()), rows.rows());
        out.printf(Locale.ROOT, "%-" + nameWidth + "s %10s %10s %10s %8d%n", "weighted",
                percent(e.weightedPrecision()), percent(e.weightedRecall()), percent(e.weightedF1()), rows.rows());
        out.println();
        out.println("Confusion matrix (rows: actual class, columns: predicted class):");
        int width = Math.max(3, String.valueOf(rows.rows()).length() + 1);
        for (String n : names) width = Math.max(width, n.length() + 1);
        StringBuilder head = new StringBuilder(" ".repeat(nameWidth + 1));
        for (int c = 0; c < confusion.length; c++) head.append(String.format("%" + width + "s", names.get(c)));
        out.println(head);
        for (int c = 0; c < confusion.length; c++) {
            StringBuilder line = new StringBuilder(String.format("%" + nameWidth + "s ", names.get(c)));
            for (int v : confusion[c]) line.append(String.format("%" + width + "d", v));
            out.println(line);
        }
        out.flush();
        return 0;
    }

    private static String percent(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * x);
    }
}
