package io.simdnn.cli;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.io.ModelFile;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.io.SavedModel;
import io.simdnn.spi.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loading and saving models for the commands, with the checks a person needs to hear about first. */
final class ModelFiles {
    private ModelFiles() {}

    /**
     * Loads a model saved by {@code train --out}, an ONNX model ({@code .onnx}) or, with an architecture, a bare
     * PyTorch state dict.
     *
     * @param architecture null to read the architecture from the file's metadata
     */
    static Network load(Path file, Architecture architecture, Backend backend) throws IOException {
        return load(file, architecture, null, backend);
    }

    /** As {@link #load(Path, Architecture, Backend)}; {@code keys}: the state dict's module of each layer. */
    static Network load(Path file, Architecture architecture, List<String> keys, Backend backend) throws IOException {
        if (keys != null && architecture == null) throw new UserException("--keys needs --arch");
        if (architecture == null) return loadWithSchema(file, backend).network();
        checkPath(file);
        return ModelFile.load(file, architecture, keys, backend);
    }

    private static void checkPath(Path file) {
        if (!Files.exists(file)) throw new UserException("file not found: " + file);
        if (Files.isDirectory(file)) throw new UserException(file + " is a directory, not a model file");
    }

    static void save(Network network, Path file) throws IOException {
        save(network, null, file);
    }

    /** Loads a model saved by {@code train --out} and its schema (null when it has none). */
    static SavedModel loadWithSchema(Path file, Backend backend) throws IOException {
        checkPath(file);
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            return io.simdnn.model.onnx.OnnxModel.load(file, backend);
        }
        return ModelFile.loadWithSchema(file, backend);
    }

    static void save(Network network, ModelSchema schema, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserException("cannot save the model to " + file + ": directory " + dir + " does not exist");
        }
        AtomicFiles.removeStaleTemporaries(file);
        ModelFile.save(network, schema, file);
    }

    /** The model must take exactly as many inputs as the data has columns. */
    static void checkInputs(Network network, int columns, String source, String what) {
        if (network.inputSize() != columns) {
            throw new UserException(source + " has " + columns + " " + what + " but the model ("
                    + network.architecture() + ") takes " + network.inputSize() + " inputs");
        }
    }
}
