package io.simdnn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks of output paths before any work starts, so that a typo costs nothing but a message. */
final class OutputPaths {
    private OutputPaths() {}

    /** The file's directory must exist and the file must not be a directory; null passes. */
    static void check(String option, Path file, String what) {
        if (file == null) return;
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException(option + ": cannot write the " + what + " " + file + ": directory " + dir
                    + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new UsageException(option + ": cannot write the " + what + ": " + file + " is a directory");
        }
        if (dir != null && !Files.isWritable(dir)) {
            throw new UsageException(option + ": cannot write the " + what + " " + file + ": directory " + dir
                    + " is not writable");
        }
    }

    /** As {@link #check}, and the name must end in .png, .jpg or .jpeg (the formats the plots are written in). */
    static void checkImage(String option, Path file) {
        if (file == null) return;
        check(option, file, "plot");
        if (Charts.format(file) == null) {
            throw new UsageException(option + " " + file + ": plots are written as PNG or JPEG; name the file"
                    + " .png, .jpg or .jpeg");
        }
    }

    static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
