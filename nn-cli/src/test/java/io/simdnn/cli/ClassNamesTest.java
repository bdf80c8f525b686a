package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text class labels go into the model file and come back out by name in eval and predict. */
class ClassNamesTest {
    @TempDir
    Path dir;

    @Test
    void evalAndPredictUseTheModelsClassesByName() throws IOException {
        Path iris = Path.of("..", "examples", "iris.csv");
        Path model = dir.resolve("species.safetensors");
        Cli.Result train = Cli.run("train", "--data", iris.toString(), "--hidden", "16", "--lr", "0.01", "--batch",
                "16", "--epochs", "60", "--seed", "3", "--backend", "scalar", "--out", model.toString());
        assertEquals(0, train.exitCode(), train::toString);

        // Only the virginica rows: sorted alone they would be class 0; matched to the model's classes they are 2.
        List<String> lines = Files.readAllLines(iris);
        Path virginica = dir.resolve("virginica.csv");
        Files.writeString(virginica, lines.get(0) + "\n" + lines.stream().skip(1).filter(l -> l.endsWith(",virginica"))
                .collect(Collectors.joining("\n")) + "\n");
        Cli.Result eval = Cli.run("eval", model.toString(), "--data", virginica.toString(), "--backend", "scalar");
        assertEquals(0, eval.exitCode(), eval::toString);
        String accuracy = eval.out().lines().filter(l -> l.startsWith("Accuracy:")).findFirst().orElseThrow();
        double percent = Double.parseDouble(accuracy.replaceAll("Accuracy:\\s+([0-9.]+)%.*", "$1"));
        assertTrue(percent > 90, eval::toString);

        Cli.Result predict = Cli.run("predict", model.toString(), "--input", virginica.toString(), "--drop-column",
                "species", "--backend", "scalar");
        assertEquals(0, predict.exitCode(), predict::toString);
        long named = predict.out().lines().skip(1).filter(l -> l.endsWith(",virginica")).count();
        assertTrue(named > 45, predict::toString);

        Path unknown = dir.resolve("unknown.csv");
        Files.writeString(unknown, lines.get(0) + "\n5.1,3.5,1.4,0.2,daisy\n");
        Cli.Result refused = Cli.run("eval", model.toString(), "--data", unknown.toString(), "--backend", "scalar");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("\"daisy\" is not one of [setosa, versicolor, virginica]"), refused::toString);
    }
}
