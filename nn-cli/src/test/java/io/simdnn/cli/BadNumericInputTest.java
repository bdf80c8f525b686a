package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numeric input that cannot train a model: a diverging run, non-finite or out-of-range cells, values so large that
 * their statistics overflow, a single class, a single row. Each is one error line naming the file, line and column or
 * the reason, exit code 1, and no model file.
 */
class BadNumericInputTest {
    @TempDir
    Path dir;

    private Cli.Result train(String data, String... more) {
        String[] args = Stream.concat(Stream.of("train", "--data", data, "--hidden", "4", "--epochs", "3",
                "--backend", "scalar", "--out", dir.resolve("model.safetensors").toString()), Stream.of(more))
                .toArray(String[]::new);
        return Cli.run(args);
    }

    private Path csv(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    /** Exit code 1, exactly one error line (last on standard error) starting with {@code start}, no model saved. */
    private void assertFailsWith(Cli.Result r, String start) {
        assertEquals(SimdnnCli.RUN_ERROR, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("error: " + start), r::toString);
        assertFalse(Files.exists(dir.resolve("model.safetensors")), "a model was saved: " + r);
    }

    @Test
    void divergingTrainingNamesTheEpochAndBatchAndSavesNothing() {
        // Adam's loss stays finite but explodes; plain SGD's becomes NaN.
        Cli.Result adam = train("iris", "--lr", "1e6");
        assertFailsWith(adam, "training diverged at epoch 1, batch ");
        assertTrue(adam.err().contains("times the initial"), adam::toString);
        Cli.Result r = train("iris", "--lr", "1e6", "--optimizer", "sgd");
        assertFailsWith(r, "training diverged at epoch ");
        assertTrue(r.err().matches("error: training diverged at epoch \\d+, batch \\d+: loss = .*; try a smaller"
                + " learning rate.*; nothing was saved\\R"), r::toString);
    }

    @Test
    void aDivergingAutoEncoderNamesTheEpochAndBatchAndSavesNothing() {
        Cli.Result r = Cli.run("autoencoder", "--data", "iris", "--code", "2", "--epochs", "3", "--lr", "1e12",
                "--optimizer", "sgd", "--backend", "scalar", "--out", dir.resolve("model.safetensors").toString());
        assertFailsWith(r, "training diverged at epoch 1, batch ");
        assertTrue(r.err().matches("error: training diverged at epoch 1, batch \\d+: loss = .*; try a smaller"
                + " learning rate.*; nothing was saved\\R"), r::toString);
    }

    @Test
    void nanAndInfinityCellsNameTheLineAndColumn() throws IOException {
        assertFailsWith(train(csv("nan.csv", "a,b,label\n1,2,0\n3,NaN,1\n").toString()), "nan.csv line 3, column 2");
        assertFailsWith(train(csv("inf.csv", "a,b,label\n1,2,0\n3,4,1\n-Infinity,4,1\n").toString()),
                "inf.csv line 4, column 1");
        assertFailsWith(train(csv("big.csv", "a,b,label\n1,2,0\n3,1e39,1\n").toString()),
                "big.csv line 3, column 2 (\"b\"): \"1e39\" is outside the float range");
    }

    @Test
    void valuesNearTheFloatLimitTrainOnceStandardised() throws IOException {
        StringBuilder s = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 20; i++) s.append(i).append(',').append(i % 2 == 0 ? "1e38" : "-3e38").append(',')
                .append(i % 2).append('\n');
        Cli.Result r = train(csv("huge.csv", s.toString()).toString());
        assertEquals(0, r.exitCode(), r::toString);
        Cli.Result p = Cli.run("predict", dir.resolve("model.safetensors").toString(), "--input",
                csv("huge-in.csv", "a,b\n3,1e38\n4,-3e38\n").toString(), "--header");
        assertEquals(0, p.exitCode(), p::toString);
        assertFalse(p.out().contains("NaN") || p.out().contains("Infinity"), p::toString);
    }

    @Test
    void hugeRawValuesAreRejectedBeforeTrainingWithoutStandardisation() throws IOException {
        StringBuilder s = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 20; i++) s.append(i).append(',').append(i == 7 ? "1e38" : "1").append(',').append(i % 2)
                .append('\n');
        assertFailsWith(train(csv("raw.csv", s.toString()).toString(), "--no-standardize"),
                "raw.csv data row 8, feature 2 (\"b\"): 1.0E38 is too large to train on without standardisation");
    }

    @Test
    void aSingleClassSaysThereIsNothingToLearn() throws IOException {
        StringBuilder s = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 20; i++) s.append(i).append(',').append(2 * i).append(",0\n");
        Path oneClass = csv("one-class.csv", s.toString());
        assertFailsWith(train(oneClass.toString()), "one-class.csv: every row has class 0; a classifier needs rows of"
                + " at least two classes");
        assertFailsWith(Cli.run("elm", "--data", oneClass.toString(), "--hidden", "8", "--backend", "scalar", "--out",
                dir.resolve("model.safetensors").toString()), "one-class.csv: every row has class 0");
    }

    @Test
    void aSingleRowCannotBeSplit() throws IOException {
        assertFailsWith(train(csv("one-row.csv", "a,b,label\n1,2,0\n").toString()), "one-row.csv: 1 rows are too few"
                + " for a split");
    }
}
