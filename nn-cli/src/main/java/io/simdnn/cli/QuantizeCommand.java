package io.simdnn.cli;

import io.simdnn.model.QuantizedNetwork;
import io.simdnn.model.io.ModelFile;
import io.simdnn.model.io.SavedModel;
import io.simdnn.spi.QuantizedMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simdnn quantize}: a model's dense weights stored as BF16 or INT8, for faster batch-1 inference. */
@Command(name = "quantize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Store a model's dense-layer weights as bfloat16 (2 bytes a weight) or int8 with one scale per"
                + " output unit (1 byte a weight); biases and the other layers stay float32.",
                "'predict' runs the quantised weights; 'eval' reports their metrics. See docs/model-format.md."},
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn quantize iris.safetensors --format int8 --out iris-int8.safetensors"})
final class QuantizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model saved by 'simdnn train --out'.")
    Path model;

    @Option(names = "--format", required = true, paramLabel = "bf16|int8",
            converter = Converters.QuantizationConverter.class, description = "The weight format.")
    QuantizedMatrix.Format format;

    @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "Where to write it.")
    Path out;

    @Override
    public Integer call() throws IOException {
        SavedModel saved = ModelFiles.quantize(ModelFiles.loadWithSchema(model, null), format);
        QuantizedNetwork q = saved.quantized();
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserException("cannot write " + out + ": directory " + dir + " does not exist");
        }
        AtomicFiles.removeStaleTemporaries(out);
        ModelFile.save(q, saved.schema(), out);
        spec.commandLine().getOut().println("Wrote " + out + ": " + q.network().architecture() + ", "
                + ModelFiles.describeWeights(q));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
