package io.simdnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.io.ModelFile;
import io.simdnn.model.io.ModelFormatException;
import io.simdnn.model.io.SafeTensors;
import io.simdnn.model.io.SavedModel;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.QuantizedMatrix;
import io.simdnn.spi.QuantizedMatrix.Format;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuantizedNetworkTest {
    @TempDir
    Path dir;

    /** Dense layers (quantised) between PReLU, Swish and maxout layers (float32). */
    private static Network everyLayer(Backend b) {
        return Network.builder().input(37).dense(40, Activation.RELU).prelu(12).swish(9).maxout(6, 2)
                .dense(19, Activation.TANH).noBias().dense(5).output(Output.SOFTMAX).seed(5).backend(b).build();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void quantisesTheDenseWeightsOnlyAndPredictsAsTheDequantisedNetwork(Format format) {
        for (Backend b : TestBackends.all()) {
            Network net = everyLayer(b);
            QuantizedNetwork q = QuantizedNetwork.of(net, format);
            assertEquals(List.of("layers.0.weight", "layers.8.weight", "layers.10.weight"),
                    List.copyOf(q.weights().keySet()));
            assertEquals(QuantizedNetwork.quantizedTensors(net.architecture()), List.copyOf(q.weights().keySet()));
            Parameters p = net.parameters(), d = q.network().parameters();
            for (int i = 0; i < p.count(); i++) {
                String name = p.tensor(i).name();
                if (!q.weights().containsKey(name)) {
                    assertArrayEquals(p.values(i), d.values(i), name + " stays float32");
                } else {
                    assertArrayEquals(q.weights().get(name).dequantize(), d.values(i), name + " dequantised");
                    assertNotEquals(java.util.Arrays.toString(p.values(i)), java.util.Arrays.toString(d.values(i)));
                }
            }
            float[] x = PredictorTest.gaussian(37 * 70, 3);
            float[] got = q.predict(x), want = q.network().predict(x), single = new float[5];
            for (int i = 0; i < got.length; i++) assertEquals(want[i], got[i], 1e-5, b.name() + " output " + i);
            Predictor one = q.newPredictor(1);
            for (int r = 0; r < 70; r += 13) {
                one.predict(x, r * 37, single, 0);
                for (int j = 0; j < 5; j++) assertEquals(want[r * 5 + j], single[j], 1e-5, "row " + r);
            }
        }
    }

    @Test
    void weightsMustMatchTheDenseLayers() {
        Network net = everyLayer(TestBackends.scalar());
        QuantizedNetwork q = QuantizedNetwork.of(net, Format.INT8);
        Map<String, QuantizedMatrix> w = new LinkedHashMap<>(q.weights());
        w.remove("layers.8.weight");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> QuantizedNetwork.ofWeights(net, w)),
                "layers.8.weight");
        w.put("layers.8.weight", QuantizedMatrix.quantize(Format.INT8, 19, 5, new float[95], 0, 5));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> QuantizedNetwork.ofWeights(net, w)),
                "19x5", "19x6");
        w.put("layers.8.weight", QuantizedMatrix.quantize(Format.BF16, 19, 6, new float[114], 0, 6));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> QuantizedNetwork.ofWeights(net, w)),
                "BF16", "INT8");
        Map<String, QuantizedMatrix> extra = new LinkedHashMap<>(q.weights());
        extra.put("layers.2.weight", QuantizedMatrix.quantize(Format.INT8, 12, 40, new float[480], 0, 40));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> QuantizedNetwork.ofWeights(net, extra)),
                "layers.2.weight", "not the weight tensor of a dense layer");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void savedFilesLoadBitForBit(Format format) throws IOException {
        Backend b = TestBackends.all().getLast();
        QuantizedNetwork q = QuantizedNetwork.of(everyLayer(b), format);
        Path file = dir.resolve("q.safetensors");
        ModelFile.save(q, null, file);
        QuantizedNetwork loaded = ModelFile.loadQuantized(file, b);
        assertEquals(format, loaded.format());
        assertEquals(q.weights(), loaded.weights());
        float[] x = PredictorTest.gaussian(37 * 9, 4);
        assertArrayEquals(q.predict(x), loaded.predict(x));
        // the stored dtypes, and the plain loader's view: the float32 network over the dequantised weights
        SafeTensors.Loaded raw = SafeTensors.read(file);
        assertEquals(format == Format.BF16 ? "BF16" : "I8", raw.tensors().get("layers.0.weight").dtype());
        assertEquals("F32", raw.tensors().get("layers.0.bias").dtype());
        assertEquals(format == Format.INT8, raw.tensors().containsKey("layers.0.weight.scale"));
        SavedModel saved = ModelFile.loadWithSchema(file, b);
        assertEquals(q.network().parameters().names(), saved.network().parameters().names());
        for (String name : q.network().parameters().names()) {
            assertArrayEquals(q.network().parameters().values(name), saved.network().parameters().values(name), name);
        }
        assertNull(ModelFile.loadWithSchema(writeFloat(), b).quantized());
        assertMessage(assertThrows(ModelFormatException.class, () -> ModelFile.loadQuantized(writeFloat(), b)),
                "not quantised");
    }

    private Path writeFloat() throws IOException {
        Path file = dir.resolve("f.safetensors");
        ModelFile.save(everyLayer(TestBackends.scalar()), file);
        return file;
    }

    @Test
    void int8WeightsAreFourTimesSmaller() {
        Network net = Network.builder().input(784).dense(256).dense(128).dense(10).seed(1)
                .backend(TestBackends.scalar()).build();
        long f32 = 4L * (784 * 256 + 256 * 128 + 128 * 10);
        assertEquals(f32 / 2, QuantizedNetwork.of(net, Format.BF16).weightBytes());
        assertEquals(f32 / 4 + 4 * (256 + 128 + 10), QuantizedNetwork.of(net, Format.INT8).weightBytes());
    }

    /** A saved INT8 file with one tensor changed: each change is refused with a message naming the tensor. */
    @Test
    void loaderRejectsBadQuantisedTensors() throws IOException {
        Backend b = TestBackends.scalar();
        QuantizedNetwork q = QuantizedNetwork.of(everyLayer(b), Format.INT8);
        Path file = dir.resolve("q.safetensors");
        ModelFile.save(q, null, file);
        SafeTensors.Loaded good = SafeTensors.read(file);
        rejects(good, t -> t.put("layers.0.weight.scale", SafeTensors.Tensor.of(new float[39], 39)),
                "layers.0.weight.scale", "[40]");
        rejects(good, t -> t.remove("layers.8.weight.scale"), "layers.8.weight", "needs an F32 tensor");
        rejects(good, t -> {
            float[] s = t.get("layers.10.weight.scale").data().clone();
            s[2] = -1f;
            t.put("layers.10.weight.scale", SafeTensors.Tensor.of(s, s.length));
        }, "layers.10.weight", "scales[2]");
        rejects(good, t -> {
            float[] v = t.get("layers.0.weight").data().clone();
            v[41] = -128f;
            t.put("layers.0.weight", new SafeTensors.Tensor("I8", new long[] {40, 37}, v));
        }, "layers.0.weight", "-128");
        rejects(good, t -> t.put("layers.0.weight", SafeTensors.Tensor.of(new float[40 * 37], 40, 37)),
                "layers.0.weight", "F32", "I8");
        rejects(good, t -> t.put("layers.2.weight", new SafeTensors.Tensor("I8", new long[] {12, 40},
                new float[480])), "layers.2.weight", "I8");
        rejects(good, t -> t.put("layers.9.weight.scale", SafeTensors.Tensor.of(new float[1], 1)),
                "unexpected", "layers.9.weight.scale");
        Map<String, String> meta = new LinkedHashMap<>(good.metadata());
        meta.put(ModelFile.QUANTIZATION_KEY, "int4");
        SafeTensors.write(file, good.tensors(), meta);
        assertMessage(assertThrows(ModelFormatException.class, () -> ModelFile.loadQuantized(file, b)), "int4");
    }

    private void rejects(SafeTensors.Loaded good, Consumer<Map<String, SafeTensors.Tensor>> change,
            String... fragments) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(good.tensors());
        change.accept(tensors);
        Path file = dir.resolve("bad.safetensors");
        SafeTensors.write(file, tensors, good.metadata());
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.loadQuantized(file, TestBackends.scalar()));
        assertMessage(e, fragments);
        assertTrue(e.getMessage().startsWith("bad.safetensors"), e.getMessage());
    }

    private static void assertMessage(Exception e, String... fragments) {
        for (String f : fragments) assertTrue(e.getMessage().contains(f), e.getMessage() + " should mention " + f);
    }
}
