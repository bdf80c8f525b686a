package io.simdnn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an output file (a plot, predictions) whole or not at all: to a temporary file beside it, then renamed over
 * it. The temporary file gets the usual permissions (Files.createTempFile would make it private to its owner).
 *
 * <p>A process killed while writing leaves its temporary file, named {@code .<name>.<pid>.tmp} (model files:
 * {@code .<name>.<pid>-<random>.tmp}); the next write of the same file deletes those whose process is gone.
 */
final class AtomicFiles {
    private AtomicFiles() {}

    /** What a temporary file has between ".name." and ".tmp": the writer's pid, for model files a random suffix. */
    private static final Pattern TEMPORARY = Pattern.compile("(\\d+)(-[0-9a-f]+)?");

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
        removeStaleTemporaries(target);
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

    /** Deletes the temporary files of {@code target} that processes no longer running left behind. */
    static void removeStaleTemporaries(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        if (dir == null || !Files.isDirectory(dir)) return;
        String prefix = "." + name + ".", suffix = ".tmp";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.length() > prefix.length() + suffix.length() && n.startsWith(prefix) && n.endsWith(suffix);
        })) {
            for (Path entry : entries) {
                String n = entry.getFileName().toString();
                Matcher m = TEMPORARY.matcher(n.substring(prefix.length(), n.length() - suffix.length()));
                if (!m.matches()) continue;
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) Files.deleteIfExists(entry);
            }
        }
    }
}
