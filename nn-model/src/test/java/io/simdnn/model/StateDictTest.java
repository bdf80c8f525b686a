package io.simdnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.io.ModelFile;
import io.simdnn.model.io.ModelFormatException;
import io.simdnn.model.io.SafeTensors;
import io.simdnn.model.io.StateDict;
import io.simdnn.spi.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State dicts of other module namings: order, shapes, explicit keys, PReLU slopes, and refused ambiguity. */
class StateDictTest {
    @TempDir
    Path dir;

    private static final Architecture MLP = Architecture.parse("4-8-8-3", Activation.RELU, Output.SOFTMAX);

    /** The reference network whose tensors the files below hold under other names. */
    private static Network reference(Architecture a) {
        return Network.create(a, null, 7, TestBackends.scalar());
    }

    private static float[] input() {
        Rng r = new Rng(3);
        float[] x = new float[5 * 4];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /** The reference's tensors in order under the given module names (weight, then bias, per module). */
    private Path write(Network net, String file, String... modules) throws IOException {
        Parameters p = net.parameters();
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        int m = -1;
        String last = null;
        for (int i = 0; i < p.count(); i++) {
            String name = p.tensor(i).name(), prefix = name.substring(0, name.lastIndexOf('.'));
            if (!prefix.equals(last)) {
                m++;
                last = prefix;
            }
            long[] shape = java.util.Arrays.stream(p.tensor(i).shape()).asLongStream().toArray();
            t.put(modules[m] + name.substring(name.lastIndexOf('.')), SafeTensors.Tensor.of(p.values(i), shape));
        }
        Path f = dir.resolve(file);
        SafeTensors.write(f, t, null);
        return f;
    }

    @Test
    void moduleListNumberingLoadsInOrder() throws IOException {
        Network net = reference(MLP);
        // nn.ModuleList of Linear layers: one index per Linear, so layers.1 is not the simdnn layers.1.
        Path f = write(net, "ml.safetensors", "layers.0", "layers.1", "layers.2");
        assertArrayEquals(net.predict(input()), ModelFile.load(f, MLP, null, TestBackends.scalar()).predict(input()));
    }

    @Test
    void namedModulesAndNumbersPastNineLoadInNumericOrder() throws IOException {
        Architecture deep = Architecture.parse("4-8-8-8-8-8-8-8-8-8-8-8-3", Activation.TANH, Output.LINEAR);
        Network net = reference(deep);
        String[] names = new String[12];
        for (int i = 0; i < names.length; i++) names[i] = "net.fc" + (i + 1);
        Path f = write(net, "deep.safetensors", names); // written in name order: fc1, fc10, fc11, fc12, fc2, ...
        assertArrayEquals(net.predict(input()), ModelFile.load(f, deep, null, TestBackends.scalar()).predict(input()));
    }

    @Test
    void shapesDecideWhenTheOrderDoesNotFit() throws IOException {
        Architecture a = Architecture.parse("4-8-6-3", Activation.RELU, Output.SOFTMAX);
        Network net = reference(a);
        // Alphabetically hidden < input < output: the order does not fit [8,4], [6,8], [3,6]; the shapes do.
        Path f = write(net, "named.safetensors", "input", "hidden", "output");
        assertArrayEquals(net.predict(input()), ModelFile.load(f, a, null, TestBackends.scalar()).predict(input()));
    }

    @Test
    void ambiguityIsRefusedWithTheCandidatesAndExplicitKeysResolveIt() throws IOException {
        Network net = reference(MLP);
        Path f = write(net, "amb.safetensors", "a", "c", "b");
        // a=[8,4]; c=[8,8]; b=[3,8]: by order (a, b, c) b does not fit layer 2; by shape only a, c, b fits.
        assertArrayEquals(net.predict(input()), ModelFile.load(f, MLP, null, TestBackends.scalar()).predict(input()));

        Architecture square = Architecture.parse("4-8-8-8-3", Activation.RELU, Output.SOFTMAX);
        Network sq = reference(square);
        Path g = write(sq, "square.safetensors", "in", "mid2", "mid1", "out");
        // Order: in, mid1, mid2, out fits the shapes, so the names' order is taken: mid1 before mid2.
        Network byOrder = ModelFile.load(g, square, null, TestBackends.scalar());
        assertTrue(!java.util.Arrays.equals(sq.predict(input()), byOrder.predict(input())));
        Network explicit = ModelFile.load(g, square, List.of("in", "mid2", "mid1", "out"), TestBackends.scalar());
        assertArrayEquals(sq.predict(input()), explicit.predict(input()));

        Path h = write(sq, "square2.safetensors", "z", "y", "x", "w");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(h, square, null, TestBackends.scalar()));
        assertTrue(e.getMessage().contains("several assignments fit the shapes")
                && e.getMessage().contains("<- [x, y]") && e.getMessage().contains("--keys"), e.getMessage());
    }

