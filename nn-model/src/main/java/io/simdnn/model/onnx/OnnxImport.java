package io.simdnn.model.onnx;

import io.simdnn.model.Architecture;
import io.simdnn.model.LayerSpec;
import io.simdnn.model.Output;
import io.simdnn.model.Parameters;
import io.simdnn.model.io.ModelFormatException;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.onnx.OnnxReader.Node;
import io.simdnn.model.onnx.OnnxReader.Tensor;
import io.simdnn.spi.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an ONNX graph into a simdnn architecture and parameters by pattern matching: a chain of linear layers
 * ({@code Gemm}, or {@code MatMul} with an optional bias {@code Add}; weights constant, possibly through
 * {@code Transpose}), each followed by the element-wise nodes of its activation, and at the end an optional
 * {@code Softmax}/{@code LogSoftmax} or {@code Sigmoid} output link. {@code Flatten}, {@code Identity},
 * {@code Dropout}, {@code Constant}, {@code Cast}/{@code CastLike} of constants and a {@code Reshape} that keeps the
 * batch axis are transparent.
 *
 * <p>The activation of a layer is identified from what its element-wise nodes compute, not from their spelling:
 * the nodes between two linear layers (scalar constants only) are evaluated in double on points of [−6, 6] and
 * compared with every simdnn activation, so {@code Relu}, {@code Gelu}, the exporters' {@code Div}/{@code Erf}/
 * {@code Add}/{@code Mul} GELU, {@code Sigmoid}+{@code Mul} SiLU or {@code Clip(−1, 1)} all map to one layer.
 * {@code PRelu} with per-unit slopes, a learnable Swish ({@code Mul} by per-unit β, {@code Sigmoid}, {@code Mul})
 * and maxout ({@code Reshape} to [batch, units, pieces], {@code ReduceMax} over the pieces) are matched by shape.
 * Anything else is refused, naming the op and the node.
 */
final class OnnxImport {
    private static final System.Logger LOG = System.getLogger(OnnxImport.class.getName());

    /** The ops that may sit between two linear layers (evaluated element-wise). */
    private static final Set<String> ELEMENTWISE = Set.of("Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Softplus",
            "Gelu", "HardSigmoid", "Erf", "Add", "Sub", "Mul", "Div", "Pow", "Neg", "Exp", "Log", "Sqrt", "Clip",
            "PRelu", "Identity", "Dropout", "Flatten", "Reshape");

    private static final double[] POINTS = new double[97];

    static {
        for (int i = 0; i < POINTS.length; i++) POINTS[i] = -6 + 0.125 * i;
    }

    /** A layer being assembled: its linear part and, once closed, its activation. */
    private static final class Layer {
        final int in, rows;
        final float[] weight; // [rows, in]
        float[] bias;
        LayerSpec spec;
        float[] extra; // PReLU slopes or Swish β

        Layer(int in, int rows, float[] weight, float[] bias) {
            this.in = in;
            this.rows = rows;
            this.weight = weight;
            this.bias = bias;
        }
    }

    private final String source;
    private final long opset;
    private final Map<String, Tensor> constants = new HashMap<>();
    private final Map<String, Node> producers = new HashMap<>();
    private final List<Layer> layers = new ArrayList<>();

    // The open layer: the linear's output z, the element-wise nodes after it, the values they compute.
    private Layer open;
    private String segmentStart;
    private boolean awaitingBias;
    private final List<Node> segment = new ArrayList<>();
    private final Set<String> segmentValues = new HashSet<>();

    private String current; // the chain's value when no layer is open
    private int width; // the chain's width (-1: not known before the first linear)
    private Output output = Output.LINEAR;
    private boolean ended;
    private int maxoutUnits = -1, maxoutPieces;
    private String maxoutValue;

    private OnnxImport(String source, long opset) {
        this.source = source;
        this.opset = opset;
    }

