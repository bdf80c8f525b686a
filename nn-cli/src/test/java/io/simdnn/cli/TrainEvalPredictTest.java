package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main chain on Iris: train and save, evaluate the saved model, predict with it; then each bad input. */
class TrainEvalPredictTest {

    @TempDir
    static Path dir;
    static Path model;
    static Cli.Result trained;

    private static final String[] IRIS_TRAIN = {"train", "--data", "iris", "--hidden", "8", "--epochs", "40",
            "--lr", "0.05", "--batch", "16", "--backend", "scalar"};

    @BeforeAll
    static void trainIris() {
        model = dir.resolve("iris.safetensors");
        String[] args = Arrays.copyOf(IRIS_TRAIN, IRIS_TRAIN.length + 4);
        args[IRIS_TRAIN.length] = "--out";
        args[IRIS_TRAIN.length + 1] = model.toString();
        args[IRIS_TRAIN.length + 2] = "--plot";
        args[IRIS_TRAIN.length + 3] = dir.resolve("curves.png").toString();
        trained = Cli.run(args);
    }

    @Test
    void trainReportsTheSetUpEveryEpochAndTheTestAccuracy() throws IOException {
        assertEquals(0, trained.exitCode(), trained::toString);
        String out = trained.out();
        assertTrue(out.startsWith("Data:     iris, 150 rows, 4 features, 3 classes; split 105 train / 15 validation"
                + " / 30 test (seed 42), standardised on the training rows\n"), trained::toString);
        assertTrue(out.contains("Network:  4-8(relu)-3 softmax, 67 parameters\n"), trained::toString);
        assertTrue(out.lines().anyMatch(l -> l.matches("  1 +dense +8×4 +relu +40")), trained::toString);
        assertTrue(out.lines().anyMatch(l -> l.matches("  total +67")), trained::toString);
        assertTrue(out.contains("Training: adam (lr 0.05), softmax_cross_entropy, batch 16, up to 40 epochs"),
                trained::toString);
        assertTrue(out.contains("Backend:  scalar"), trained::toString);
        assertTrue(out.lines().anyMatch(l -> l.matches("epoch  1/40  loss \\d+\\.\\d{4}  acc +\\d+\\.\\d%  val_loss"
                + " \\d+\\.\\d{4}  val_acc +\\d+\\.\\d%  +\\d+ ms")), trained::toString);
        assertTrue(testAccuracy(out) >= 0.9, trained::toString);
        assertTrue(out.lines().anyMatch(l -> l.matches("Time: +[\\d.]+ s for \\d+ epochs, [\\d,]+ samples/s \\(median"
                + " epoch \\d+ ms, the first ones include JIT compilation\\), on scalar \\(32-bit, 1 thread\\)")),
                trained::toString);
        assertTrue(out.contains("Model:    " + model + " (takes raw features"), trained::toString);
        assertTrue(Files.size(model) > 0);
        assertPng(dir.resolve("curves.png"));
        assertEquals("", trained.err());
    }

    @Test
    void theMainJobTrainsDigitsToAtLeast97PercentOnTheSimdBackend() {
        Cli.Result r = Cli.run("train");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Data:     digits, 1797 rows, 64 features, 10 classes"), r::toString);
        assertTrue(r.out().contains("Network:  64-128(relu)-10 softmax"), r::toString);
        assertTrue(r.out().contains("Backend:  simd"), r::toString);
        assertTrue(testAccuracy(r.out()) >= 0.97, r::toString);
    }

    @Test
    void trainingIsReproducible() {
        Cli.Result again = Cli.run(IRIS_TRAIN);
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(epochLines(trained.out()), epochLines(again.out()));
    }

    @Test
    void evalOnTheHeldOutRowsReproducesTheTestAccuracyOfTrain() {
        Cli.Result r = Cli.run("eval", model.toString(), "--data", "iris", "--held-out", "--backend", "scalar");
        assertEquals(0, r.exitCode(), r::toString);
        Matcher train = Pattern.compile("Test accuracy: ([\\d.]+%) \\((\\d+/30)\\)").matcher(trained.out());
        assertTrue(train.find(), trained::toString);
        assertTrue(r.out().contains("Accuracy: " + train.group(1) + " (" + train.group(2) + ")"), r::toString);
        assertTrue(r.out().contains("Data:     iris, 30 rows (the held-out test rows of 150)"), r::toString);
    }