    @Test
    void explicitKeysAreChecked() throws IOException {
        Path f = write(reference(MLP), "k.safetensors", "fc1", "fc2", "fc3");
        ModelFormatException wrongCount = assertThrows(ModelFormatException.class,
                () -> ModelFile.load(f, MLP, List.of("fc1", "fc2"), null));
        assertTrue(wrongCount.getMessage().contains("2 keys"), wrongCount.getMessage());
        ModelFormatException unknown = assertThrows(ModelFormatException.class,
                () -> ModelFile.load(f, MLP, List.of("fc1", "fc2", "fc4"), null));
        assertTrue(unknown.getMessage().contains("\"fc4\" names no module"), unknown.getMessage());
        ModelFormatException misfit = assertThrows(ModelFormatException.class,
                () -> ModelFile.load(f, MLP, List.of("fc2", "fc1", "fc3"), null));
        assertTrue(misfit.getMessage().contains("does not fit"), misfit.getMessage());
        assertEquals(List.of("layers.0{weight[8, 4], bias[8]}", "layers.2{weight[8, 8], bias[8]}",
                "layers.4{weight[3, 8], bias[3]}"), StateDict.modules(MLP));
    }

    @Test
    void preluSlopesOfOneValueAreBroadcast() throws IOException {
        Network net = Network.builder().input(4).prelu(5).dense(2).output(Output.SIGMOID).seed(5)
                .backend(TestBackends.scalar()).build();
        Parameters p = net.parameters();
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("fc1.weight", SafeTensors.Tensor.of(p.values(0), 5, 4));
        t.put("fc1.bias", SafeTensors.Tensor.of(p.values(1), 5));
        t.put("act.weight", SafeTensors.Tensor.of(new float[] {0.1f}, 1)); // nn.PReLU(): one shared slope
        t.put("fc2.weight", SafeTensors.Tensor.of(p.values(3), 2, 5));
        t.put("fc2.bias", SafeTensors.Tensor.of(p.values(4), 2));
        Path f = dir.resolve("prelu.safetensors");
        SafeTensors.write(f, t, null);
        Network loaded = ModelFile.load(f, net.architecture(), List.of("fc1", "act", "fc2"), TestBackends.scalar());
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f}, loaded.parameters().values(2));
        assertArrayEquals(net.withParameter("layers.1.weight", 0.1f, 0.1f, 0.1f, 0.1f, 0.1f).predict(input()),
                loaded.predict(input()));
        // Shape-matched without keys too: the slope module fits only the PReLU.
        assertArrayEquals(loaded.predict(input()), ModelFile.load(f, net.architecture(), null, TestBackends.scalar()).predict(input()));
    }

    @Test
    void aMissingModuleIsReportedWithBothLists() throws IOException {
        Path f = write(reference(Architecture.parse("4-8-3", Activation.RELU, Output.SOFTMAX)), "short.safetensors",
                "fc1", "fc2");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f, MLP, null, TestBackends.scalar()));
        assertTrue(e.getMessage().contains("2 modules with tensors") && e.getMessage().contains("needs 3"),
                e.getMessage());
    }
}
