package io.simdnn.model.onnx;

import io.simdnn.model.Rng;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Assembles small ONNX models field by field, as the torch.onnx exporters lay them out. */
final class OnnxBuilder {
    private final ProtoWriter graph = new ProtoWriter().string(2, "g");
    private final long opset;
    private int nodes;

    OnnxBuilder(long opset) {
        this.opset = opset;
    }

    static float[] random(Rng r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 0.5);
        return v;
    }

    OnnxBuilder input(String name, int features) {
        graph.message(11, valueInfo(name, features));
        return this;
    }

    /** An initializer listed among the graph inputs too, as exporters before IR version 4 did. */
    OnnxBuilder initializerInput(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) shape.message(1, new ProtoWriter().varint(1, d));
        graph.message(11, new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1,
                new ProtoWriter().varint(1, OnnxReader.FLOAT).message(2, shape))));
        return this;
    }

    OnnxBuilder output(String name, int features) {
        graph.message(12, valueInfo(name, features));
        return this;
    }

    OnnxBuilder floats(String name, float[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return rawTensor(name, OnnxReader.FLOAT, b.array(), dims);
    }

    OnnxBuilder scalar(String name, float v) {
        return floats(name, new float[] {v});
    }

    OnnxBuilder rawTensor(String name, int dataType, byte[] raw, long... dims) {
        ProtoWriter t = new ProtoWriter();
        if (dims.length > 0) t.packed(1, dims);
        graph.message(5, t.varint(2, dataType).string(8, name).bytes(9, raw));
        return this;
    }

    /** A tensor whose data lives in another file (data_location EXTERNAL). */
    OnnxBuilder externalTensor(String name, long... dims) {
        ProtoWriter t = new ProtoWriter().packed(1, dims).varint(2, OnnxReader.FLOAT).string(8, name)
                .message(13, new ProtoWriter().string(1, "location").string(2, "weights.bin")).varint(14, 1);
        graph.message(5, t);
        return this;
    }

    OnnxBuilder node(String op, List<String> inputs, String output, ProtoWriter... attributes) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) n.string(1, in);
        n.string(2, output).string(3, "n" + nodes++).string(4, op);
        for (ProtoWriter a : attributes) n.message(5, a);
        graph.message(1, n);
        return this;
    }

    static ProtoWriter attr(String name, long value) {
        return new ProtoWriter().string(1, name).varint(3, value).varint(20, 2);
    }

    static ProtoWriter attr(String name, float value) {
        return new ProtoWriter().string(1, name).fixed32(2, value).varint(20, 1);
    }

    static ProtoWriter attr(String name, String value) {
        return new ProtoWriter().string(1, name).string(4, value).varint(20, 3);
    }

    /** A tensor-valued attribute holding INT64 values (as a Constant's {@code value}). */
    static ProtoWriter int64Tensor(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        ProtoWriter t = new ProtoWriter().packed(1, values.length).varint(2, OnnxReader.INT64).bytes(9, b.array());
        return new ProtoWriter().string(1, name).message(5, t).varint(20, 4);
    }

    static ProtoWriter ints(String name, long... values) {
        return new ProtoWriter().string(1, name).packed(8, values).varint(20, 7);
    }

    byte[] build() {
        return new ProtoWriter().varint(1, 8).string(2, "test").message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, opset)).toByteArray();
    }

    private static ProtoWriter valueInfo(String name, int features) {
        ProtoWriter shape = new ProtoWriter().message(1, new ProtoWriter().string(2, "batch"))
                .message(1, new ProtoWriter().varint(1, features));
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1,
                new ProtoWriter().varint(1, OnnxReader.FLOAT).message(2, shape)));
    }
}