    @Test
    void evalPrintsPerClassFiguresAndTheConfusionMatrix() {
        Cli.Result r = Cli.run("eval", model.toString(), "--data", "iris");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Model:    " + model + ": 4-8(relu)-3 softmax"), r::toString);
        assertTrue(r.out().contains("Loss:     "), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("class +precision +recall +f1 +rows")), r::toString);
        String pct = " +\\d+\\.\\d\\d%";
        assertTrue(r.out().lines().anyMatch(l -> l.matches("2" + pct + pct + pct + " +50")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("macro" + pct + pct + pct + " +150")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("weighted" + pct + pct + pct + " +150")), r::toString);
        assertTrue(r.out().contains("Confusion matrix (rows: actual class, columns: predicted class):"),
                r::toString);
        List<String> rows = r.out().lines().dropWhile(l -> !l.startsWith("Confusion")).skip(2).toList();
        assertEquals(3, rows.size(), r::toString);
        int total = 0;
        for (String row : rows) {
            String[] cells = row.strip().split(" +");
            int sum = 0;
            for (int c = 1; c < cells.length; c++) sum += Integer.parseInt(cells[c]);
            assertEquals(50, sum, row);
            total += sum;
        }
        assertEquals(150, total);
    }

    @Test
    void predictWritesProbabilitiesAndTheClassForEachRow() throws IOException {
        Path input = dir.resolve("flowers.csv");
        // The model knows the names of its features (iris's own), so the header must use them.
        Files.writeString(input, "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2\n"
                + "6.7,3.0,5.2,2.3\n5.9,3.0,4.2,1.5\n");
        Path output = dir.resolve("predictions.csv");
        Cli.Result r = Cli.run("predict", model.toString(), "--input", input.toString(), "--out", output.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("Wrote 3 predictions to " + output + "\n", r.err());
        List<String> lines = Files.readAllLines(output);
        assertEquals("p0,p1,p2,class", lines.getFirst());
        assertEquals(4, lines.size());
        int[] classes = new int[3];
        for (int i = 0; i < 3; i++) {
            String[] cells = lines.get(i + 1).split(",");
            double sum = 0;
            int best = 0;
            for (int j = 0; j < 3; j++) {
                double p = Double.parseDouble(cells[j]);
                sum += p;
                if (p > Double.parseDouble(cells[best])) best = j;
            }
            assertEquals(1.0, sum, 1e-5, lines.get(i + 1));
            classes[i] = Integer.parseInt(cells[3]);
            assertEquals(best, classes[i], lines.get(i + 1));
        }
        assertArrayEquals(new int[] {0, 2, 1}, classes, "setosa, virginica, versicolor");

        Cli.Result stdout = Cli.run("predict", model.toString(), "--input", input.toString());
        assertEquals(0, stdout.exitCode(), stdout::toString);
        assertEquals(String.join("\n", lines) + "\n", stdout.out());
    }

    @Test
    void predictDropsALabelColumnAndReadsFilesWithoutHeader() throws IOException {
        Path labelled = dir.resolve("labelled.csv");
        Files.writeString(labelled, "5.1,3.5,1.4,0.2,0\n6.7,3.0,5.2,2.3,2\n");
        Cli.Result r = Cli.run("predict", model.toString(), "--input", labelled.toString(), "--drop-column", "4");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(3, r.out().lines().count(), r::toString);
    }

    @Test
    void predictRunsBarePyTorchWeightsWithAnArchitecture() throws IOException {
        Path torch = dir.resolve("torch.safetensors");
        writeSequential(torch, 4, 5, 3);
        Path input = dir.resolve("x.csv");
        Files.writeString(input, "1,2,3,4\n");
        Cli.Result r = Cli.run("predict", torch.toString(), "--arch", "4-5-3", "--activation", "tanh", "--output",
                "linear", "--input", input.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("y0,y1,y2\n"), r::toString);
        // Weights 0.01·index, biases 0: y_j = Σᵢ w2[j][i]·tanh(Σₖ w1[i][k]·x_k), computed here in double.
        double[] hidden = new double[5];
        for (int i = 0; i < 5; i++) {
            double z = 0;
            for (int k = 0; k < 4; k++) z += 0.01 * (i * 4 + k) * (k + 1);
            hidden[i] = Math.tanh(z);
        }
        String[] cells = r.out().lines().skip(1).findFirst().orElseThrow().split(",");
        for (int j = 0; j < 3; j++) {
            double y = 0;
            for (int i = 0; i < 5; i++) y += 0.01 * (j * 5 + i) * hidden[i];
            assertEquals(y, Double.parseDouble(cells[j]), 1e-5, "y" + j);
        }
    }

    @Test
    void withoutStandardisationTheModelIsSavedAsTrained() {
        Path raw = dir.resolve("raw.safetensors");
        Cli.Result r = Cli.run("train", "--data", "iris", "--no-standardize", "--epochs", "3", "--backend", "scalar",
                "--out", raw.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("30 test (seed 42)\n"), r::toString);
        assertTrue(r.out().contains("Model:    " + raw + "\n"), r::toString);
    }

    @Test
    void oneSigmoidUnitPredictsClassOneFromAHalf() throws IOException {
        java.io.StringWriter w = new java.io.StringWriter();
        PredictCommand.write(w, io.simdnn.model.Output.SIGMOID, 1, 3, new float[] {0.2f, 0.5f, 0.9f}, false, null);
        assertEquals("p0,class\n0.2,0\n0.5,1\n0.9,1\n", w.toString());
        java.io.StringWriter linear = new java.io.StringWriter();
        PredictCommand.write(linear, io.simdnn.model.Output.LINEAR, 2, 1, new float[] {-1.5f, 2f}, false, null);
        assertEquals("y0,y1\n-1.5,2.0\n", linear.toString());
    }

    @Test
    void elmFitsInClosedFormAndSavesANetworkThatEvalAndPredictRun() throws IOException {
        Path elm = dir.resolve("elm.safetensors");
        Cli.Result r = Cli.run("elm", "--data", "iris", "--hidden", "40", "--c", "10", "--backend", "scalar", "--out",
                elm.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Data:     iris, 150 rows, 4 features, 3 classes; split 120 train / 30 test"
                + " (seed 42), standardised on the training rows\nELM:      4-40(sigmoid)-3, C = 10, on scalar"),
                r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("Fitted: +[\\d.]+ s, primal system of 40×40.*")),
                r::toString);
        assertTrue(testAccuracy(r.out()) >= 0.9, r::toString);
        assertTrue(r.out().contains("Model:    " + elm + " (a 4-40(sigmoid)-3 linear network that takes raw"
                + " features)"), r::toString);

        Cli.Result eval = Cli.run("eval", elm.toString(), "--data", "iris");
        assertEquals(0, eval.exitCode(), eval::toString);
        assertTrue(eval.out().contains("Loss:     ") && eval.out().contains("(mse)"), eval::toString);
        assertTrue(eval.out().contains("Accuracy: "), eval::toString);

        Path input = dir.resolve("elm-input.csv");
        Files.writeString(input, "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        Cli.Result predict = Cli.run("predict", elm.toString(), "--input", input.toString(), "--argmax");
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> lines = predict.out().lines().toList();
        assertEquals("y0,y1,y2,class", lines.getFirst());
        assertTrue(lines.get(1).endsWith(",0") && lines.get(2).endsWith(",2"), predict::toString);
    }

    @Test
    void autoencoderReportsReconstructionErrorsAndSavesCodesAndARawUnitsNetwork() throws IOException {
        Path ae = dir.resolve("ae.safetensors");
        Path codes = dir.resolve("codes.csv");
        Cli.Result r = Cli.run("autoencoder", "--data", "iris", "--code", "2", "--epochs", "20", "--backend", "scalar",
                "--out", ae.toString(), "--codes", codes.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Network:  4-2(sigmoid)-4 linear\n"), r::toString);
        assertEquals(20, r.out().lines().filter(l -> l.matches("epoch +\\d+/20  loss \\d+\\.\\d{4}")).count(),
                r::toString);
        Matcher half = Pattern.compile("Reconstruction error, ½‖r − x‖² per row \\(the loss's units\\): train"
                + " (\\d\\.\\d{4}), test \\d\\.\\d{4}").matcher(r.out());
        Matcher perFeature = Pattern.compile("Reconstruction error, mean squared per feature: train (\\d\\.\\d{4}),"
                + " test \\d\\.\\d{4} \\(standardised units\\)").matcher(r.out());
        assertTrue(half.find() && perFeature.find(), r::toString);
        // Iris has 4 features: ½‖r − x‖² = 2 × the mean per feature.
        assertEquals(2 * Double.parseDouble(perFeature.group(1)), Double.parseDouble(half.group(1)), 2e-4);
        List<String> codeLines = Files.readAllLines(codes);
        assertEquals("c0,c1,label", codeLines.getFirst());
        assertEquals(151, codeLines.size());
        assertTrue(codeLines.get(1).endsWith(",0") && codeLines.get(150).endsWith(",2"));

        Path input = dir.resolve("ae-input.csv");
        Files.writeString(input, "5.1,3.5,1.4,0.2\n");
        Cli.Result p = Cli.run("predict", ae.toString(), "--input", input.toString());
        assertEquals(0, p.exitCode(), p::toString);
        String[] cells = p.out().lines().skip(1).findFirst().orElseThrow().split(",");
        assertEquals(4, cells.length, p::toString);
        // Raw units: a reconstruction of a 5.1 cm sepal is centimetres, not standard deviations.
        assertTrue(Double.parseDouble(cells[0]) > 3 && Double.parseDouble(cells[0]) < 8, p::toString);
    }

    // ------------------------------------------------------------------------------------------------ bad input

    @Test
    void aMissingDataFileNamesTheFileAndTheEmbeddedSets() {
        Cli.Result r = Cli.run("train", "--data", dir.resolve("nope.csv").toString());
        assertOneErrorLine(r, SimdnnCli.RUN_ERROR, "error: file not found: " + dir.resolve("nope.csv")
                + " (nor is it an embedded data set: iris, digits, wine, breast-cancer)");
    }

    @Test
    void aMissingModelFileIsOneLine() {
        Cli.Result r = Cli.run("eval", dir.resolve("none.safetensors").toString(), "--data", "iris");
        assertOneErrorLine(r, SimdnnCli.RUN_ERROR, "error: file not found: " + dir.resolve("none.safetensors"));
    }

    @Test
    void anUnreadableCsvCellIsReportedWithLineAndColumn() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b,label\n1,2,0\n3,oops,1\n");
        Cli.Result r = Cli.run("train", "--data", bad.toString());
        assertEquals(SimdnnCli.RUN_ERROR, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("error: bad.csv line 3, column 2"), r::toString);
        assertTrue(r.err().contains("oops"), r::toString);
    }

    @Test
    void aNonFiniteInputValueIsReportedWithLineAndColumn() throws IOException {
        Path bad = dir.resolve("nan.csv");
        Files.writeString(bad, "1,2,3,4\n5,6,NaN,8\n");
        Cli.Result r = Cli.run("predict", model.toString(), "--input", bad.toString());
        assertEquals(SimdnnCli.RUN_ERROR, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("error: nan.csv line 2, column 3"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void theWrongNumberOfColumnsForTheModelIsOneLine() throws IOException {
        Path wide = dir.resolve("wide.csv");
        Files.writeString(wide, "1,2,3,4,5\n");
        Cli.Result r = Cli.run("predict", model.toString(), "--input", wide.toString());
        assertOneErrorLine(r, SimdnnCli.RUN_ERROR, "error: wide.csv has 5 columns but the model (4-8(relu)-3"
                + " softmax) takes 4 inputs; drop the extra column (a label?) with --drop-column");
        Cli.Result eval = Cli.run("eval", model.toString(), "--data", "wine");
        assertOneErrorLine(eval, SimdnnCli.RUN_ERROR, "error: wine has 13 features but the model (4-8(relu)-3"
                + " softmax) takes 4 inputs");
    }

    @Test
    void anUnknownActivationOrOptimizerListsTheValidNames() {
        Cli.Result activation = Cli.run("train", "--activation", "relu6");
        assertEquals(SimdnnCli.USAGE_ERROR, activation.exitCode(), activation::toString);
        assertEquals(1, activation.err().lines().count(), activation::toString);
        assertTrue(activation.err().startsWith("error: Invalid value for option '--activation': unknown activation"
                + " 'relu6'; valid: identity, sigmoid, tanh"), activation::toString);
        Cli.Result optimizer = Cli.run("train", "--optimizer", "adamax");
        assertEquals(SimdnnCli.USAGE_ERROR, optimizer.exitCode(), optimizer::toString);
        assertEquals("error: Invalid value for option '--optimizer': unknown optimizer 'adamax'; valid: sgd,"
                + " momentum, nesterov, adagrad, rmsprop, adam, adamw (see 'simdnn train --help')\n", optimizer.err());
    }

    @Test
    void anArchitectureThatDoesNotMatchTheWeightsIsOneLine() throws IOException {
        Path torch = dir.resolve("torch-4-5-3.safetensors");
        writeSequential(torch, 4, 5, 3);
        Path input = dir.resolve("one.csv");
        Files.writeString(input, "1,2,3,4\n");
        Cli.Result r = Cli.run("predict", torch.toString(), "--arch", "4-6-3", "--input", input.toString());
        assertEquals(SimdnnCli.RUN_ERROR, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("error: torch-4-5-3.safetensors: tensor \"0.weight\" has shape [5, 4] but"
                + " architecture 4-6(relu)-3 softmax needs [6, 4]"), r::toString);
    }

    @Test
    void infoOfAModelListsItsLayers() {
        Cli.Result r = Cli.run("info", model.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Model:    " + model + ": 4-8(relu)-3 softmax, 67 parameters\n"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  2 +dense +3×8 +softmax +27")), r::toString);
    }

    @Test
    void diagnosticsPrintEachLayerAndPlotAsJpeg() throws IOException {
        Path jpeg = dir.resolve("curves.jpg");
        Cli.Result r = Cli.run("train", "--data", "iris", "--hidden", "8", "--epochs", "2", "--diagnostics",
                "--backend", "scalar", "--plot", jpeg.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(2, r.out().lines().filter(l -> l.matches("  layer 1 relu +grad \\d\\.\\d\\de[-+]\\d\\d  weight"
                + " \\d\\.\\d\\de[-+]\\d\\d  update/weight \\d\\.\\de[-+]\\d\\d  inactive +\\d+\\.\\d%")).count(), r::toString);
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("  layer 2 softmax  grad ")).count(), r::toString);
        for (Path image : List.of(jpeg, dir.resolve("curves-diagnostics.jpg"))) {
            byte[] bytes = Files.readAllBytes(image);
            assertEquals((byte) 0xFF, bytes[0], image + " is a JPEG");
            assertEquals((byte) 0xD8, bytes[1], image + " is a JPEG");
        }
    }

    @Test
    void bareWeightsWithoutAnArchitectureGetAnArchSuggestedFromTheirShapes() throws IOException {
        Path torch = dir.resolve("torch-4-5-3-bare.safetensors");
        writeSequential(torch, 4, 5, 3);
        Path input = dir.resolve("one-row.csv");
        Files.writeString(input, "1,2,3,4\n");
        Cli.Result r = Cli.run("predict", torch.toString(), "--input", input.toString());
        assertEquals(SimdnnCli.RUN_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: torch-4-5-3-bare.safetensors holds weights but no architecture: give it"
                + " with --arch (its tensor shapes suggest --arch 4-5-3"), r::toString);
    }

    @Test
    void anOutputInAMissingDirectoryIsOneLineAndWritesNothing() throws IOException {
        Path missing = dir.resolve("no-such-dir");
        Path input = dir.resolve("row.csv");
        Files.writeString(input, "5.1,3.5,1.4,0.2\n");
        Cli.Result r = Cli.run("predict", model.toString(), "--input", input.toString(), "--out",
                missing.resolve("p.csv").toString());
        assertEquals(SimdnnCli.USAGE_ERROR, r.exitCode(), r::toString);
        assertEquals("error: --out: cannot write the predictions " + missing.resolve("p.csv") + ": directory "
                + missing + " does not exist\n", r.err());
        assertTrue(Files.notExists(missing));
        // train checks its output paths before it trains: no epoch line, at once.
        for (String[] option : new String[][] {{"--out", missing.resolve("m.safetensors").toString()},
                {"--plot", missing.resolve("c.png").toString()}, {"--plot", dir.resolve("c.gif").toString()},
                {"--checkpoint", missing.resolve("t.ckpt").toString()}}) {
            Cli.Result t = Cli.run("train", "--data", "iris", "--epochs", "1", option[0], option[1]);
            assertEquals(SimdnnCli.USAGE_ERROR, t.exitCode(), t::toString);
            assertTrue(t.err().startsWith("error: " + option[0]), t::toString);
            assertEquals("", t.out(), t::toString);
        }
    }

    @Test
    void layersThatDoNotFitTheDataSayWhatWouldFit() {
        Cli.Result r = Cli.run("train", "--data", "iris", "--layers", "5,8,3");
        assertOneErrorLine(r, SimdnnCli.USAGE_ERROR, "error: --layers 5,8,3 does not fit iris: it has 4 features and 3"
                + " classes, so the layers must run from 4 to 3 (e.g. 4,128,3), or use --hidden");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("train", "eval", "predict", "elm", "autoencoder")) {
            Cli.Result r = Cli.run(command, "--help");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().startsWith("Usage: simdnn " + command), r::toString);
            assertTrue(r.out().contains("Examples:\n  simdnn " + command), r::toString);
        }
    }

    @Test
    void regressionOnACsvReportsTheTestLoss() throws IOException {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 60; i++) {
            double x1 = (i % 10) / 10.0, x2 = (i / 10) / 6.0;
            csv.append(x1).append(',').append(x2).append(',').append(2 * x1 - x2 + 0.5).append('\n');
        }
        Path file = dir.resolve("linear.csv");
        Files.writeString(file, csv);
        Cli.Result r = Cli.run("train", "--data", file.toString(), "--regression", "--hidden", "4", "--epochs", "5",
                "--backend", "scalar");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Data:     linear.csv, 60 rows, 2 features, 1 target;"), r::toString);
        assertTrue(r.out().contains("Network:  2-4(relu)-1 linear"), r::toString);
        assertTrue(r.out().contains("Test loss (mse): "), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("Test: +MSE \\S+, RMSE \\S+, MAE \\S+, R² -?\\d\\.\\d{4} on 12"
                + " rows")), r::toString);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void assertOneErrorLine(Cli.Result r, int exitCode, String line) {
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertEquals(line + "\n", r.err(), r::toString);
    }

    private static double testAccuracy(String out) {
        Matcher m = Pattern.compile("Test accuracy: ([\\d.]+)%").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1)) / 100;
    }

    private static List<String> epochLines(String out) {
        return out.lines().filter(l -> l.startsWith("epoch")).map(l -> l.replaceAll(" +\\d+ ms$", "")).toList();
    }

    static void assertPng(Path file) throws IOException {
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, file.toString());
    }

    /** A PyTorch nn.Sequential(Linear(in, hidden), act, Linear(hidden, out)) state dict: weight = 0.01·index. */
    private static void writeSequential(Path file, int in, int hidden, int out) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("0.weight", SafeTensors.Tensor.of(ramp(hidden * in), hidden, in));
        tensors.put("0.bias", SafeTensors.Tensor.of(new float[hidden], hidden));
        tensors.put("2.weight", SafeTensors.Tensor.of(ramp(out * hidden), out, hidden));
        tensors.put("2.bias", SafeTensors.Tensor.of(new float[out], out));
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 0.01f * i;
        return v;
    }
}
