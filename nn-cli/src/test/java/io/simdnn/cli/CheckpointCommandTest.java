package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.train.Checkpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** train --checkpoint-every, --resume, and the checkpoint Ctrl-C leaves behind. */
class CheckpointCommandTest {
    private static final List<String> RUN = List.of("train", "--data", "iris", "--hidden", "8", "--lr", "0.05",
            "--batch", "16", "--dropout", "0.1", "--backend", "scalar");

    @TempDir
    Path dir;

    private static Cli.Result train(String... more) {
        List<String> args = new java.util.ArrayList<>(RUN);
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aResumedRunSavesTheSameModelAsAnUninterruptedOne() throws IOException {
        Path ckpt = dir.resolve("run.ckpt"), whole = dir.resolve("whole.safetensors"),
                resumed = dir.resolve("resumed.safetensors");
        Cli.Result first = train("--epochs", "4", "--checkpoint-every", "2", "--checkpoint", ckpt.toString());
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().contains("Checkpoint: " + ckpt + " (epoch 4)"), first::toString);
        assertEquals(4, Checkpoints.read(ckpt).epoch());
        Cli.Result second = train("--epochs", "10", "--resume", ckpt.toString(), "--out", resumed.toString());
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.out().contains("Resuming: after epoch 4 of " + ckpt), second::toString);
        assertTrue(second.out().lines().noneMatch(l -> l.startsWith("epoch  4/")), second::toString);
        assertTrue(second.out().lines().anyMatch(l -> l.startsWith("epoch  5/10")), second::toString);
        Cli.Result straight = train("--epochs", "10", "--out", whole.toString());
        assertEquals(0, straight.exitCode(), straight::toString);
        // the same bytes but for the training time in the provenance, which has a resolution of one second
        assertEquals(withoutTrainingTime(whole), withoutTrainingTime(resumed));

        Cli.Result other = train("--epochs", "10", "--resume", ckpt.toString(), "--seed", "7");
        assertEquals(SimdnnCli.USAGE_ERROR, other.exitCode(), other::toString);
        assertTrue(other.err().startsWith("error: --resume " + ckpt + ": the checkpoint was made with optimizer"
                + " adam(lr=0.05)"), other::toString);
        assertTrue(other.err().contains("seed 42") && other.err().contains("seed 7"), other::toString);
    }

    private static String withoutTrainingTime(Path model) throws IOException {
        return new String(Files.readAllBytes(model), StandardCharsets.ISO_8859_1)
                .replaceFirst("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "(time)");
    }

    private static void signal(Process p, String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(p.pid())).inheritIO().start().waitFor();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void ctrlCSavesTheLastEpochAndTheRunResumesFromIt() throws Exception {
        Path ckpt = dir.resolve("interrupted.ckpt");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), "io.simdnn.cli.SimdnnCli", "train", "--data", "digits",
                "--epochs", "10000", "--early-stopping", "0", "--backend", "scalar", "--threads", "1",
                "--checkpoint", ckpt.toString()).redirectError(dir.resolve("err.txt").toFile()).start();
        java.util.concurrent.CountDownLatch twoEpochs = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.matches("epoch +2/10000 .*")) twoEpochs.countDown();
                }
            } catch (IOException e) {
                // the process ended
            }
            twoEpochs.countDown();
        });
        reader.start();
        if (!twoEpochs.await(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("no second epoch in 90 s");
        }
        signal(p, "INT");
        // A process started with SIGINT ignored (a background job of a non-interactive shell) passes that on, and
        // the JVM then leaves SIGINT alone: SIGTERM runs the same shutdown hook.
        int expected = 130;
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            signal(p, "TERM");
            expected = 143;
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expected, p.exitValue(), "killed by the signal");
        reader.join(10_000);
        String err = Files.readString(dir.resolve("err.txt"));
        int epoch = Checkpoints.read(ckpt).epoch();
        assertTrue(epoch >= 2, "epoch " + epoch);
        assertTrue(err.contains("simdnn: interrupted; the state after epoch " + epoch + " is saved in " + ckpt
                + " (continue with --resume " + ckpt + ")"), err);
        Cli.Result resumed = Cli.run("train", "--data", "digits", "--epochs", String.valueOf(epoch + 1),
                "--early-stopping", "0", "--backend", "scalar", "--resume", ckpt.toString());
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.out().contains("Resuming: after epoch " + epoch), resumed::toString);
    }
}
