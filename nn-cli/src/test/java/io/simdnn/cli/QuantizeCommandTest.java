package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizeCommandTest {
    @TempDir
    static Path dir;
    static Path model, input;

    @BeforeAll
    static void trainIris() throws IOException {
        model = dir.resolve("iris.safetensors");
        Cli.Result r = Cli.run("train", "--data", "iris", "--hidden", "8", "--epochs", "40", "--lr", "0.05",
                "--batch", "16", "--backend", "scalar", "--out", model.toString());
        assertEquals(0, r.exitCode(), r::toString);
        input = dir.resolve("flowers.csv");
        Files.writeString(input, "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n"
                + "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n5.9,3.0,4.2,1.5\n");
    }

    @Test
    void quantisedModelsPredictAndEvaluateAsTheFloatOne() throws IOException {
        List<String> f32 = predict(model);
        for (String format : List.of("bf16", "int8")) {
            Path q = dir.resolve("iris-" + format + ".safetensors");
            Cli.Result r = Cli.run("quantize", model.toString(), "--format", format, "--out", q.toString());
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().startsWith("Wrote " + q + ": 4-8(relu)-3 softmax, " + format.toUpperCase()
                    + " dense weights ("), r::toString);
            assertEquals(format, ModelFile.loadWithSchema(q, null).quantized().format().name().toLowerCase());

            List<String> got = predict(q);
            assertEquals(f32.getFirst(), got.getFirst(), "the header: the schema went along");
            for (int i = 1; i < 4; i++) {
                String[] a = f32.get(i).split(","), b = got.get(i).split(",");
                assertEquals(a[3], b[3], "class of row " + i);
                for (int j = 0; j < 3; j++) {
                    assertEquals(Double.parseDouble(a[j]), Double.parseDouble(b[j]), 0.02, format + " " + got.get(i));
                }
            }
            Cli.Result onLoad = Cli.run("predict", model.toString(), "--input", input.toString(), "--quantize", format,
                    "--backend", "scalar");
            assertEquals(String.join("\n", got) + "\n", onLoad.out(), "--quantize on load = the quantised file");

            Cli.Result eval = Cli.run("eval", q.toString(), "--data", "iris", "--backend", "scalar");
            assertEquals(0, eval.exitCode(), eval::toString);
            assertTrue(eval.out().contains("Weights:  " + format.toUpperCase() + " dense weights ("), eval::toString);
            assertTrue(eval.out().contains("Accuracy: "), eval::toString);
        }
    }

    /**
     * train folds the standardisation into the first layer; INT8 with one scale per row would lose 4 points of
     * digits' test accuracy on those weights, so quantize unfolds it and predict/eval standardise the inputs again.
     */
    @Test
    void int8KeepsTheDigitsTestAccuracyOfATrainedModel() throws IOException {
        Path digits = dir.resolve("digits.safetensors"), q = dir.resolve("digits-int8.safetensors");
        assertEquals(0, Cli.run("train", "--epochs", "15", "--out", digits.toString()).exitCode());
        assertTrue(ModelFile.loadWithSchema(digits, null).schema().scaling().folded());
        assertEquals(0, Cli.run("quantize", digits.toString(), "--format", "int8", "--out", q.toString()).exitCode());
        assertTrue(!ModelFile.loadWithSchema(q, null).schema().scaling().folded(), "the scaling is unfolded");
        String f32 = accuracy(Cli.run("eval", digits.toString(), "--held-out")), int8 = accuracy(Cli.run("eval",
                q.toString(), "--held-out"));
        double a = Double.parseDouble(f32.replaceAll("Accuracy: +([0-9.]+)%.*", "$1"));
        double b = Double.parseDouble(int8.replaceAll("Accuracy: +([0-9.]+)%.*", "$1"));
        assertTrue(Math.abs(a - b) <= 0.3, int8 + " against float32 " + f32);
    }

    private static String accuracy(Cli.Result r) {
        assertEquals(0, r.exitCode(), r::toString);
        return r.out().lines().filter(l -> l.startsWith("Accuracy: ")).findFirst().orElseThrow();
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Cli.Result r = Cli.run("quantize", model.toString(), "--format", "int4", "--out",
                dir.resolve("x.safetensors").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("unknown weight format 'int4'; valid: bf16, int8"), r::toString);
    }

    private static List<String> predict(Path m) {
        Cli.Result r = Cli.run("predict", m.toString(), "--input", input.toString(), "--backend", "scalar");
        assertEquals(0, r.exitCode(), r::toString);
        return r.out().lines().toList();
    }
}
