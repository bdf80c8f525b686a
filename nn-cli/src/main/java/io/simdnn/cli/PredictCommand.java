package io.simdnn.cli;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Predictor;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.io.SavedModel;
import io.simdnn.train.data.Csv;
import io.simdnn.train.data.Table;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simdnn predict}: runs a model over the rows of a CSV file and writes one CSV row of outputs per input row:
 * the class probabilities and the predicted class, or the output values of a regression model.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a model over a CSV file of inputs and write a CSV of outputs: for a softmax or sigmoid"
                + " model the probabilities p0, p1, ... and the predicted class; for a linear model the values"
                + " y0, y1, ...",
                "The model is a file saved by 'simdnn train --out', or PyTorch weights (safetensors of"
                        + " Linear layers, any key names) with --arch."},
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn predict iris.safetensors --input flowers.csv",
                "  simdnn predict iris.safetensors --input iris.csv --drop-column label \\",
                "      --out predictions.csv",
                "  simdnn predict torch.safetensors --arch 4-16-3 --activation relu \\",
                "      --output softmax --input x.csv",
                "  simdnn predict torch.safetensors --arch 4-16-16-3 --keys fc1,fc2,fc3 --input x.csv"})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL",
            description = "A model saved by 'simdnn train --out', or PyTorch safetensors weights with --arch.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv",
            description = "The inputs: one row per sample, one column per model input.")
    Path input;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Where to write the outputs (default: stdout).")
    Path out;

    @Mixin
    CsvFormatOptions format;

    @Option(names = "--drop-column", paramLabel = "NAME|INDEX",
            description = "Ignore this input column (by header name or 0-based index), e.g. a label column.")
    String dropColumn;

    @Mixin
    StateDictOptions stateDict;

    @Option(names = "--argmax",
            description = "Also write the class (the largest output) for a linear model, such as one from 'elm'.")
    boolean argmax;

    @Option(names = "--quantize", paramLabel = "bf16|int8", converter = Converters.QuantizationConverter.class,
            description = "Quantise the dense layers' weights on load and predict with them (a model saved by"
                    + " 'simdnn quantize' is used quantised without it).")
    io.simdnn.spi.QuantizedMatrix.Format quantize;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        OutputPaths.check("--out", out, "predictions");
        Architecture architecture = stateDict.architecture();
        List<String> keys = stateDict.keys;
        ModelSchema schema = null;
        Network network;
        io.simdnn.model.QuantizedNetwork quantized;
        if (architecture == null && keys == null) {
            SavedModel saved = ModelFiles.quantize(ModelFiles.loadWithSchema(model, backendOptions.create()), quantize);
            network = saved.network();
            schema = saved.schema();
            quantized = saved.quantized();
        } else {
            network = ModelFiles.load(model, architecture, keys, backendOptions.create());
            quantized = quantize == null ? null : ModelFiles.quantize(new SavedModel(network, null), quantize)
                    .quantized();
        }
        if (!Files.exists(input)) throw new UserException("file not found: " + input);
        Table table = Csv.readTable(input, format.headerRule(), format.delimiterOrDetect(), format.missing,
                dropColumn);
        float[] x = table.values();
        int cols = table.cols();
        if (schema != null && schema.featureNames() != null && !table.header().isEmpty()) {
            // The model knows its features by name: take those columns, in the model's order.
            int[] columns;
            try {
                columns = schema.columnsIn(table.header());
            } catch (IllegalArgumentException e) {
                throw new UserException(input.getFileName() + ": " + e.getMessage()
                        + " (--no-header reads the columns by position)");
            }
            x = select(x, table.rows(), cols, columns);
            cols = columns.length;
        }
        if (cols != network.inputSize()) {
            throw new UserException(input.getFileName() + " has " + cols + " columns" + (dropColumn != null
                    ? " (after --drop-column)" : "") + " but the model (" + network.architecture() + ") takes "
                    + network.inputSize() + " inputs" + (cols == network.inputSize() + 1 && dropColumn == null
                    ? "; drop the extra column (a label?) with --drop-column" : ""));
        }
        int outputs = network.outputSize();
        float[] y = new float[table.rows() * outputs];
        Schemas.scaleInputs(schema, x, table.rows());
        ModelSchema names = schema;
        Predictor predictor = quantized != null ? quantized.newPredictor() : network.newPredictor();
        predictor.predict(table.rows(), x, 0, y, 0);

        if (out == null) {
            PrintWriter w = spec.commandLine().getOut();
            write(w, network.output(), outputs, table.rows(), y, argmax, schema);
            w.flush();
        } else {
            AtomicFiles.write(out, "predictions", stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                write(w, network.output(), outputs, table.rows(), y, argmax, names);
                w.flush();
            });
            spec.commandLine().getErr().println("Wrote " + table.rows() + " predictions to " + out);
        }
        return 0;
    }

    /**
     * The output CSV: a header, then per row the outputs and, for probabilities (or with {@code argmax}), the
     * predicted class.
     */
    static void write(Writer w, Output link, int outputs, int rows, float[] y, boolean argmax, ModelSchema schema)
            throws IOException {
        boolean probabilities = link == Output.SOFTMAX || link == Output.SIGMOID;
        boolean classes = probabilities || argmax;
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < outputs; j++) line.append(j > 0 ? "," : "").append(probabilities ? "p" : "y").append(j);
        if (classes) line.append(",class");
        w.write(line.append('\n').toString());
        for (int r = 0; r < rows; r++) {
            line.setLength(0);
            int best = 0;
            for (int j = 0; j < outputs; j++) {
                float v = y[r * outputs + j];
                if (v > y[r * outputs + best]) best = j;
                line.append(j > 0 ? "," : "").append(v);
            }
            if (classes) {
                // One sigmoid unit is a yes/no answer: class 1 when p >= 0.5.
                int cls = outputs == 1 && probabilities ? (y[r] >= 0.5f ? 1 : 0) : best;
                line.append(',').append(schema == null ? String.valueOf(cls) : csvCell(schema.className(cls)));
            }
            w.write(line.append('\n').toString());
        }
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static float[] select(float[] x, int rows, int cols, int[] columns) {
        float[] y = new float[rows * columns.length];
        for (int r = 0, k = 0; r < rows; r++) for (int c : columns) y[k++] = x[r * cols + c];
        return y;
    }
}
