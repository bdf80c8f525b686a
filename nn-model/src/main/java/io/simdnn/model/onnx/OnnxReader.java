package io.simdnn.model.onnx;

import io.simdnn.model.io.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the part of an ONNX {@code ModelProto} that describes a feed-forward graph: IR version, opsets, the graph's
 * nodes, initializers, inputs and outputs, and the metadata. Unknown fields are skipped, as protobuf allows; what
 * is read is checked: whitelisted tensor data types, one data field per tensor, element counts (by
 * {@link Math#multiplyExact}) that the bytes present hold exactly, no external data, IR version and opset in the
 * supported range. Every array allocated is backed by bytes of the input.
 */
final class OnnxReader {
    static final int FLOAT = 1, INT32 = 6, INT64 = 7, FLOAT16 = 10, DOUBLE = 11, BFLOAT16 = 16;
    static final long MIN_IR = 3, MAX_IR = 11, MIN_OPSET = 7, MAX_OPSET = 22;
    private static final int MAX_RANK = 8;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private OnnxReader() {}

    /** A tensor: floats for the float types, longs for the integer ones. */
    record Tensor(String name, long[] dims, int dataType, float[] floats, long[] longs) {
        int size() {
            return floats != null ? floats.length : longs.length;
        }

        boolean isFloat() {
            return floats != null;
        }
    }

    record Attribute(String name, int type, float f, long i, String s, Tensor t, float[] floats, long[] ints) {}

    record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
            Map<String, Attribute> attributes) {
        /** Input {@code k}, or "" when absent (ONNX marks an omitted optional input by an empty name). */
        String input(int k) {
            return k < inputs.size() ? inputs.get(k) : "";
        }

        String describe() {
            return opType + " node" + (name.isEmpty() ? "" : " '" + name + "'");
        }
    }

    /** A graph input or output: its element type and dimensions (-1 where symbolic or unknown; null: no shape). */
    record ValueInfo(String name, int elemType, long[] dims) {}

    record Graph(List<Node> nodes, Map<String, Tensor> initializers, List<ValueInfo> inputs, List<ValueInfo> outputs) {}

    record Model(long irVersion, long opset, Graph graph, Map<String, String> metadata) {}

    static Model read(String source, byte[] bytes) throws ModelFormatException {
        ProtoReader r = new ProtoReader(source, bytes);
        Long ir = null, opset = null;
        Graph graph = null;
        Map<String, String> metadata = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> ir = r.varintField();
                case 7 -> {
                    if (graph != null) throw r.error("more than one graph");
                    graph = graph(r.message());
                }
                case 8 -> {
                    ProtoReader o = r.message();
                    String domain = "";
                    long version = -1;
                    while (o.next()) {
                        if (o.field() == 1) domain = o.string();
                        else if (o.field() == 2) version = o.varintField();
                        else o.skip();
                    }
                    if (domain.isEmpty() || domain.equals("ai.onnx")) {
                        if (opset != null) throw r.error("the default opset is imported twice");
                        opset = version;
                    }
                }
                case 14 -> {
                    String[] kv = entry(r.message());
                    metadata.put(kv[0], kv[1]);
                }
                default -> r.skip();
            }
        }
        if (ir == null) throw r.error("no ir_version: not an ONNX model");
        if (ir < MIN_IR || ir > MAX_IR) {
            throw r.error("ir_version " + ir + " is not supported (" + MIN_IR + " to " + MAX_IR + ")");
        }
        if (opset == null) throw r.error("no opset_import for the default domain");
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw r.error("opset " + opset + " is not supported (" + MIN_OPSET + " to " + MAX_OPSET + ")");
        }
        if (graph == null) throw r.error("no graph");
        return new Model(ir, opset, graph, metadata);
    }

    private static String[] entry(ProtoReader e) throws ModelFormatException {
        String key = "", value = "";
        while (e.next()) {
            if (e.field() == 1) key = e.string();
            else if (e.field() == 2) value = e.string();
            else e.skip();
        }
        return new String[] {key, value};
    }

    private static Graph graph(ProtoReader g) throws ModelFormatException {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        while (g.next()) {
            switch (g.field()) {
                case 1 -> nodes.add(node(g.message()));
                case 5 -> {
                    Tensor t = tensor(g.message());
                    if (initializers.put(t.name(), t) != null) throw g.error("initializer '" + t.name() + "' repeats");
                }
                case 11 -> inputs.add(valueInfo(g.message()));
                case 12 -> outputs.add(valueInfo(g.message()));
                case 15 -> throw g.error("sparse initializers are not supported");
                default -> g.skip();
            }
        }
        return new Graph(nodes, initializers, inputs, outputs);
    }

    private static Node node(ProtoReader n) throws ModelFormatException {
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        String name = "", op = "", domain = "";
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        while (n.next()) {
            switch (n.field()) {
                case 1 -> inputs.add(n.string());
                case 2 -> outputs.add(n.string());
                case 3 -> name = n.string();
                case 4 -> op = n.string();
                case 7 -> domain = n.string();
                case 5 -> {
                    Attribute a = attribute(n.message());
                    if (attributes.put(a.name(), a) != null) throw n.error("attribute '" + a.name() + "' repeats");
                }
                default -> n.skip();
            }
        }
        return new Node(name, op, domain, inputs, outputs, attributes);
    }

    private static Attribute attribute(ProtoReader a) throws ModelFormatException {
        String name = "", s = null;
        int type = 0;
        float f = 0;
        long i = 0;
        Tensor t = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        while (a.next()) {
            switch (a.field()) {
                case 1 -> name = a.string();
                case 20 -> type = a.intField();
                case 2 -> f = a.floatField();
                case 3 -> i = a.varintField();
                case 4 -> s = a.string();
                case 5 -> t = tensor(a.message());
                case 7 -> floats.read(a);
                case 8 -> ints.read(a);
                default -> a.skip(); // graphs, strings, tensors: no op this package reads has them
            }
        }
        return new Attribute(name, type, f, i, s, t, floats.toArray(), ints.toArray());
    }

    private static ValueInfo valueInfo(ProtoReader v) throws ModelFormatException {
        String name = "";
        int elemType = 0;
        long[] dims = null;
        while (v.next()) {
            if (v.field() == 1) {
                name = v.string();
            } else if (v.field() == 2) {
                ProtoReader type = v.message();
                while (type.next()) {
                    if (type.field() != 1) {
                        type.skip();
                        continue;
                    }
                    ProtoReader tensor = type.message();
                    while (tensor.next()) {
                        if (tensor.field() == 1) {
                            elemType = tensor.intField();
                        } else if (tensor.field() == 2) {
                            LongList d = new LongList();
                            ProtoReader shape = tensor.message();
                            while (shape.next()) {
                                if (shape.field() != 1) {
                                    shape.skip();
                                    continue;
                                }
                                ProtoReader dim = shape.message();
                                long value = -1;
                                while (dim.next()) {
                                    if (dim.field() == 1) value = dim.varintField();
                                    else dim.skip();
                                }
                                if (d.size == MAX_RANK) throw shape.error("more than " + MAX_RANK + " dimensions");
                                d.add(value < 0 ? -1 : value);
                            }
                            dims = d.toArray();
                        } else {
                            tensor.skip();
                        }
                    }
                }
            } else {
                v.skip();
            }
        }
        return new ValueInfo(name, elemType, dims);
    }

    static Tensor tensor(ProtoReader t) throws ModelFormatException {
        LongList dims = new LongList();
        int dataType = 0, dataField = 0, dataFields = 0;
        String name = "";
        ByteBuffer raw = null;
        FloatList floats = new FloatList();
        LongList longs = new LongList();
        LongList doubleBits = new LongList();
        while (t.next()) {
            int f = t.field();
            switch (f) {
                case 1 -> {
                    dims.read(t);
                    if (dims.size > MAX_RANK) throw t.error("tensor '" + name + "' has more than " + MAX_RANK + " dimensions");
                }
                case 2 -> dataType = t.intField();
                case 8 -> name = t.string();
                case 4, 5, 7, 9, 10 -> {
                    if (dataField != f) {
                        dataField = f;
                        dataFields++;
                    } else if (f == 9) {
                        dataFields++; // raw_data twice
                    }
                    switch (f) {
                        case 4 -> floats.read(t);
                        case 5, 7 -> longs.read(t);
                        case 9 -> raw = t.bytes();
                        default -> doubleBits.readFixed64(t);
                    }
                }
                case 13 -> throw t.error("tensor '" + name + "' has external data, which is refused");
                case 14 -> {
                    if (t.varintField() != 0) throw t.error("tensor '" + name + "' has external data, which is refused");
                }
                case 3, 6, 11 -> throw t.error("tensor '" + name + "': segments, strings and uint64 data are not supported");
                default -> t.skip();
            }
        }
        if (dataFields > 1) throw t.error("tensor '" + name + "' has more than one data field");
        long[] shape = dims.toArray();
        long count = 1;
        for (long d : shape) {
            if (d < 0) throw t.error("tensor '" + name + "' has a negative dimension " + d);
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException overflow) {
                count = Long.MAX_VALUE;
            }
            if (count > MAX_ELEMENTS) throw t.error("tensor '" + name + "' has more than " + MAX_ELEMENTS + " elements");
        }
        int elementSize = switch (dataType) {
            case FLOAT, INT32 -> 4;
            case INT64, DOUBLE -> 8;
            case FLOAT16, BFLOAT16 -> 2;
            default -> throw t.error("tensor '" + name + "' has data type " + dataType
                    + "; supported: FLOAT (1), DOUBLE (11), FLOAT16 (10), BFLOAT16 (16), INT32 (6), INT64 (7)");
        };
        int n = (int) count;
        boolean isFloat = dataType == FLOAT || dataType == DOUBLE || dataType == FLOAT16 || dataType == BFLOAT16;
        if (raw != null) {
            if (raw.remaining() != Math.multiplyExact(count, (long) elementSize)) {
                throw t.error("tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs "
                        + count * elementSize + " bytes of raw data, has " + raw.remaining());
            }
            raw.order(ByteOrder.LITTLE_ENDIAN);
            if (isFloat) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (dataType) {
                        case FLOAT -> raw.getFloat();
                        case DOUBLE -> (float) raw.getDouble();
                        case FLOAT16 -> Float.float16ToFloat(raw.getShort());
                        default -> Float.intBitsToFloat((raw.getShort() & 0xFFFF) << 16);
                    };
                }
                return new Tensor(name, shape, dataType, v, null);
            }
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = dataType == INT64 ? raw.getLong() : raw.getInt();
            return new Tensor(name, shape, dataType, null, v);
        }
        int expectedField = switch (dataType) {
            case FLOAT -> 4;
            case DOUBLE -> 10;
            case INT64 -> 7;
            default -> 5; // INT32, FLOAT16 and BFLOAT16 (as their 16 bits)
        };
        if (dataField != 0 && dataField != expectedField) {
            throw t.error("tensor '" + name + "' of data type " + dataType + " holds its data in field " + dataField);
        }
        int have = switch (expectedField) {
            case 4 -> floats.size;
            case 10 -> doubleBits.size;
            default -> longs.size;
        };
        if (have != count) {
            throw t.error("tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs " + count
                    + " elements, has " + have);
        }
        if (!isFloat) return new Tensor(name, shape, dataType, null, longs.toArray());
        float[] v = switch (dataType) {
            case FLOAT -> floats.toArray();
            case DOUBLE -> {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) d[i] = (float) Double.longBitsToDouble(doubleBits.values[i]);
                yield d;
            }
            default -> {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    int bits = (int) longs.values[i] & 0xFFFF;
                    d[i] = dataType == FLOAT16 ? Float.float16ToFloat((short) bits) : Float.intBitsToFloat(bits << 16);
                }
                yield d;
            }
        };
        return new Tensor(name, shape, dataType, v, null);
    }

    /** A growable float array; each element read consumed at least 4 bytes of the input. */
    private static final class FloatList {
        float[] values = new float[0];
        int size;

        void add(float v) {
            if (size == values.length) values = Arrays.copyOf(values, Math.max(8, 2 * size));
            values[size++] = v;
        }

        /** One element (wire type 5) or a packed run. */
        void read(ProtoReader r) throws ModelFormatException {
            if (!r.packed()) {
                add(r.floatField());
                return;
            }
            ByteBuffer b = r.bytes().order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() % 4 != 0) throw r.error("packed floats of " + b.remaining() + " bytes");
            while (b.hasRemaining()) add(b.getFloat());
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable long array; each element read consumed at least one byte of the input. */
    private static final class LongList {
        long[] values = new long[0];
        int size;

        void add(long v) {
            if (size == values.length) values = Arrays.copyOf(values, Math.max(8, 2 * size));
            values[size++] = v;
        }

        /** One varint or a packed run of varints. */
        void read(ProtoReader r) throws ModelFormatException {
            if (!r.packed()) {
                add(r.varintField());
                return;
            }
            ProtoReader inner = r.message();
            while (inner.hasRemaining()) add(inner.varint());
        }

        /** One fixed64 or a packed run (double_data). */
        void readFixed64(ProtoReader r) throws ModelFormatException {
            if (!r.packed()) {
                if (r.wireType() != ProtoReader.FIXED64) throw r.error("double data with wire type " + r.wireType());
                add(r.fixed64());
                return;
            }
            ByteBuffer b = r.bytes().order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() % 8 != 0) throw r.error("packed doubles of " + b.remaining() + " bytes");
            while (b.hasRemaining()) add(b.getLong());
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
