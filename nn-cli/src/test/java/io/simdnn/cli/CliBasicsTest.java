package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CliBasicsTest {

    @Test
    void noArgumentsPrintsTheUsageWithExamples() {
        Cli.Result r = Cli.run();
        assertEquals(SimdnnCli.USAGE_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Usage: simdnn"), r::toString);
        assertTrue(r.err().contains("Examples:"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("info", "bench")) {
            Cli.Result r = Cli.run(command, "--help");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().startsWith("Usage: simdnn " + command), r::toString);
            assertTrue(r.out().contains("Examples:"), r::toString);
            assertTrue(r.out().contains("  simdnn " + command), r::toString);
        }
    }

    @Test
    void versionNamesTheProjectAndTheJdk() {
        Cli.Result r = Cli.run("--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("simdnn "), r::toString);
        assertTrue(r.out().contains("JDK " + System.getProperty("java.runtime.version")), r::toString);
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCodeTwo() {
        Cli.Result r = Cli.run("info", "--bogus");
        assertEquals(SimdnnCli.USAGE_ERROR, r.exitCode(), r::toString);
        assertEquals("error: Unknown option: '--bogus' (see 'simdnn info --help')\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownCommandIsOneLine() {
        Cli.Result r = Cli.run("fly");
        assertEquals(SimdnnCli.USAGE_ERROR, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("error: Unmatched argument at index 0: 'fly'"), r::toString);
        Cli.Result command = Cli.run("trian");
        assertTrue(command.err().contains("'trian'; did you mean train"), command::toString);
        Cli.Result option = Cli.run("train", "--epoch", "3");
        assertEquals(SimdnnCli.USAGE_ERROR, option.exitCode(), option::toString);
        assertTrue(option.err().contains("did you mean --epochs?"), option::toString);
        for (String[] bad : new String[][] {{"--lr", "-1"}, {"--epochs", "0"}, {"--dropout", "1.0"},
                {"--val-split", "1.5"}, {"--batch", "-2"}, {"--checkpoint-every", "-1"}}) {
            Cli.Result r2 = Cli.run("train", "--data", "iris", bad[0], bad[1]);
            assertEquals(SimdnnCli.USAGE_ERROR, r2.exitCode(), r2::toString);
            assertTrue(r2.err().startsWith("error: " + bad[0] + " "), r2::toString);
            assertEquals("", r2.out(), r2::toString);
        }
    }

    @Test
    void infoListsTheBackendsTheSelectionTheJdkAndTheCpu() {
        Cli.Result r = Cli.run("info");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Backends found (best first):"), r::toString);
        assertTrue(r.out().contains("  scalar "), r::toString);
        assertTrue(r.out().contains("Selected:     "), r::toString);
        assertTrue(r.out().contains("simdnn backend: "), r::toString);
        assertTrue(r.out().contains("Vector width: "), r::toString);
        assertTrue(r.out().contains("JDK:          " + System.getProperty("java.runtime.version")), r::toString);
        assertTrue(r.out().contains("VM:           " + System.getProperty("java.vm.name")), r::toString);
        assertTrue(r.out().contains("CPU:          "), r::toString);
        assertTrue(r.out().contains("SIMD flags:   "), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void cpuInfoParsingFindsTheModelAndTheVectorFlags() {
        MachineInfo m = MachineInfo.parse(List.of("processor\t: 0", "model name\t: Example CPU 9000",
                "flags\t\t: fpu sse4_2 avx avx2 fma avx512f", "", "processor\t: 1", "model name\t: other"), 2);
        assertEquals("Example CPU 9000", m.cpuModel());
        assertEquals(List.of("sse4_2", "avx", "avx2", "fma", "avx512f"), m.vectorFlags());
        assertTrue(m.hasFma());
        MachineInfo none = MachineInfo.parse(List.of(), 1);
        assertTrue(none.cpuModel().contains("model unknown"), none.cpuModel());
        assertFalse(none.hasFma());
    }

    @Test
    void errorsDescribeFilesAndValuesInOneLine() {
        assertEquals("file not found: x.csv", ErrorHandler.describe(
                new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("x.csv"))));
        assertEquals("bad value; second line",
                ErrorHandler.describe(new IllegalArgumentException("bad value\nsecond line")));
        assertTrue(ErrorHandler.describe(new NullPointerException()).startsWith("internal error: "));
    }

    @Test
    void epochLabelsThinOutAsEpochsGrow() {
        assertEquals(1, Charts.labelStep(15));
        assertEquals(2, Charts.labelStep(30));
        assertEquals(5, Charts.labelStep(61));
        assertEquals(10, Charts.labelStep(150));
        assertEquals(20, Charts.labelStep(151));
        assertEquals(100, Charts.labelStep(1000));
    }

    @Test
    void helpFitsEightyColumns() {
        for (String command : List.of("", "train", "eval", "predict", "elm", "autoencoder", "bench", "info")) {
            Cli.Result r = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
            assertEquals(0, r.exitCode(), r::toString);
            r.out().lines().forEach(line -> assertTrue(line.length() <= 80, command + ": " + line));
        }
    }
}
