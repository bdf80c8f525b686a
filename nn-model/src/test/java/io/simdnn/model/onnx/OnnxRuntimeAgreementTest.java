package io.simdnn.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.simdnn.model.Architecture;
import io.simdnn.model.LayerSpec;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Rng;
import io.simdnn.model.io.ModelFormatException;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.io.SavedModel;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime runs what simdnn exports with simdnn's outputs, to float rounding; export → import gives the same
 * network; hand-assembled files in the shapes of both torch.onnx exporters import and agree with ONNX Runtime.
 */
class OnnxRuntimeAgreementTest {
    private static final Backend SCALAR = Backends.get("scalar");
    private static final int ROWS = 7;
    private static OrtEnvironment env;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        env = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void stop() {
        // The environment is a process-wide singleton; sessions are closed per test.
    }

    private static float[] input(int features) {
        Rng r = new Rng(17);
        float[] x = new float[ROWS * features];
        for (int i = 0; i < x.length; i++) x[i] = (float) (3 * r.nextGaussian());
        return x;
    }

    /** ONNX Runtime's outputs for rows of {@code x}. */
    static float[] runtime(byte[] model, float[] x, int features) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model, options);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {x.length / features,
                         features});
                 OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), in))) {
                float[][] out = (float[][]) r.get(0).getValue();
                float[] flat = new float[out.length * out[0].length];
                for (int i = 0; i < out.length; i++) System.arraycopy(out[i], 0, flat, i * out[0].length, out[0].length);
                return flat;
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            float tolerance = 2e-6f + 2e-6f * Math.abs(expected[i]);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance, what + ": output " + i + " is " + actual[i]
                    + ", simdnn " + expected[i]);
        }
    }

    static Stream<Arguments> architectures() {
        List<Arguments> out = new ArrayList<>();
        for (Output link : Output.values()) {
            for (Activation f : Activation.values()) {
                float p = f == Activation.LEAKY_RELU ? 0.07f : f == Activation.ELU ? 0.8f : f == Activation.SWISH ? 1.5f
                        : Float.NaN;
                out.add(Arguments.of(link + " " + f, Network.builder().input(5).dense(6, f, p).dense(3).output(link)
                        .seed(3).backend(SCALAR).build()));
            }
            out.add(Arguments.of(link + " swish(1)", Network.builder().input(5).dense(6, Activation.SWISH)
                    .dense(3).output(link).seed(4).backend(SCALAR).build()));
            out.add(Arguments.of(link + " prelu, learnable swish, maxout, dropout, no bias",
                    Network.builder().input(5).prelu(6).dropout(0.3).swish(4).maxout(5, 3).dense(4, Activation.TANH)
                            .noBias().dense(3).output(link).seed(5).backend(SCALAR).build()));
            out.add(Arguments.of(link + " one output", Network.builder().input(5).dense(4, Activation.GELU).dense(1)
                    .output(link == Output.SOFTMAX ? Output.SIGMOID : link).seed(6).backend(SCALAR).build()));
        }
        return out.stream();
    }

    /** Learnable slopes and β away from their initial values, so a lost parameter would show. */
    private static Network perturbed(Network net) {
        Network n = net;
        for (int i = 0; i < n.parameters().count(); i++) {
            Architecture.Tensor t = n.parameters().tensor(i);
            if (t.kind() == Architecture.Kind.SLOPE || t.kind() == Architecture.Kind.BETA) {
                float[] v = n.parameters().values(i);
                for (int j = 0; j < v.length; j++) v[j] = 0.1f + 0.3f * j;
                n = n.withParameter(t.name(), v);
            }
        }
        return n;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void onnxRuntimeRunsTheExportAsSimdnnDoes(String name, Network network) throws Exception {
        Network net = perturbed(network);
        float[] x = input(net.inputSize());
        byte[] onnx = OnnxModel.toBytes(net, null);
        float[] expected = net.predict(x);
        assertClose(expected, runtime(onnx, x, net.inputSize()), name + " (ONNX Runtime)");

        OnnxModel.Parsed back = OnnxModel.parse(onnx, name);
        Network imported = Network.of(back.architecture(), back.parameters(), SCALAR);
        assertArrayEquals(expected, imported.predict(x), name + " (export → import)");
        if (!(net.architecture().output() == Output.LINEAR && lastActivation(net) == Activation.SIGMOID)) {
            assertEquals(withoutDropout(net.architecture()), back.architecture(), name);
        }
    }

    private static Activation lastActivation(Network net) {
        return net.architecture().layers().getLast() instanceof LayerSpec.Dense d ? d.activation() : null;
    }

    private static Architecture withoutDropout(Architecture a) {
        return new Architecture(a.inputSize(), a.layers().stream().filter(l -> !(l instanceof LayerSpec.Dropout))
                .map(l -> l instanceof LayerSpec.PRelu p ? new LayerSpec.PRelu(p.units(), 0.25f, p.bias())
                        : l instanceof LayerSpec.Swish s ? new LayerSpec.Swish(s.units(), 1f, s.bias()) : l).toList(),
                a.output());
    }

    @Test
    void savedFilesCarryTheSchemaAndLoadOnAnyBackend() throws IOException {
        Network net = Network.builder().input(3).dense(4, Activation.RELU).dense(2).output(Output.SOFTMAX).seed(1)
                .backend(SCALAR).build();
        ModelSchema schema = new ModelSchema(List.of("a", "b", "c"), "label", List.of("no", "yes"),
                ModelSchema.Task.CLASSIFICATION, null, new ModelSchema.Provenance("toy", 10L, 1L, "scalar",
                "2026-01-01T00:00:00Z", "test"));
        Path f = dir.resolve("m.onnx");
        OnnxModel.save(net, schema, f);
        SavedModel loaded = OnnxModel.load(f, SCALAR);
        assertEquals(schema, loaded.schema());
        assertArrayEquals(net.predict(input(3)), loaded.network().predict(input(3)));
    }

    // ------------------------------------------------------------------------------------------------ hand-made

    @Test
    void dynamoExporterShapeTransposeMatMulAddAndErfGelu() throws Exception {
        Rng r = new Rng(9);
        OnnxBuilder b = new OnnxBuilder(18);
        b.input("x", 4);
        float[] w1 = OnnxBuilder.random(r, 6 * 4), b1 = OnnxBuilder.random(r, 6), w2 = OnnxBuilder.random(r, 3 * 6),
                b2 = OnnxBuilder.random(r, 3);
        b.floats("fc1.weight", w1, 6, 4).floats("fc1.bias", b1, 6).floats("fc2.weight", w2, 3, 6).floats("fc2.bias", b2, 3);
        b.node("Transpose", List.of("fc1.weight"), "t1", OnnxBuilder.ints("perm", 1, 0));
        b.node("MatMul", List.of("x", "t1"), "mm1").node("Add", List.of("mm1", "fc1.bias"), "z1");
        // torch.nn.functional.gelu as the dynamo exporter decomposes it: x * 0.5 * (1 + erf(x * (1 / sqrt 2))).
        b.scalar("half", 0.5f).scalar("rsqrt2", 0.70710677f).scalar("one", 1f);
        b.node("CastLike", List.of("rsqrt2", "z1"), "rsqrt2c"); // torchlib casts its scalars like the data
        b.node("Mul", List.of("half", "z1"), "g0").node("Mul", List.of("z1", "rsqrt2c"), "g1")
                .node("Erf", List.of("g1"), "g2").node("Add", List.of("g2", "one"), "g3")
                .node("Mul", List.of("g0", "g3"), "h1");
        b.node("Transpose", List.of("fc2.weight"), "t2", OnnxBuilder.ints("perm", 1, 0));
        b.node("MatMul", List.of("h1", "t2"), "mm2").node("Add", List.of("mm2", "fc2.bias"), "z2");
        b.node("Softmax", List.of("z2"), "y", OnnxBuilder.attr("axis", -1)).output("y", 3);
        byte[] onnx = b.build();

        OnnxModel.Parsed p = OnnxModel.parse(onnx, "dynamo");
        assertEquals("4-6(gelu)-3 softmax", p.architecture().toString());
        Network net = Network.of(p.architecture(), p.parameters(), SCALAR);
        float[] x = input(4);
        assertClose(net.predict(x), runtime(onnx, x, 4), "dynamo GELU MLP");
    }

    @Test
    void legacyExporterShapeGemmTransBAndOldSoftmaxAxis() throws Exception {
        Rng r = new Rng(10);
        OnnxBuilder b = new OnnxBuilder(11);
        b.input("input.1", 4).initializerInput("0.bias", 5); // older exporters list initializers as inputs too
        b.floats("0.weight", OnnxBuilder.random(r, 5 * 4), 5, 4).floats("0.bias", OnnxBuilder.random(r, 5), 5)
                .floats("2.weight", OnnxBuilder.random(r, 3 * 5), 3, 5).floats("2.bias", OnnxBuilder.random(r, 3), 3);
        b.node("Flatten", List.of("input.1"), "f", OnnxBuilder.attr("axis", 1));
        b.node("Gemm", List.of("f", "0.weight", "0.bias"), "z1", OnnxBuilder.attr("alpha", 1f),
                OnnxBuilder.attr("beta", 1f), OnnxBuilder.attr("transB", 1));
        b.node("LeakyRelu", List.of("z1"), "a1", OnnxBuilder.attr("alpha", 0.2f));
        b.node("Gemm", List.of("a1", "2.weight", "2.bias"), "z2", OnnxBuilder.attr("transB", 1));
        b.node("LogSoftmax", List.of("z2"), "y"); // opset 11: axis 1 by default, the class axis of [batch, classes]
        b.output("y", 3);
        byte[] onnx = b.build();
        OnnxModel.Parsed p = OnnxModel.parse(onnx, "legacy");
        assertEquals("4-5(leaky_relu)-3 softmax", p.architecture().toString());
        assertEquals(0.2f, ((LayerSpec.Dense) p.architecture().layers().getFirst()).parameter());
        Network net = Network.of(p.architecture(), p.parameters(), SCALAR);
        float[] x = input(4);
        float[] logProbabilities = runtime(onnx, x, 4), probabilities = new float[logProbabilities.length];
        for (int i = 0; i < probabilities.length; i++) probabilities[i] = (float) Math.exp(logProbabilities[i]);
        assertClose(net.predict(x), probabilities, "legacy LogSoftmax MLP");
    }

    @Test
    void geluOpConstantReshapeIdentityDropoutAndASigmoidOutput() throws Exception {
        Rng r = new Rng(11);
        OnnxBuilder b = new OnnxBuilder(20); // Gelu is an op from opset 20 on
        b.input("x", 4);
        b.floats("w1", OnnxBuilder.random(r, 5 * 4), 4, 5).floats("b1", OnnxBuilder.random(r, 5), 5);
        b.node("Constant", List.of(), "shape", OnnxBuilder.int64Tensor("value", -1, 4));
        b.node("Reshape", List.of("x", "shape"), "x2").node("Identity", List.of("x2"), "x3");
        b.node("Gemm", List.of("x3", "w1", "b1"), "z1"); // transB=0: the weight is [in, out]
        b.node("Gelu", List.of("z1"), "h1", OnnxBuilder.attr("approximate", "tanh"));
        b.node("Dropout", List.of("h1"), "h2");
        b.node("MatMul", List.of("h2", "t2"), "z2"); // no bias: MatMul alone
        b.node("Sigmoid", List.of("z2"), "y").output("y", 2);
        b.floats("t2", transpose(OnnxBuilder.random(r, 2 * 5), 2, 5), 5, 2);
        byte[] onnx = b.build();
        OnnxModel.Parsed p = OnnxModel.parse(onnx, "opset20");
        assertEquals("4-5(gelu_tanh)-2 sigmoid", p.architecture().toString());
        assertEquals(false, ((LayerSpec.Dense) p.architecture().layers().getLast()).bias());
        Network net = Network.of(p.architecture(), p.parameters(), SCALAR);
        float[] x = input(4);
        assertClose(net.predict(x), runtime(onnx, x, 4), "opset 20 Gelu MLP");
    }

    private static float[] transpose(float[] w, int r, int c) {
        float[] t = new float[w.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = w[i * c + j];
        return t;
    }

    @Test
    void unsupportedOpsAreRefusedNamingTheOpAndNode() {
        OnnxBuilder b = new OnnxBuilder(18);
        b.input("x", 4).floats("w", new float[8], 2, 4);
        b.node("Gemm", List.of("x", "w"), "z", OnnxBuilder.attr("transB", 1));
        b.node("LpNormalization", List.of("z"), "y").output("y", 2);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModel.parse(b.build(), "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: LpNormalization node 'n1': op LpNormalization is not supported"),
                e.getMessage());

        OnnxBuilder c = new OnnxBuilder(18);
        c.input("x", 4).floats("w", new float[8], 2, 4);
        c.node("Gemm", List.of("x", "w"), "z", OnnxBuilder.attr("transB", 1));
        c.scalar("k", 0.3f).node("Mul", List.of("z", "k"), "y").output("y", 2);
        e = assertThrows(ModelFormatException.class, () -> OnnxModel.parse(c.build(), "m.onnx"));
        assertTrue(e.getMessage().contains("Mul node 'n1'") && e.getMessage().contains("compute no simdnn activation"),
                e.getMessage());

        OnnxBuilder d = new OnnxBuilder(18);
        d.input("x", 4).floats("w", new float[8], 2, 4);
        d.node("Gemm", List.of("x", "w"), "z", OnnxBuilder.attr("transB", 1));
        d.node("Softmax", List.of("z"), "y", OnnxBuilder.attr("axis", 0)).output("y", 2);
        e = assertThrows(ModelFormatException.class, () -> OnnxModel.parse(d.build(), "m.onnx"));
        assertTrue(e.getMessage().contains("axis 0 is not the class axis"), e.getMessage());
    }

    @Test
    void externalDataAndOtherDataTypesAreRefused() {
        OnnxBuilder b = new OnnxBuilder(18);
        b.input("x", 4).externalTensor("w", 2, 4);
        b.node("Gemm", List.of("x", "w"), "y", OnnxBuilder.attr("transB", 1)).output("y", 2);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModel.parse(b.build(), "m.onnx"));
        assertTrue(e.getMessage().contains("external data, which is refused"), e.getMessage());

        OnnxBuilder c = new OnnxBuilder(18);
        c.input("x", 4).rawTensor("w", 3 /* INT8 */, new byte[8], 2, 4);
        c.node("Gemm", List.of("x", "w"), "y", OnnxBuilder.attr("transB", 1)).output("y", 2);
        e = assertThrows(ModelFormatException.class, () -> OnnxModel.parse(c.build(), "m.onnx"));
        assertTrue(e.getMessage().contains("data type 3"), e.getMessage());

        OnnxBuilder d = new OnnxBuilder(30);
        d.input("x", 4);
        e = assertThrows(ModelFormatException.class, () -> OnnxModel.parse(d.build(), "m.onnx"));
        assertTrue(e.getMessage().contains("opset 30 is not supported"), e.getMessage());
    }
}
