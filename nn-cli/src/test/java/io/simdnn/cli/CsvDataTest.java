package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users' own CSV files: text labels, labels 1..k, delimiters, headers, empty cells, a one-unit binary output. */
class CsvDataTest {
    private static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

    @TempDir
    Path dir;

    /** Iris as a user's file would be: its own delimiter, labels as text or as given, optional header, CRLF, BOM. */
    private Path iris(String name, String delimiter, boolean header, List<String> labels) throws IOException {
        Dataset d = Datasets.load("iris");
        StringBuilder s = new StringBuilder("\uFEFF");
        if (header) s.append(String.join(delimiter, "sepal length", "sepal width", "petal length", "petal width",
                "species")).append("\r\n");
        for (int r = 0; r < d.rows(); r++) {
            float[] x = d.featureRow(r);
            for (float v : x) s.append(v).append(delimiter);
            s.append(labels.get(d.labels()[r])).append("\r\n");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return file;
    }

    private static Cli.Result train(Path file, String... more) {
        String[] base = {"train", "--data", file.toString(), "--hidden", "8", "--epochs", "30", "--lr", "0.05",
                "--batch", "16", "--backend", "scalar"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    private static double testAccuracy(String out) {
        Matcher m = Pattern.compile("Test accuracy: ([\\d.]+)%").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1)) / 100;
    }

    @Test
    void textLabelsSemicolonsNoHeaderCrlfAndBomTrainAndEvaluateByName() throws IOException {
        Path file = iris("iris-text.csv", ";", false, SPECIES);
        Path model = dir.resolve("m.safetensors");
        Cli.Result r = train(file, "--out", model.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Data:     iris-text.csv, 150 rows, 4 features, 3 classes (setosa, versicolor,"
                + " virginica); split 105 train"), r::toString);
        assertTrue(testAccuracy(r.out()) >= 0.9, r::toString);
        Cli.Result e = Cli.run("eval", model.toString(), "--data", file.toString(), "--backend", "scalar");
        assertEquals(0, e.exitCode(), e::toString);
        assertTrue(e.out().lines().anyMatch(l -> l.matches("virginica +\\d+\\.\\d\\d% +\\d+\\.\\d\\d% +\\d+\\.\\d\\d%"
                + " +50")), e::toString);
        assertTrue(e.out().lines().anyMatch(l -> l.matches(" +setosa +versicolor +virginica")), e::toString);
    }

    @Test
    void integerLabelsFromOneMakeNoEmptyClassAndTheHeaderRuleIsTheSameEverywhere() throws IOException {
        Path headed = iris("iris-123.csv", ",", true, List.of("1", "2", "3"));
        Cli.Result r = train(headed);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("150 rows, 4 features, 3 classes (1, 2, 3)"), r::toString);
        assertTrue(r.out().contains("Network:  4-8(relu)-3 softmax"), r::toString);
        // Without a header the first row is data: 150 rows, not 149.
        Path bare = iris("iris-bare.csv", "\t", false, List.of("0", "1", "2"));
        Path model = dir.resolve("bare.safetensors");
        Cli.Result b = train(bare, "--out", model.toString());
        assertTrue(b.out().contains("iris-bare.csv, 150 rows, 4 features, 3 classes;"), b::toString);
        Cli.Result p = Cli.run("predict", model.toString(), "--input", bare.toString(), "--drop-column", "4");
        assertEquals(0, p.exitCode(), p::toString);
        assertEquals(151, p.out().lines().count(), "a header line and 150 rows");
        Cli.Result forced = train(bare, "--header");
        assertTrue(forced.out().contains("149 rows"), forced::toString);
    }

    @Test
    void aFractionalLabelPointsToRegression() throws IOException {
        Path file = dir.resolve("y.csv");
        Files.writeString(file, "x,y\n1,0.5\n2,1.5\n3,2.5\n4,3.5\n5,4.5\n");
        Cli.Result r = train(file);
        assertEquals(SimdnnCli.RUN_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().contains("\"0.5\" is not an integer class label; a numeric target needs regression"
                + " (--regression on the command line)"), r::toString);
    }

    @Test
    void emptyCellsAreAnErrorOrDroppedOrFilledWithTrainingMeans() throws IOException {
        Path file = iris("iris-holes.csv", ",", true, SPECIES);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        for (int i = 3; i < lines.size(); i += 10) lines.set(i, lines.get(i).replaceFirst("^[^,]*,", ","));
        Files.write(file, lines);
        Cli.Result error = train(file);
        assertEquals(SimdnnCli.RUN_ERROR, error.exitCode(), error::toString);
        assertEquals("error: iris-holes.csv line 4, column 1 (\"sepal length\"): empty cell where a number is"
                + " expected\n", error.err());
        Cli.Result dropped = train(file, "--missing", "drop");
        assertEquals(0, dropped.exitCode(), dropped::toString);
        assertTrue(dropped.out().contains("iris-holes.csv, 135 rows"), dropped::toString);
        Cli.Result mean = train(file, "--missing", "mean");
        assertEquals(0, mean.exitCode(), mean::toString);
        assertTrue(mean.out().contains("iris-holes.csv, 150 rows"), mean::toString);
        assertTrue(testAccuracy(mean.out()) >= 0.85, mean::toString);
        Cli.Result bad = train(file, "--missing", "zero");
        assertEquals(SimdnnCli.USAGE_ERROR, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("--missing"), bad::toString);
        Cli.Result embedded = Cli.run("train", "--data", "iris", "--missing", "drop");
        assertEquals(SimdnnCli.USAGE_ERROR, embedded.exitCode(), embedded::toString);
    }

    @Test
    void oneSigmoidOutputIsABinaryClassifierAndASoftmaxOverOneIsRefused() {
        Cli.Result r = Cli.run("train", "--data", "breast-cancer", "--layers", "30,16,1", "--epochs", "20",
                "--backend", "scalar");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Network:  30-16(relu)-1 sigmoid"), r::toString);
        assertTrue(r.out().contains("sigmoid_cross_entropy"), r::toString);
        assertTrue(testAccuracy(r.out()) >= 0.9, r::toString);
        Cli.Result softmax = Cli.run("train", "--data", "breast-cancer", "--layers", "30,16,1", "--output", "softmax");
        assertEquals(SimdnnCli.USAGE_ERROR, softmax.exitCode(), softmax::toString);
        assertTrue(softmax.err().startsWith("error: --output softmax: a softmax over one output is always 1"),
                softmax::toString);
    }

    @Test
    void softmaxCrossEntropyOnARegressionTargetIsRefused() throws IOException {
        Path file = dir.resolve("reg.csv");
        StringBuilder s = new StringBuilder("x,y\n");
        for (int i = 0; i < 20; i++) s.append(i).append(',').append(String.format(Locale.ROOT, "%.2f", i * 0.3))
                .append('\n');
        Files.writeString(file, s);
        Cli.Result r = Cli.run("train", "--data", file.toString(), "--regression", "--loss", "ce");
        assertEquals(SimdnnCli.USAGE_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: --loss softmax_cross_entropy compares outputs with class labels"),
                r::toString);
    }
}
