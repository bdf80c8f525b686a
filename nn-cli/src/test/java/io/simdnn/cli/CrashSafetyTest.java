package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.simdnn.model.io.ModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes a file, run in a child JVM and killed with SIGKILL at seeded random moments: half of the
 * kills at a random time within the command's run, half 0–2 ms after a temporary file or an output is created or
 * modified (so during the write or just after it). After each kill every output holds its previous complete content or a complete new one, never a
 * partial file, and nothing but the outputs and their obviously temporary files ({@code .<name>.<pid>[-<random>].tmp})
 * is left; the next complete run of a command deletes the temporary files of its outputs that dead writers left.
 */
class CrashSafetyTest {
    private static final int KILLS = 30;
    private static final long SEED = 20261204;

    @TempDir
    Path dir;

    /** The child JVMs' output, outside {@code dir} whose every file is checked. */
    @TempDir
    Path logs;

    /** A command writing {@code outputs}; {@code args(seed)} varies the content from run to run. */
    private record Command(String name, List<String> outputs, java.util.function.LongFunction<List<String>> args) {
    }

    private List<Command> commands() {
        String d = dir.toString() + "/";
        return List.of(
                new Command("train", List.of("train.safetensors", "train.png"), seed -> List.of("train", "--data",
                        "iris", "--hidden", "4", "--epochs", "2", "--early-stopping", "0", "--backend", "scalar",
                        "--seed", String.valueOf(seed), "--out", d + "train.safetensors", "--plot", d + "train.png")),
                new Command("elm", List.of("elm.safetensors"), seed -> List.of("elm", "--data", "iris", "--hidden",
                        "16", "--backend", "scalar", "--seed", String.valueOf(seed), "--out", d + "elm.safetensors")),
                new Command("autoencoder", List.of("ae.safetensors", "codes.csv"), seed -> List.of("autoencoder",
                        "--data", "iris", "--code", "2", "--epochs", "2", "--backend", "scalar", "--seed",
                        String.valueOf(seed), "--out", d + "ae.safetensors", "--codes", d + "codes.csv")),
                new Command("predict", List.of("predictions.csv"), seed -> List.of("predict",
                        d + (seed % 2 == 0 ? "model-a.safetensors" : "model-b.safetensors"), "--input",
                        d + "features.csv", "--backend", "scalar", "--out", d + "predictions.csv")),
                new Command("bench", List.of("bench.png"), seed -> List.of("bench", "--backend", "scalar", "--sizes",
                        String.valueOf(8 + seed % 2 * 8), "--no-dense", "--repeats", "1", "--max-warmup", "0",
                        "--plot", d + "bench.png")));
    }

    @Test
    void killedCommandsLeaveThePreviousOrACompleteFileAndNoStrayFiles() throws Exception {
        prepareInputs();
        List<Command> commands = commands();
        Map<String, byte[]> previous = new HashMap<>();
        for (Command c : commands) {
            // The previous files, written in-process (quicker than a JVM of their own).
            Cli.Result r = Cli.run(c.args().apply(1).toArray(String[]::new));
            assertEquals(0, r.exitCode(), r::toString);
            for (String o : c.outputs()) {
                assertComplete(o);
                previous.put(o, Files.readAllBytes(dir.resolve(o)));
            }
        }
        Map<String, Long> millisToWrite = new HashMap<>();
        Random random = new Random(SEED);
        int duringWrite = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Command c = commands.get(kill % commands.size());
            // Rounds of one kill per command: on a write first (which also times the run up to its write), then at
            // a random moment up to that time, and so on.
            boolean onWrite = kill / commands.size() % 2 == 0;
            long start = System.nanoTime();
            Process p = start(c, 2 + kill);
            if (onWrite) {
                if (killWhenAnOutputIsWritten(p, c.outputs(), random.nextInt(3))) duringWrite++;
                millisToWrite.merge(c.name(), (System.nanoTime() - start) / 1_000_000, Math::max);
            } else {
                Thread.sleep(random.nextLong(millisToWrite.get(c.name()) + 1));
            }
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            for (String o : c.outputs()) {
                byte[] now = Files.readAllBytes(dir.resolve(o)); // the previous file existed: it must still be there
                if (!Arrays.equals(now, previous.get(o))) {
                    assertComplete(o);
                    previous.put(o, now);
                }
            }
            assertOnlyOutputsAndTemporaryFiles(commands);
        }
        assertTrue(duringWrite >= KILLS / 4, "only " + duringWrite + " kills came as an output was being written");