    static OnnxModel.Parsed convert(String source, OnnxReader.Model model) throws ModelFormatException {
        OnnxImport im = new OnnxImport(source, model.opset());
        OnnxModel.Parsed out = im.run(model.graph());
        ModelSchema schema = null;
        String json = model.metadata().get(ModelSchema.KEY);
        if (json != null) {
            try {
                schema = ModelSchema.fromJson(json);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(source + ": " + e.getMessage(), e);
            }
        }
        return new OnnxModel.Parsed(out.architecture(), out.parameters(), schema);
    }

    private ModelFormatException refuse(Node n, String why) {
        return new ModelFormatException(source + ": " + n.describe() + ": " + why);
    }

    private ModelFormatException refuse(String why) {
        return new ModelFormatException(source + ": " + why);
    }

    private OnnxModel.Parsed run(OnnxReader.Graph g) throws ModelFormatException {
        constants.putAll(g.initializers());
        List<OnnxReader.ValueInfo> inputs = g.inputs().stream().filter(v -> !constants.containsKey(v.name())).toList();
        if (inputs.size() != 1) {
            throw refuse("the graph has " + inputs.size() + " inputs " + inputs.stream().map(OnnxReader.ValueInfo::name)
                    .toList() + "; a simdnn network takes one");
        }
        if (g.outputs().size() != 1) throw refuse("the graph has " + g.outputs().size() + " outputs; a network has one");
        OnnxReader.ValueInfo input = inputs.getFirst();
        if (input.elemType() != 0 && input.elemType() != OnnxReader.FLOAT) {
            throw refuse("input '" + input.name() + "' has element type " + input.elemType() + "; only float is supported");
        }
        current = input.name();
        width = -1;
        if (input.dims() != null && input.dims().length >= 2) {
            long w = 1;
            for (int i = 1; i < input.dims().length; i++) {
                if (input.dims()[i] < 0) {
                    w = -1;
                    break;
                }
                w = Math.multiplyExact(w, input.dims()[i]);
                if (w > Integer.MAX_VALUE) break;
            }
            if (w > Integer.MAX_VALUE) throw refuse("input '" + input.name() + "' has " + w + " features");
            width = (int) w;
        }
        for (Node n : g.nodes()) {
            if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
                throw refuse(n, "op domain '" + n.domain() + "' is not supported");
            }
            for (String o : n.outputs()) producers.put(o, n);
            step(n);
        }
        String result = g.outputs().getFirst().name();
        if (!ended) {
            if (open == null) {
                if (layers.isEmpty()) throw refuse("the graph has no linear layer (Gemm or MatMul)");
                if (!result.equals(current)) throw refuse("the graph output '" + result + "' is not the chain's end");
            } else {
                if (!segmentValues.contains(result)) {
                    throw refuse("the graph output '" + result + "' is not computed by the chain of layers");
                }
                Node last = producers.get(result);
                if (last != null && segment.contains(last) && last.opType().equals("Sigmoid")
                        && segmentValues.contains(last.input(0))) {
                    close(last.input(0)); // a final sigmoid is the output link
                    output = Output.SIGMOID;
                } else {
                    close(result);
                }
            }
        } else if (!result.equals(current)) {
            throw refuse("the graph output '" + result + "' is not the softmax's output");
        }
        return build();
    }

    private void step(Node n) throws ModelFormatException {
        String op = n.opType();
        if (op.equals("Constant")) {
            constants.put(output(n), constant(n));
            return;
        }
        if (op.equals("CastLike") && constants.containsKey(n.input(0))) {
            // torchlib's CastLike(constant, x) gives a constant x's type: simdnn's data is float throughout.
            constants.put(output(n), asFloat(n, constants.get(n.input(0))));
            return;
        }
        if (allConstant(n)) {
            fold(n);
            return;
        }
        if (ended) {
            if ((op.equals("Identity") || op.equals("Dropout")) && n.input(0).equals(current)) {
                current = output(n);
                return;
            }
            throw refuse(n, "nothing may follow the softmax output but Identity");
        }
        if (maxoutValue != null) {
            maxoutTail(n);
            return;
        }
        if (open == null) {
            beforeLayer(n);
            return;
        }
        if (awaitingBias && op.equals("Add") && segment.isEmpty()) {
            String other = n.input(0).equals(segmentStart) ? n.input(1) : n.input(1).equals(segmentStart) ? n.input(0) : null;
            Tensor b = other == null ? null : constants.get(other);
            if (b != null && (b.size() == open.rows || b.size() == 1)) {
                open.bias = broadcast(n, floats(n, b), open.rows);
                awaitingBias = false;
                segmentStart = output(n);
                segmentValues.clear();
                segmentValues.add(segmentStart);
                return;
            }
        }
        if (op.equals("Reshape") && segment.isEmpty() && n.input(0).equals(segmentStart)) {
            long[] shape = longs(n, constant(n, 1));
            if (shape.length == 3) {
                long units = shape[1], pieces = shape[2];
                if (!batch(shape[0]) || units < 1 || pieces < 1 || units * pieces != open.rows) {
                    throw refuse(n, "reshape " + Arrays.toString(shape) + " of " + open.rows + " values is not maxout");
                }
                maxoutUnits = (int) units;
                maxoutPieces = (int) pieces;
                maxoutValue = output(n);
                return;
            }
        }
        if (ELEMENTWISE.contains(op) && inSegment(n)) {
            if (op.equals("Reshape")) requireBatchReshape(n, open.rows);
            if (op.equals("Flatten")) requireFlatten(n);
            segment.add(n);
            segmentValues.addAll(n.outputs());
            awaitingBias = false;
            return;
        }
        String data = n.input(0);
        switch (op) {
            case "Gemm", "MatMul" -> {
                close(data);
                linear(n);
            }
            case "Softmax", "LogSoftmax" -> {
                close(data);
                softmax(n);
            }
            default -> throw unsupported(n);
        }
    }

    private ModelFormatException unsupported(Node n) {
        if (ELEMENTWISE.contains(n.opType()) || n.opType().equals("ReduceMax")) {
            return refuse(n, "reads " + n.inputs() + ", which is not the chain of layers' current value");
        }
        return refuse(n, "op " + n.opType() + " is not supported (supported: Gemm, MatMul, Add, Relu, Sigmoid, Tanh,"
                + " LeakyRelu, Elu, Softplus, Gelu, HardSigmoid, PRelu, Clip, Erf, Mul, Div, Softmax, LogSoftmax,"
                + " Flatten, Identity, Dropout, Constant, Transpose of weights, Reshape of the batch axis)");
    }

    private boolean inSegment(Node n) {
        boolean any = false;
        int dataInputs = n.opType().equals("Reshape") || n.opType().equals("Clip") ? 1 : n.inputs().size();
        for (int k = 0; k < n.inputs().size(); k++) {
            String in = n.input(k);
            if (in.isEmpty() || constants.containsKey(in)) continue;
            if (k >= dataInputs || !segmentValues.contains(in)) return false;
            any = true;
        }
        return any;
    }

    private void beforeLayer(Node n) throws ModelFormatException {
        String op = n.opType();
        if (!n.input(0).equals(current)) throw unsupported(n);
        switch (op) {
            case "Identity", "Dropout" -> current = output(n);
            case "Flatten" -> {
                requireFlatten(n);
                current = output(n);
            }
            case "Reshape" -> {
                long[] shape = longs(n, constant(n, 1));
                if (shape.length != 2 || !batch(shape[0]) || (width >= 0 && shape[1] != width && shape[1] != -1)
                        || (width < 0 && shape[1] < 1)) {
                    throw refuse(n, "reshape to " + Arrays.toString(shape) + " is not a reshape of the batch axis"
                            + (width >= 0 ? " of " + width + " features" : ""));
                }
                if (width < 0) width = (int) shape[1];
                current = output(n);
            }
            case "Gemm", "MatMul" -> linear(n);
            default -> {
                if (layers.isEmpty() && ELEMENTWISE.contains(op)) {
                    throw refuse(n, "element-wise " + op + " on the input, before any linear layer, is not supported");
                }
                if (ELEMENTWISE.contains(op)) {
                    throw refuse(n, op + " after a maxout layer is not supported (maxout has no activation)");
                }
                throw unsupported(n);
            }
        }
    }

    private void maxoutTail(Node n) throws ModelFormatException {
        if (!n.opType().equals("ReduceMax") || !n.input(0).equals(maxoutValue)) {
            throw refuse(n, "a Reshape to [batch, units, pieces] must be followed by ReduceMax over the pieces");
        }
        long keep = n.attributes().containsKey("keepdims") ? n.attributes().get("keepdims").i() : 1;
        long[] axes = n.attributes().containsKey("axes") ? n.attributes().get("axes").ints()
                : n.input(1).isEmpty() ? null : longs(n, constant(n, 1));
        if (keep != 0 || axes == null || axes.length != 1 || (axes[0] != 2 && axes[0] != -1)) {
            throw refuse(n, "maxout needs ReduceMax over axis 2 with keepdims=0");
        }
        open.spec = new LayerSpec.Maxout(maxoutUnits, maxoutPieces, open.bias != null);
        layers.add(open);
        open = null;
        width = maxoutUnits;
        current = output(n);
        maxoutValue = null;
    }

    private void linear(Node n) throws ModelFormatException {
        String data = n.input(0);
        if (!data.equals(open == null ? current : data)) throw unsupported(n);
        Tensor b = constant(n, 1);
        if (b.dims().length != 2) throw refuse(n, "weight '" + b.name() + "' has shape " + Arrays.toString(b.dims()));
        float[] w = floats(n, b);
        int r = (int) b.dims()[0], c = (int) b.dims()[1];
        float[] weight;
        int rows, in;
        float[] bias = null;
        if (n.opType().equals("Gemm")) {
            if (attrInt(n, "transA", 0) != 0) throw refuse(n, "transA=1 is not supported");
            boolean transB = attrInt(n, "transB", 0) != 0;
            float alpha = attrFloat(n, "alpha", 1f), beta = attrFloat(n, "beta", 1f);
            weight = transB ? w.clone() : transpose(w, r, c);
            rows = transB ? r : c;
            in = transB ? c : r;
            if (alpha != 1f) for (int i = 0; i < weight.length; i++) weight[i] *= alpha;
            if (!n.input(2).isEmpty()) {
                bias = broadcast(n, floats(n, constant(n, 2)), rows);
                if (beta != 1f) for (int i = 0; i < bias.length; i++) bias[i] *= beta;
            }
        } else {
            weight = transpose(w, r, c); // MatMul: x·B with B [in, out]
            rows = c;
            in = r;
        }
        if (width >= 0 && in != width) {
            throw refuse(n, "weight '" + b.name() + "' takes " + in + " inputs but the chain has " + width);
        }
        open = new Layer(in, rows, weight, bias);
        awaitingBias = n.opType().equals("MatMul");
        segmentStart = output(n);
        segment.clear();
        segmentValues.clear();
        segmentValues.add(segmentStart);
        width = rows;
    }

    private void softmax(Node n) throws ModelFormatException {
        long axis = attrInt(n, "axis", opset < 13 ? 1 : -1);
        if (axis != 1 && axis != -1) {
            throw refuse(n, "axis " + axis + " is not the class axis of a [batch, classes] tensor");
        }
        if (n.opType().equals("LogSoftmax")) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} imported as a softmax output: simdnn gives probabilities, the"
                    + " ONNX model their logarithms (the same classes)", source, n.describe());
        }
        output = Output.SOFTMAX;
        ended = true;
        current = output(n);
    }

    /** Ends the open layer at value {@code v}: its activation is what the element-wise nodes compute from z to v. */
    private void close(String v) throws ModelFormatException {
        if (open == null) {
            if (!v.equals(current)) throw refuse("value '" + v + "' is not the chain's current value '" + current + "'");
            return;
        }
        if (!segmentValues.contains(v)) {
            throw refuse("value '" + v + "' is not computed from the layer output '" + segmentStart + "'");
        }
        List<Node> path = path(v);
        identify(path);
        layers.add(open);
        open = null;
        current = v;
        segment.clear();
        segmentValues.clear();
    }

    /** The segment nodes that {@code v} depends on, in graph order. */
    private List<Node> path(String v) {
        Set<Node> needed = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(v));
        while (!todo.isEmpty()) {
            String x = todo.removeLast();
            if (x.equals(segmentStart)) continue;
            Node p = producers.get(x);
            if (p == null || !segment.contains(p) || !needed.add(p)) continue;
            for (String in : p.inputs()) if (segmentValues.contains(in)) todo.add(in);
        }
        return segment.stream().filter(needed::contains).toList();
    }

    private void identify(List<Node> path) throws ModelFormatException {
        int units = open.rows;
        boolean bias = open.bias != null;
        List<Node> real = path.stream().filter(n -> !transparent(n.opType())).toList();
        if (real.isEmpty()) {
            open.spec = new LayerSpec.Dense(units, Activation.IDENTITY, Float.NaN, bias);
            return;
        }
        boolean vectors = false;
        for (Node n : real) for (String in : n.inputs()) if (constants.containsKey(in) && constants.get(in).size() > 1) vectors = true;
        if (vectors) {
            perUnit(real, units, bias);
            return;
        }
        double[] z = POINTS;
        Map<String, double[]> values = new HashMap<>();
        values.put(segmentStart, z);
        String last = segmentStart;
        for (Node n : path) {
            values.put(output(n), evaluate(n, values));
            last = output(n);
        }
        double[] f = values.get(last);
        Activation[] candidates = {Activation.IDENTITY, Activation.RELU, Activation.SIGMOID, Activation.TANH,
                Activation.HARD_SIGMOID, Activation.HARD_TANH, Activation.SOFTPLUS, Activation.GELU,
                Activation.GELU_TANH, Activation.GELU_SIGMOID, Activation.LEAKY_RELU, Activation.ELU, Activation.SWISH};
        for (Activation a : candidates) {
            float p = parameterEstimate(a, f);
            if (a.hasParameter() && !Float.isFinite(p)) continue;
            if (matches(a, p, f)) {
                open.spec = new LayerSpec.Dense(units, a, a.hasParameter() ? p : Float.NaN, bias);
                return;
            }
        }
        throw refuse(real.getFirst(), "the element-wise nodes " + real.stream().map(Node::describe).toList()
                + " compute no simdnn activation (relu, sigmoid, tanh, hard_sigmoid 0.25z+0.5, hard_tanh, softplus,"
                + " gelu, gelu_tanh, gelu_sigmoid, leaky_relu, elu, swish)");
    }

    private static boolean transparent(String op) {
        return op.equals("Identity") || op.equals("Dropout") || op.equals("Flatten") || op.equals("Reshape");
    }

    /** PReLU with per-unit slopes, or a learnable Swish z·σ(β·z). */
    private void perUnit(List<Node> real, int units, boolean bias) throws ModelFormatException {
        Node first = real.getFirst();
        if (real.size() == 1 && first.opType().equals("PRelu") && first.input(0).equals(segmentStart)) {
            open.extra = broadcast(first, floats(first, constant(first, 1)), units);
            open.spec = new LayerSpec.PRelu(units, 0.25f, bias);
            return;
        }
        if (real.size() == 3 && first.opType().equals("Mul") && real.get(1).opType().equals("Sigmoid")
                && real.get(2).opType().equals("Mul")) {
            String betaName = first.input(0).equals(segmentStart) ? first.input(1) : first.input(0);
            Node sig = real.get(1), mul = real.get(2);
            boolean chain = sig.input(0).equals(output(first))
                    && (mul.inputs().equals(List.of(segmentStart, output(sig)))
                    || mul.inputs().equals(List.of(output(sig), segmentStart)));
            if (chain && constants.containsKey(betaName)) {
                open.extra = broadcast(first, floats(first, constants.get(betaName)), units);
                open.spec = new LayerSpec.Swish(units, 1f, bias);
                return;
            }
        }
        throw refuse(first, "per-unit constants are supported only as PRelu slopes and as the β of z·Sigmoid(β·z)");
    }

    private double[] evaluate(Node n, Map<String, double[]> values) throws ModelFormatException {
        double[] x = operand(n, 0, values);
        double[] y = new double[x.length];
        switch (n.opType()) {
            case "Identity", "Dropout", "Flatten", "Reshape" -> System.arraycopy(x, 0, y, 0, x.length);
            case "Relu" -> map(x, y, v -> Math.max(v, 0));
            case "Sigmoid" -> map(x, y, OnnxImport::sigmoid);
            case "Tanh" -> map(x, y, Math::tanh);
            case "Erf" -> map(x, y, OnnxImport::erf);
            case "Neg" -> map(x, y, v -> -v);
            case "Exp" -> map(x, y, Math::exp);
            case "Log" -> map(x, y, Math::log);
            case "Sqrt" -> map(x, y, Math::sqrt);
            case "Softplus" -> map(x, y, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
            case "LeakyRelu" -> {
                double a = attrFloat(n, "alpha", 0.01f);
                map(x, y, v -> v >= 0 ? v : a * v);
            }
            case "Elu" -> {
                double a = attrFloat(n, "alpha", 1f);
                map(x, y, v -> v > 0 ? v : a * (Math.exp(v) - 1));
            }
            case "HardSigmoid" -> {
                double a = attrFloat(n, "alpha", 0.2f), b = attrFloat(n, "beta", 0.5f);
                map(x, y, v -> Math.max(0, Math.min(1, a * v + b)));
            }
            case "Gelu" -> {
                Object approximate = n.attributes().containsKey("approximate") ? n.attributes().get("approximate").s() : "none";
                if ("tanh".equals(approximate)) map(x, y, v -> geluTanh(v));
                else if ("none".equals(approximate)) map(x, y, v -> v * 0.5 * (1 + erf(v / Math.sqrt(2))));
                else throw refuse(n, "approximate='" + approximate + "' is not supported");
            }
            case "Clip" -> {
                double lo = clipBound(n, 1, "min", Double.NEGATIVE_INFINITY);
                double hi = clipBound(n, 2, "max", Double.POSITIVE_INFINITY);
                map(x, y, v -> Math.min(Math.max(v, lo), hi));
            }
            case "PRelu" -> {
                double[] s = operand(n, 1, values);
                for (int i = 0; i < x.length; i++) y[i] = x[i] >= 0 ? x[i] : s[i] * x[i];
            }
            case "Add", "Sub", "Mul", "Div", "Pow" -> {
                double[] b = operand(n, 1, values);
                for (int i = 0; i < x.length; i++) {
                    y[i] = switch (n.opType()) {
                        case "Add" -> x[i] + b[i];
                        case "Sub" -> x[i] - b[i];
                        case "Mul" -> x[i] * b[i];
                        case "Div" -> x[i] / b[i];
                        default -> Math.pow(x[i], b[i]);
                    };
                }
            }
            default -> throw unsupported(n);
        }
        return y;
    }

    private double clipBound(Node n, int k, String attribute, double fallback) throws ModelFormatException {
        if (opset < 11) return n.attributes().containsKey(attribute) ? n.attributes().get(attribute).f() : fallback;
        if (n.input(k).isEmpty()) return fallback;
        Tensor t = constant(n, k);
        if (t.size() != 1) throw refuse(n, "a clip bound must be a scalar");
        return floats(n, t)[0];
    }

    /** Input {@code k} as values on the sample points: a segment value, or a scalar constant repeated. */
    private double[] operand(Node n, int k, Map<String, double[]> values) throws ModelFormatException {
        String name = n.input(k);
        double[] v = values.get(name);
        if (v != null) return v;
        Tensor t = constants.get(name);
        if (t == null) throw refuse(n, "input '" + name + "' is neither a constant nor computed in this layer");
        if (t.size() != 1) throw refuse(n, "input '" + name + "' must be a scalar constant, not " + t.size() + " values");
        double c = t.isFloat() ? t.floats()[0] : t.longs()[0];
        double[] out = new double[POINTS.length];
        Arrays.fill(out, c);
        return out;
    }

    private interface Fn {
        double apply(double v);
    }

    private static void map(double[] x, double[] y, Fn f) {
        for (int i = 0; i < x.length; i++) y[i] = f.apply(x[i]);
    }

    /** The activation's parameter that fits {@code f} at z = −1 (or z = 1 for Swish); NaN for none. */
    private static float parameterEstimate(Activation a, double[] f) {
        int minus1 = 40, plus1 = 56; // POINTS[40] = -1, POINTS[56] = 1
        return switch (a) {
            case LEAKY_RELU -> (float) (f[minus1] / -1);
            case ELU -> (float) (f[minus1] / (Math.exp(-1) - 1));
            case SWISH -> (float) Math.log(f[plus1] / (1 - f[plus1]));
            default -> Float.NaN;
        };
    }

    private static boolean matches(Activation a, float p, double[] f) {
        for (int i = 0; i < POINTS.length; i++) {
            double want = reference(a, p, POINTS[i]);
            if (!(Math.abs(f[i] - want) <= 2e-6 * Math.max(1, Math.abs(want)))) return false;
        }
        return true;
    }

    /** Each activation in double, as {@link Activation} defines it. */
    static double reference(Activation a, double p, double z) {
        return switch (a) {
            case IDENTITY -> z;
            case SIGMOID -> sigmoid(z);
            case TANH -> Math.tanh(z);
            case HARD_SIGMOID -> Math.max(Math.min(0.25 * z + 0.5, 1), 0);
            case HARD_TANH -> Math.max(Math.min(z, 1), -1);
            case RELU -> Math.max(z, 0);
            case LEAKY_RELU -> z > 0 ? z : p * z;
            case ELU -> z > 0 ? z : p * (Math.exp(z) - 1);
            case SOFTPLUS -> Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            case SWISH -> z * sigmoid(p * z);
            case GELU -> z * 0.5 * (1 + erf(z / Math.sqrt(2)));
            case GELU_TANH -> geluTanh(z);
            case GELU_SIGMOID -> z * sigmoid(1.702 * z);
        };
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double geluTanh(double z) {
        return 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
    }

    /** erf to about 1e-15: its Maclaurin series for |x| < 3, else 1 − erfc by the continued fraction. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 3) {
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated from the tail.
        double f = ax;
        for (int k = 60; k >= 1; k--) f = ax + (k / 2.0) / f;
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.copySign(1 - erfc, x);
    }

    private boolean allConstant(Node n) {
        if (n.inputs().isEmpty()) return false;
        for (String in : n.inputs()) if (!in.isEmpty() && !constants.containsKey(in)) return false;
        return true;
    }

    /** Constant folding of the ops exporters put on weights. */
    private void fold(Node n) throws ModelFormatException {
        Tensor t = constants.get(n.input(0));
        switch (n.opType()) {
            case "Identity" -> constants.put(output(n), t);
            case "Cast" -> {
                if (attrInt(n, "to", 0) != OnnxReader.FLOAT) throw refuse(n, "only a Cast of constants to float is supported");
                constants.put(output(n), asFloat(n, t));
            }
            case "Transpose" -> {
                if (t.dims().length != 2) throw refuse(n, "only 2-D constants can be transposed");
                long[] perm = n.attributes().containsKey("perm") ? n.attributes().get("perm").ints() : new long[] {1, 0};
                if (!Arrays.equals(perm, new long[] {1, 0})) throw refuse(n, "perm " + Arrays.toString(perm));
                int r = (int) t.dims()[0], c = (int) t.dims()[1];
                constants.put(output(n), new Tensor(output(n), new long[] {c, r}, t.dataType(),
                        transpose(floats(n, t), r, c), null));
            }
            default -> throw refuse(n, "op " + n.opType() + " on constants only is not supported");
        }
    }

    private static Tensor asFloat(Node n, Tensor t) {
        if (t.isFloat()) return new Tensor(output(n), t.dims(), OnnxReader.FLOAT, t.floats(), null);
        float[] v = new float[t.longs().length];
        for (int i = 0; i < v.length; i++) v[i] = t.longs()[i];
        return new Tensor(output(n), t.dims(), OnnxReader.FLOAT, v, null);
    }

    private Tensor constant(Node n) throws ModelFormatException {
        Map<String, OnnxReader.Attribute> a = n.attributes();
        if (a.containsKey("value") && a.get("value").t() != null) return a.get("value").t();
        if (a.containsKey("value_float")) return new Tensor(output(n), new long[0], OnnxReader.FLOAT,
                new float[] {a.get("value_float").f()}, null);
        if (a.containsKey("value_floats")) {
            float[] v = a.get("value_floats").floats();
            return new Tensor(output(n), new long[] {v.length}, OnnxReader.FLOAT, v, null);
        }
        if (a.containsKey("value_int")) return new Tensor(output(n), new long[0], OnnxReader.INT64, null,
                new long[] {a.get("value_int").i()});
        if (a.containsKey("value_ints")) {
            long[] v = a.get("value_ints").ints();
            return new Tensor(output(n), new long[] {v.length}, OnnxReader.INT64, null, v);
        }
        throw refuse(n, "a Constant needs a value, value_float(s) or value_int(s) attribute");
    }

    private Tensor constant(Node n, int k) throws ModelFormatException {
        Tensor t = constants.get(n.input(k));
        if (t == null) throw refuse(n, "input " + k + " '" + n.input(k) + "' must be a constant (an initializer)");
        return t;
    }

    private float[] floats(Node n, Tensor t) throws ModelFormatException {
        if (!t.isFloat()) throw refuse(n, "tensor '" + t.name() + "' must be floating point");
        return t.floats();
    }

    private long[] longs(Node n, Tensor t) throws ModelFormatException {
        if (t.isFloat()) throw refuse(n, "tensor '" + t.name() + "' must be integer");
        return t.longs();
    }

    private float[] broadcast(Node n, float[] v, int units) throws ModelFormatException {
        if (v.length == units) return v.clone();
        if (v.length == 1) {
            float[] out = new float[units];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw refuse(n, v.length + " values for " + units + " units");
    }

    private static boolean batch(long d) {
        return d == -1 || d == 0;
    }

    private void requireBatchReshape(Node n, int units) throws ModelFormatException {
        long[] shape = longs(n, constant(n, 1));
        if (shape.length != 2 || !batch(shape[0]) || (shape[1] != units && shape[1] != -1)) {
            throw refuse(n, "reshape to " + Arrays.toString(shape) + " is not a reshape of the batch axis of " + units
                    + " units");
        }
    }

    private void requireFlatten(Node n) throws ModelFormatException {
        if (attrInt(n, "axis", 1) != 1) throw refuse(n, "only Flatten with axis=1 keeps the batch axis");
    }

    private static String output(Node n) {
        return n.outputs().isEmpty() ? "" : n.outputs().getFirst();
    }

    private static long attrInt(Node n, String name, long fallback) {
        OnnxReader.Attribute a = n.attributes().get(name);
        return a == null ? fallback : a.i();
    }

    private static float attrFloat(Node n, String name, float fallback) {
        OnnxReader.Attribute a = n.attributes().get(name);
        return a == null ? fallback : a.f();
    }

    private static float[] transpose(float[] w, int r, int c) {
        float[] t = new float[w.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = w[i * c + j];
        return t;
    }

    private OnnxModel.Parsed build() throws ModelFormatException {
        if (layers.isEmpty()) throw refuse("the graph has no linear layer (Gemm or MatMul)");
        Architecture a;
        try {
            a = new Architecture(layers.getFirst().in, layers.stream().map(l -> l.spec).toList(), output);
        } catch (IllegalArgumentException e) {
            throw refuse(e.getMessage());
        }
        Parameters p = new Parameters(a);
        int t = 0;
        for (Layer l : layers) {
            System.arraycopy(l.weight, 0, p.values(t++), 0, l.weight.length);
            if (l.bias != null) System.arraycopy(l.bias, 0, p.values(t++), 0, l.bias.length);
            if (l.extra != null) System.arraycopy(l.extra, 0, p.values(t++), 0, l.extra.length);
        }
        if (t != p.count()) throw new AssertionError(t + " tensors for " + p.count());
        p.requireFinite(source + ": weights");
        return new OnnxModel.Parsed(a, p, null);
    }
}
