package io.simdnn.cli;

import io.simdnn.model.Network;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.io.SavedModel;
import io.simdnn.model.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simdnn export}: writes a model as ONNX, for ONNX Runtime and the other runtimes that read it. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a model as an ONNX file (opset 18) that ONNX Runtime runs with simdnn's outputs.",
                "The model is a file saved by 'simdnn train --out' (its schema goes along, in the ONNX metadata), or"
                        + " PyTorch weights with --arch."},
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn export iris.safetensors --onnx iris.onnx",
                "  simdnn export torch.safetensors --arch 4-16-3 --keys fc1,fc2 --onnx model.onnx"})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL",
            description = "A model saved by 'simdnn train --out', or PyTorch safetensors weights with --arch.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE.onnx", description = "Where to write the ONNX model.")
    Path onnx;

    @Mixin
    StateDictOptions stateDict;

    @Override
    public Integer call() throws IOException {
        Network network;
        ModelSchema schema = null;
        if (stateDict.arch == null && stateDict.keys == null) {
            SavedModel saved = ModelFiles.loadWithSchema(model, null);
            network = saved.network();
            schema = saved.schema();
        } else {
            network = ModelFiles.load(model, stateDict.architecture(), stateDict.keys, null);
        }
        Path dir = onnx.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserException("cannot write " + onnx + ": directory " + dir + " does not exist");
        }
        OnnxModel.save(network, schema, onnx);
        spec.commandLine().getOut().println("Wrote " + onnx + ": " + network.architecture() + (schema != null
                ? ", with its schema" : ""));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
