package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.model.io.ModelFile;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.io.SafeTensors;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backends;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema in model files, ONNX export and .onnx models in predict and eval, and --keys for state dicts. */
class InteropCliTest {
    @TempDir
    static Path dir;
    static Path csv, model;

    /** Iris as a CSV with a header and a label column "species" in the middle. */
    @BeforeAll
    static void trainOnACsv() throws IOException {
        Dataset iris = Datasets.load("iris");
        csv = dir.resolve("iris.csv");
        Files.writeString(csv, csv(iris, List.of("sepal_length", "sepal_width", "species", "petal_length",
                "petal_width")));
        model = dir.resolve("iris.safetensors");
        Cli.Result r = Cli.run("train", "--data", csv.toString(), "--label-column", "species", "--hidden", "8",
                "--epochs", "30", "--lr", "0.05", "--batch", "16", "--backend", "scalar", "--out", model.toString());
        assertEquals(0, r.exitCode(), r::toString);
    }

    private static String csv(Dataset d, List<String> columns) {
        List<String> features = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
        StringBuilder s = new StringBuilder(String.join(",", columns)).append('\n');
        for (int row = 0; row < d.rows(); row++) {
            for (int c = 0; c < columns.size(); c++) {
                int f = features.indexOf(columns.get(c));
                s.append(c > 0 ? "," : "").append(f < 0 ? String.valueOf(d.labels()[row])
                        : String.valueOf(d.features()[row * 4 + f]));
            }
            s.append('\n');
        }
        return s.toString();
    }

    @Test
    void theSavedModelKnowsItsDataSoEvalNeedsNoLabelColumn() throws IOException {
        ModelSchema schema = ModelFile.loadWithSchema(model, null).schema();
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), schema.featureNames());
        assertEquals("species", schema.labelColumn());
        assertEquals(List.of("0", "1", "2"), schema.classNames());
        assertEquals(ModelSchema.Task.CLASSIFICATION, schema.task());
        assertTrue(schema.scaling().folded() && schema.scaling().kind().equals("standard"));
        assertEquals("iris.csv", schema.provenance().dataset());
        assertEquals(42L, schema.provenance().seed());
        assertEquals("scalar", schema.provenance().backend());

        Cli.Result e = Cli.run("eval", model.toString(), "--data", csv.toString(), "--backend", "scalar");
        assertEquals(0, e.exitCode(), e::toString);
        assertTrue(e.out().contains("Accuracy: "), e::toString);

        // The same data with its columns in another order gives the same figures: columns are matched by name.
        Path shuffled = dir.resolve("shuffled.csv");
        Files.writeString(shuffled, csv(Datasets.load("iris"), List.of("petal_width", "species", "sepal_length",
                "petal_length", "sepal_width")).replace("\n", "\n"));
        Cli.Result again = Cli.run("eval", model.toString(), "--data", shuffled.toString(), "--backend", "scalar");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(e.out().lines().skip(2).toList(), again.out().lines().skip(2).toList());

        Path renamed = dir.resolve("renamed.csv");
        Files.writeString(renamed, Files.readString(csv).replaceFirst("petal_width", "petal_w"));
        Cli.Result refused = Cli.run("eval", model.toString(), "--data", renamed.toString(), "--backend", "scalar");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("missing [petal_width], not in the model [petal_w]"), refused::toString);
    }

    @Test
    void predictPicksTheFeatureColumnsByNameAndExportedOnnxPredictsTheSame() throws IOException {
        Cli.Result p = Cli.run("predict", model.toString(), "--input", csv.toString(), "--backend", "scalar");
        assertEquals(0, p.exitCode(), p::toString);
        assertTrue(p.out().startsWith("p0,p1,p2,class\n"), p::toString);

        Path onnx = dir.resolve("iris.onnx");
        Cli.Result x = Cli.run("export", model.toString(), "--onnx", onnx.toString());
        assertEquals(0, x.exitCode(), x::toString);
        assertTrue(x.out().contains("Wrote " + onnx + ": 4-8(relu)-3 softmax, with its schema"), x::toString);
        Cli.Result q = Cli.run("predict", onnx.toString(), "--input", csv.toString(), "--backend", "scalar");
        assertEquals(0, q.exitCode(), q::toString);
        assertEquals(p.out(), q.out());
        Cli.Result e = Cli.run("eval", onnx.toString(), "--data", csv.toString(), "--backend", "scalar");
        assertEquals(0, e.exitCode(), e::toString);

        Path missing = dir.resolve("missing.csv");
        Files.writeString(missing, "sepal_length,sepal_width,petal_length\n1,2,3\n");
        Cli.Result refused = Cli.run("predict", model.toString(), "--input", missing.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("missing [petal_width]"), refused::toString);
    }

    @Test
    void aStateDictWithOtherKeyNamesLoadsWithKeys() throws IOException {
        Network net = Network.builder().input(4).dense(5, Activation.TANH).dense(3).output(Output.SOFTMAX).seed(2)
                .backend(Backends.get("scalar")).build();
        Parameters params = net.parameters();
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("hidden.weight", SafeTensors.Tensor.of(params.values(0), 5, 4));
        t.put("hidden.bias", SafeTensors.Tensor.of(params.values(1), 5));
        t.put("head.weight", SafeTensors.Tensor.of(params.values(2), 3, 5));
        t.put("head.bias", SafeTensors.Tensor.of(params.values(3), 3));
        Path f = dir.resolve("torch.safetensors");
        SafeTensors.write(f, t, null);
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "1,2,3,4\n-1,0.5,2,0\n");
        Cli.Result byShape = Cli.run("predict", f.toString(), "--arch", "4-5-3", "--activation", "tanh", "--input",
                x.toString(), "--backend", "scalar");
        assertEquals(0, byShape.exitCode(), byShape::toString);
        Cli.Result byKeys = Cli.run("predict", f.toString(), "--arch", "4-5-3", "--activation", "tanh", "--keys",
                "hidden,head", "--input", x.toString(), "--backend", "scalar");
        assertEquals(byShape.out(), byKeys.out());
        float[] y = net.predict(new float[] {1, 2, 3, 4});
        assertTrue(byKeys.out().lines().skip(1).findFirst().orElseThrow().startsWith(y[0] + "," + y[1] + "," + y[2]),
                byKeys::toString);
        Cli.Result wrong = Cli.run("predict", f.toString(), "--arch", "4-5-3", "--keys", "head,hidden", "--input",
                x.toString());
        assertEquals(1, wrong.exitCode(), wrong::toString);
        assertTrue(wrong.err().contains("does not fit"), wrong::toString);
    }
}
