package io.simdnn.model.onnx;

import io.simdnn.model.Architecture;
import io.simdnn.model.LayerSpec;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.spi.Activation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Writes a network as an ONNX {@code ModelProto} (see {@link OnnxModel}). */
final class OnnxExport {
    static final int OPSET = 18;
    static final int IR_VERSION = 8;

    // AttributeProto.AttributeType
    private static final int FLOAT = 1, INT = 2;

    private final ProtoWriter graph = new ProtoWriter();
    private int nodes, constants;

    private OnnxExport() {}

    static byte[] export(Network network, ModelSchema schema) {
        OnnxExport e = new OnnxExport();
        e.body(network);
        ProtoWriter model = new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "simdnn")
                .message(7, e.graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
        if (schema != null) model.message(14, new ProtoWriter().string(1, ModelSchema.KEY).string(2, schema.toJson()));
        return model.toByteArray();
    }

    private void body(Network network) {
        Architecture a = network.architecture();
        Parameters p = network.parameters();
        graph.string(2, "simdnn");
        graph.message(11, valueInfo("input", a.inputSize()));
        graph.message(12, valueInfo("output", a.outputSize()));
        String x = "input";
        int t = 0;
        for (int i = 0; i < a.layers().size(); i++) {
            LayerSpec l = a.layers().get(i);
            if (l instanceof LayerSpec.Dropout) continue; // inference: dropout is the identity
            String w = initializer(p, t++);
            boolean bias = switch (l) {
                case LayerSpec.Dense d -> d.bias();
                case LayerSpec.PRelu r -> r.bias();
                case LayerSpec.Swish s -> s.bias();
                case LayerSpec.Maxout m -> m.bias();
                case LayerSpec.Dropout d -> false;
            };
            String z = bias ? node("Gemm", List.of(x, w, initializer(p, t++)), List.of(attr("transB", 1)))
                    : node("Gemm", List.of(x, w), List.of(attr("transB", 1)));
            x = switch (l) {
                case LayerSpec.Dense d -> activation(d.activation(), d.parameter(), z);
                case LayerSpec.PRelu r -> node("PRelu", List.of(z, initializer(p, t++)), List.of());
                case LayerSpec.Swish s -> {
                    String scaled = node("Mul", List.of(z, initializer(p, t++)), List.of());
                    yield node("Mul", List.of(z, node("Sigmoid", List.of(scaled), List.of())), List.of());
                }
                case LayerSpec.Maxout m -> {
                    String shape = longs(-1, m.units(), m.pieces());
                    String pieces = node("Reshape", List.of(z, shape), List.of());
                    yield node("ReduceMax", List.of(pieces, longs(2)), List.of(attr("keepdims", 0)));
                }
                case LayerSpec.Dropout d -> throw new AssertionError();
            };
        }
        switch (a.output()) {
            case LINEAR -> node("Identity", List.of(x), List.of(), "output");
            case SIGMOID -> node("Sigmoid", List.of(x), List.of(), "output");
            case SOFTMAX -> node("Softmax", List.of(x), List.of(attr("axis", -1)), "output");
        }
    }

    /** The nodes of one activation on {@code z}; returns the value they compute. */
    private String activation(Activation f, float p, String z) {
        return switch (f) {
            case IDENTITY -> z;
            case SIGMOID -> node("Sigmoid", List.of(z), List.of());
            case TANH -> node("Tanh", List.of(z), List.of());
            case RELU -> node("Relu", List.of(z), List.of());
            case SOFTPLUS -> node("Softplus", List.of(z), List.of());
            case LEAKY_RELU -> node("LeakyRelu", List.of(z), List.of(attr("alpha", p)));
            case ELU -> node("Elu", List.of(z), List.of(attr("alpha", p)));
            case HARD_SIGMOID -> node("HardSigmoid", List.of(z), List.of(attr("alpha", 0.25f), attr("beta", 0.5f)));
            case HARD_TANH -> node("Clip", List.of(z, scalar(-1f), scalar(1f)), List.of());
            case SWISH -> {
                String in = p == 1f ? z : node("Mul", List.of(z, scalar(p)), List.of());
                yield node("Mul", List.of(z, node("Sigmoid", List.of(in), List.of())), List.of());
            }
            case GELU -> { // the dynamo exporter's decomposition: x · ½ · (1 + erf(x / √2))
                String erf = node("Erf", List.of(node("Div", List.of(z, scalar((float) Math.sqrt(2))), List.of())),
                        List.of());
                String onePlus = node("Add", List.of(erf, scalar(1f)), List.of());
                yield node("Mul", List.of(node("Mul", List.of(z, onePlus), List.of()), scalar(0.5f)), List.of());
            }
            case GELU_TANH -> { // ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
                String cube = node("Mul", List.of(node("Mul", List.of(z, z), List.of()), z), List.of());
                String inner = node("Add", List.of(z, node("Mul", List.of(cube, scalar(0.044715f)), List.of())),
                        List.of());
                String tanh = node("Tanh", List.of(node("Mul", List.of(inner, scalar((float) Math.sqrt(2 / Math.PI))),
                        List.of())), List.of());
                String onePlus = node("Add", List.of(tanh, scalar(1f)), List.of());
                yield node("Mul", List.of(node("Mul", List.of(z, onePlus), List.of()), scalar(0.5f)), List.of());
            }
            case GELU_SIGMOID -> {
                String s = node("Sigmoid", List.of(node("Mul", List.of(z, scalar(1.702f)), List.of())), List.of());
                yield node("Mul", List.of(z, s), List.of());
            }
        };
    }

    private String node(String op, List<String> inputs, List<ProtoWriter> attributes) {
        return node(op, inputs, attributes, "t" + nodes);
    }

    private String node(String op, List<String> inputs, List<ProtoWriter> attributes, String output) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) n.string(1, in);
        n.string(2, output).string(3, op + "_" + nodes++).string(4, op);
        for (ProtoWriter a : attributes) n.message(5, a);
        graph.message(1, n);
        return output;
    }

    private static ProtoWriter attr(String name, long value) {
        return new ProtoWriter().string(1, name).varint(3, value).varint(20, INT);
    }

    private static ProtoWriter attr(String name, float value) {
        return new ProtoWriter().string(1, name).fixed32(2, value).varint(20, FLOAT);
    }

    /** Parameter tensor {@code i} as an initializer named as in model files; returns its name. */
    private String initializer(Parameters p, int i) {
        Architecture.Tensor t = p.tensor(i);
        long[] dims = new long[t.shape().length];
        for (int d = 0; d < dims.length; d++) dims[d] = t.shape()[d];
        return floatTensor(t.name(), dims, p.values(i));
    }

    private String scalar(float v) {
        return floatTensor("c" + constants++, new long[0], new float[] {v});
    }

    private String longs(long... v) {
        String name = "c" + constants++;
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        graph.message(5, new ProtoWriter().packed(1, v.length).varint(2, OnnxReader.INT64).string(8, name)
                .bytes(9, b.array()));
        return name;
    }

    private String floatTensor(String name, long[] dims, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        ProtoWriter t = new ProtoWriter();
        if (dims.length > 0) t.packed(1, dims);
        graph.message(5, t.varint(2, OnnxReader.FLOAT).string(8, name).bytes(9, b.array()));
        return name;
    }

    private static ProtoWriter valueInfo(String name, int features) {
        ProtoWriter shape = new ProtoWriter()
                .message(1, new ProtoWriter().string(2, "batch"))
                .message(1, new ProtoWriter().varint(1, features));
        ProtoWriter tensor = new ProtoWriter().varint(1, OnnxReader.FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }
}
