package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} in a real pseudo-terminal (util-linux {@code script} runs it on a pty, so the command line sees a
 * console and draws its live bar): every epoch line must stand alone on the screen, with no trace of a bar.
 */
class TerminalTest {
    private static final String EPOCH_LINE = "epoch +\\d+/\\d+  loss \\d+\\.\\d{4}  acc +\\d+\\.\\d%  val_loss"
            + " \\d+\\.\\d{4}  val_acc +\\d+\\.\\d%  +\\d+ ms";

    @TempDir
    Path dir;

    private static boolean scriptAvailable() {
        try {
            Process p = new ProcessBuilder("script", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** What the terminal shows for each line: carriage returns overwrite from the line's start. */
    static List<String> screen(String raw) {
        List<String> lines = new ArrayList<>();
        for (String line : raw.split("\n", -1)) {
            StringBuilder shown = new StringBuilder();
            String[] parts = line.split("\r", -1);
            for (String part : parts) {
                for (int i = 0; i < part.length(); i++) {
                    if (i < shown.length()) shown.setCharAt(i, part.charAt(i));
                    else shown.append(part.charAt(i));
                }
            }
            lines.add(shown.toString().stripTrailing());
        }
        return lines;
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theBarNeverRunsIntoAnEpochLineOnAPty() throws Exception {
        assumeTrue(scriptAvailable(), "util-linux 'script' is not installed: no pseudo-terminal to test in"
                + " (apt-get install bsdutils)");
        String java = ProcessHandle.current().info().command().orElse("java");
        // A quoted command line for script -c; the class path has no quotes or spaces here (Maven's paths).
        String command = String.join(" ", java, "--add-modules", "jdk.incubator.vector", "-cp",
                "'" + System.getProperty("java.class.path") + "'", "io.simdnn.cli.SimdnnCli", "train", "--data",
                "digits", "--hidden", "32", "--epochs", "30", "--early-stopping", "0", "--batch", "8",
                "--backend", "scalar", "--threads", "1");
        Path log = dir.resolve("tty.txt");
        Process p = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null")
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(170, TimeUnit.SECONDS), "train did not finish");
        String raw = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), raw);
        assertTrue(raw.contains("samples/s") && raw.contains("ETA") && raw.contains("▕"),
                "the bar was drawn on the pty: " + raw);
        List<String> screen = screen(raw);
        List<String> epochLines = screen.stream().filter(l -> l.startsWith("epoch")).toList();
        assertEquals(30, epochLines.size(), String.join("\n", screen));
        for (String line : epochLines) {
            assertTrue(line.matches(EPOCH_LINE), "an epoch line ran together with something: [" + line + "]");
            assertTrue(line.length() <= 79, line);
        }
        assertTrue(screen.stream().noneMatch(l -> l.contains("▕") || l.contains("samples/s  ETA")),
                "a bar was left on the screen");
    }
}
