package io.simdnn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes an output file (a plot, predictions) whole or not at all: to a temporary file beside it, then renamed over
 * it. The temporary file gets the usual permissions (Files.createTempFile would make it private to its owner).
 */
final class AtomicFiles {
    private AtomicFiles() {}

    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    static void write(Path file, String what, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserException("cannot write the " + what + " " + file + ": directory " + dir
                    + " does not exist");
        }
        if (Files.isDirectory(target)) throw new UserException("cannot write the " + what + ": " + file
                + " is a directory");
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
