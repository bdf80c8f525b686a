package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @Test
    void benchPrintsGflopsPerBackendAndWritesTheChart(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("bench.png");
        Cli.Result r = Cli.run("bench", "--backend", "scalar", "--sizes", "16", "--no-dense", "--repeats", "1",
                "--mlp", "8,4,2", "--max-warmup", "0.3", "--plot", png.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("scalar GFLOP/s"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("16×16·16×16")), r::toString);
        assertTrue(r.out().contains("MLP 8-4(relu)-2 softmax, one sample at a time (batch 1), median latency:"),
                r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  scalar \\(32-bit, 1 thread\\) +[\\d.]+ µs .*")),
                r::toString);
        assertTrue(r.out().contains("./bench"), r::toString);
        assertTrue(r.out().contains("Chart written to " + png), r::toString);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        assertEquals("", r.err());
    }

    @Test
    void anUnknownBackendListsTheBackendsFound() {
        Cli.Result r = Cli.run("bench", "--backend", "gpu");
        assertEquals(SimdnnCli.USAGE_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: --backend: unknown backend 'gpu'; found: "), r::toString);
        assertTrue(r.err().contains("scalar"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result r = Cli.run("bench", "--backend", "gpu", "--verbose");
        assertEquals(SimdnnCli.USAGE_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: --backend: unknown backend 'gpu'"), r::toString);
        assertTrue(r.err().contains("\tat io.simdnn.spi.Backends.get"), r::toString);
        Cli.Result before = Cli.run("--verbose", "bench", "--backend", "gpu");
        assertTrue(before.err().contains("\tat io.simdnn.spi.Backends.get"), before::toString);
    }

    @Test
    void timingReportsTheMedianOfTheRuns() {
        BenchCommand.Timing t = BenchCommand.time(() -> { }, 3, 100_000_000L);
        assertTrue(t.minNanos() <= t.medianNanos() && t.medianNanos() <= t.maxNanos(), t::toString);
    }
}