        // Besides what the kills left, a temporary file of a writer known to be gone for each output of train and
        // autoencoder (between them both writers: model files; plots and CSV files): their next complete runs delete
        // all of those.
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(logs.resolve("gone.log").toFile()).start();
        gone.waitFor();
        List<Command> last = commands.stream().filter(c -> c.name().equals("train") || c.name().equals("autoencoder"))
                .toList();
        for (Command c : last) {
            for (String o : c.outputs()) Files.writeString(dir.resolve("." + o + "." + gone.pid() + "-1f.tmp"), "x");
        }
        for (Command c : last) run(c, 1);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> left = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp"))
                    .filter(n -> last.stream().anyMatch(c -> c.outputs().stream().anyMatch(o -> n.startsWith("." + o))))
                    .toList();
            assertEquals(List.of(), left, "temporary files the complete runs did not clean up");
        }
    }

    /** The features the predict command reads and the two models it is given in turn. */
    private void prepareInputs() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,d\n");
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) {
            csv.append(String.format(java.util.Locale.ROOT, "%.2f,%.2f,%.2f,%.2f%n", 4 + 4 * r.nextDouble(),
                    2 + 2 * r.nextDouble(), 1 + 6 * r.nextDouble(), 2.5 * r.nextDouble()));
        }
        Files.writeString(dir.resolve("features.csv"), csv);
        assertEquals(0, Cli.run("train", "--data", "iris", "--hidden", "4", "--epochs", "2", "--backend", "scalar",
                "--out", dir.resolve("model-a.safetensors").toString()).exitCode());
        assertEquals(0, Cli.run("elm", "--data", "iris", "--hidden", "8", "--backend", "scalar",
                "--out", dir.resolve("model-b.safetensors").toString()).exitCode());
    }

    private static final List<String> INPUTS = List.of("features.csv", "model-a.safetensors", "model-b.safetensors");

    /** A complete output: a model that loads, a PNG ending with its IEND chunk, a CSV of whole lines. */
    private void assertComplete(String output) throws IOException {
        Path f = dir.resolve(output);
        assertTrue(Files.exists(f), output + " is missing");
        byte[] bytes = Files.readAllBytes(f);
        if (output.endsWith(".safetensors")) {
            ModelFile.load(f); // validates the whole container: a truncated file fails
        } else if (output.endsWith(".png")) {
            byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
            assertTrue(bytes.length > iend.length, output + " is truncated");
            assertArrayEquals(iend, Arrays.copyOfRange(bytes, bytes.length - iend.length, bytes.length),
                    output + " does not end with the PNG end chunk");
        } else {
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\n"), output + " ends within a line");
            long rows = output.equals("predictions.csv") ? 200 : 150;
            assertEquals(rows + 1, text.lines().count(), output + ": not every row is there");
        }
    }

    private void assertOnlyOutputsAndTemporaryFiles(List<Command> commands) throws IOException {
        List<String> outputs = new ArrayList<>(INPUTS);
        for (Command c : commands) outputs.addAll(c.outputs());
        try (Stream<Path> files = Files.list(dir)) {
            for (String name : files.map(f -> f.getFileName().toString()).toList()) {
                boolean temporary = outputs.stream().anyMatch(o -> name.matches("\\." + java.util.regex.Pattern.quote(o)
                        + "\\.\\d+(-[0-9a-f]+)?\\.tmp"));
                if (!outputs.contains(name) && !temporary) fail("unexpected file " + name + " after a kill");
            }
        }
    }

    /**
     * Waits (at most until the process ends) for a temporary file to be created or an output to be created or
     * modified, then {@code delayMillis} more: a writer that wrote its target in place would be caught mid-write.
     */
    private boolean killWhenAnOutputIsWritten(Process p, List<String> outputs, int delayMillis) throws Exception {
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (p.isAlive()) {
                var key = watch.poll(5, TimeUnit.MILLISECONDS);
                if (key == null) continue;
                boolean writing = key.pollEvents().stream().map(e -> e.context().toString())
                        .anyMatch(n -> n.endsWith(".tmp") || outputs.contains(n));
                key.reset();
                if (writing) {
                    if (delayMillis > 0) Thread.sleep(delayMillis);
                    return true;
                }
            }
            return false;
        }
    }

    /** Runs {@code c} to completion in a child JVM; it must succeed. */
    private void run(Command c, long seed) throws Exception {
        Process p = start(c, seed);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(c.name() + " did not finish in 60 s");
        }
        assertEquals(0, p.exitValue(), () -> c.name() + " failed: " + log(c));
    }

    private Process start(Command c, long seed) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived JVM: quick start-up matters more than peak speed.
                // Every command runs on the scalar backend: no need for the Vector API module.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"),
                SimdnnCli.class.getName()));
        cmd.addAll(c.args().apply(seed));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(logs.resolve(c.name() + ".log").toFile()).start();
    }

    private String log(Command c) {
        try {
            return Files.readString(logs.resolve(c.name() + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
