package io.simdnn.model;

import io.simdnn.model.io.ArchitectureJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.io.ModelFile;
import io.simdnn.model.io.ModelFormatException;
import io.simdnn.model.io.SafeTensors;
import io.simdnn.spi.Activation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static Network everyLayer() {
        return Network.builder().input(5).dense(8, Activation.LEAKY_RELU, 0.05f).dropout(0.1).prelu(6).swish(6)
                .maxout(4, 3).dense(7, Activation.TANH).noBias().dense(3).output(Output.SOFTMAX).seed(3)
                .backend(TestBackends.scalar()).build();
    }

    private static float[] input(int rows, int cols) {
        Rng r = new Rng(11);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    @Test
    void namesFollowPyTorchSequentialIndexing() {
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias", "layers.4.weight",
                "layers.5.weight", "layers.5.bias", "layers.6.beta", "layers.7.weight", "layers.7.bias",
                "layers.9.weight", "layers.11.weight", "layers.11.bias"), everyLayer().parameters().names());
        // Linear 0, LeakyReLU 1, Dropout 2, Linear 3, PReLU 4, Linear 5, Swish 6, Linear 7 (4·3 pieces), Maxout 8,
        // Linear 9 (no bias), Tanh 10, Linear 11.
        assertArrayEquals(new int[] {12, 6}, everyLayer().parameters().tensor(8).shape());
    }

    @Test
    void roundTripGivesBitIdenticalOutputs() throws IOException {
        Network net = everyLayer();
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(net, f);
        Network back = ModelFile.load(f, TestBackends.scalar());
        assertEquals(net.architecture(), back.architecture());
        float[] x = input(9, 5);
        assertArrayEquals(net.predict(x), back.predict(x));
        Parameters a = net.parameters(), b = back.parameters();
        for (int i = 0; i < a.count(); i++) assertArrayEquals(a.values(i), b.values(i));
    }

    @Test
    void architectureJsonRoundTrips() {
        Architecture a = everyLayer().architecture();
        assertEquals(a, ArchitectureJson.read(ArchitectureJson.write(a)));
    }

    @Test
    void bareStateDictLoadsWithArchitectureGiven() throws IOException {
        // As PyTorch saves nn.Sequential(nn.Linear(4, 6), nn.Sigmoid(), nn.Linear(6, 3)).state_dict() (keys 0.*, 2.*).
        Architecture a = Architecture.parse("4-6-3", Activation.SIGMOID, Output.SOFTMAX);
        Network net = Network.builder().input(4).dense(6, Activation.SIGMOID).dense(3).output(Output.SOFTMAX)
                .backend(TestBackends.scalar()).build();
        Parameters p = net.parameters();
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("0.weight", SafeTensors.Tensor.of(p.values(0), 6, 4));
        t.put("0.bias", SafeTensors.Tensor.of(p.values(1), 6));
        t.put("2.weight", SafeTensors.Tensor.of(p.values(2), 3, 6));
        t.put("2.bias", SafeTensors.Tensor.of(p.values(3), 3));
        Path f = dir.resolve("torch.safetensors");
        SafeTensors.write(f, t, Map.of("format", "pt"));
        ModelFormatException noArch = assertThrows(ModelFormatException.class, () -> ModelFile.load(f));
        assertTrue(noArch.getMessage().contains("no architecture"), noArch.getMessage());
        Network back = ModelFile.load(f, a, TestBackends.scalar());
        float[] x = input(3, 4);
        assertArrayEquals(net.predict(x), back.predict(x));
    }

    @Test
    void wrongShapesAndNamesAreRejected() throws IOException {
        Architecture a = Architecture.parse("4-6-3", Activation.SIGMOID, Output.SOFTMAX);
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("layers.0.weight", SafeTensors.Tensor.of(new float[24], 4, 6)); // transposed: [in, out]
        t.put("layers.0.bias", SafeTensors.Tensor.of(new float[6], 6));
        t.put("layers.2.weight", SafeTensors.Tensor.of(new float[18], 3, 6));
        t.put("layers.2.bias", SafeTensors.Tensor.of(new float[3], 3));
        Path f = dir.resolve("shape.safetensors");
        SafeTensors.write(f, t, null);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f, a));
        assertTrue(e.getMessage().contains("layers.0.weight") && e.getMessage().contains("[4, 6]")
                && e.getMessage().contains("[6, 4]"), e.getMessage());
        t.remove("layers.2.bias");
        t.put("layers.0.weight", SafeTensors.Tensor.of(new float[24], 6, 4));
        t.put("layers.9.gamma", SafeTensors.Tensor.of(new float[3], 3));
        SafeTensors.write(f, t, null);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f, a));
        assertTrue(e.getMessage().contains("missing: [layers.2.bias]") && e.getMessage().contains("unexpected: "
                + "[layers.9.gamma]"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreRejected() throws IOException {
        Network net = Network.builder().input(2).dense(2).backend(TestBackends.scalar()).build();
        Path f = dir.resolve("nan.safetensors");
        ModelFile.save(net, f);
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(SafeTensors.read(f).tensors());
        t.put("layers.0.bias", SafeTensors.Tensor.of(new float[] {1f, Float.NaN}, 2));
        SafeTensors.write(f, t, SafeTensors.read(f).metadata());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("layers.0.bias") && e.getMessage().contains("NaN")
                && e.getMessage().contains("index 1"), e.getMessage());
    }

    @Test
    void truncatedCorruptedAndAbsurdFilesAreRejected() throws IOException {
        Network net = everyLayer();
        Path f = dir.resolve("good.safetensors");
        ModelFile.save(net, f);
        byte[] bytes = Files.readAllBytes(f);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertThrows(ModelFormatException.class, () -> ModelFile.load(truncated));

        Path absurd = dir.resolve("absurd.safetensors");
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE / 2);
        Files.write(absurd, copy);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(absurd));
        assertTrue(e.getMessage().contains("absurd.safetensors"), e.getMessage());

        Path badArch = dir.resolve("arch.safetensors");
        String header = new String(bytes, 8, (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0),
                StandardCharsets.UTF_8);
        String broken = header.replace("\\\"units\\\":8", "\\\"units\\\":-8");
        assertTrue(!broken.equals(header), "the test must corrupt the architecture");
        byte[] hb = broken.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + hb.length + bytes.length - 8 - header.getBytes(StandardCharsets.UTF_8).length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(hb.length).put(hb).put(bytes, 8 + header.getBytes(StandardCharsets.UTF_8).length,
                bytes.length - 8 - header.getBytes(StandardCharsets.UTF_8).length);
        Files.write(badArch, out.array());
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(badArch));
        assertTrue(e.getMessage().contains("layers[0].units"), e.getMessage());

        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, "this is not a model file at all".getBytes(StandardCharsets.UTF_8));
        assertThrows(ModelFormatException.class, () -> ModelFile.load(garbage));
    }

    @Test
    void anAbsurdArchitectureInASmallFileAllocatesNothing() throws IOException {
        Network net = Network.builder().input(2).dense(2).backend(TestBackends.scalar()).build();
        Path f = dir.resolve("small.safetensors");
        ModelFile.save(net, f);
        SafeTensors.Loaded loaded = SafeTensors.read(f);
        Map<String, String> meta = new LinkedHashMap<>(loaded.metadata());
        meta.put(ModelFile.ARCHITECTURE_KEY, "{\"input\":40000,\"layers\":[{\"type\":\"dense\",\"units\":40000,"
                + "\"activation\":\"relu\"},{\"type\":\"dense\",\"units\":40000,\"activation\":\"identity\"}],"
                + "\"output\":\"linear\"}");
        SafeTensors.write(f, loaded.tensors(), meta);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("[40000, 40000]"), e.getMessage());
        meta.put(ModelFile.ARCHITECTURE_KEY, "{\"input\":100000,\"layers\":[{\"type\":\"dense\",\"units\":100000,"
                + "\"activation\":\"relu\"}],\"output\":\"linear\"}");
        SafeTensors.write(f, loaded.tensors(), meta);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("exceeds the largest array"), e.getMessage());
    }

    @Test
    void specHelperParsesSizes() {
        Architecture a = Architecture.parse("64-128-10", Activation.RELU, Output.SOFTMAX);
        assertEquals(64, a.inputSize());
        assertEquals(10, a.outputSize());
        assertEquals(new LayerSpec.Dense(128, Activation.RELU, Float.NaN, true), a.layers().get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parse("64-x-10", Activation.RELU, Output.SOFTMAX));
        assertTrue(e.getMessage().contains("'x'") || e.getMessage().contains("64-x-10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Architecture.parse("64", Activation.RELU, Output.SOFTMAX));
        Network fromSpec = Network.create(a, Init.HE, 42, TestBackends.scalar());
        Network built = Network.builder().input(64).dense(128, Activation.RELU).dense(10).output(Output.SOFTMAX)
                .init(Init.HE).seed(42).backend(TestBackends.scalar()).build();
        assertArrayEquals(built.parameters().values(0), fromSpec.parameters().values(0));
    }
}
