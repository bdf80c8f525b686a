package io.simdnn.cli;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.io.ModelFile;
import io.simdnn.spi.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loading and saving models for the commands, with the checks a person needs to hear about first. */
final class ModelFiles {
    private ModelFiles() {}

    /**
     * Loads a model saved by {@code train --out} or, with an architecture, a bare PyTorch state dict.
     *
     * @param architecture null to read the architecture from the file's metadata
     */
    static Network load(Path file, Architecture architecture, Backend backend) throws IOException {
        if (!Files.exists(file)) throw new UserException("file not found: " + file);
        if (Files.isDirectory(file)) throw new UserException(file + " is a directory, not a model file");
        return architecture == null ? ModelFile.load(file, backend) : ModelFile.load(file, architecture, backend);
    }

    static void save(Network network, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserException("cannot save the model to " + file + ": directory " + dir + " does not exist");
        }
        AtomicFiles.removeStaleTemporaries(file);
        ModelFile.save(network, file);
    }

    /** The model must take exactly as many inputs as the data has columns. */
    static void checkInputs(Network network, int columns, String source, String what) {
        if (network.inputSize() != columns) {
            throw new UserException(source + " has " + columns + " " + what + " but the model ("
                    + network.architecture() + ") takes " + network.inputSize() + " inputs");
        }
    }
}
