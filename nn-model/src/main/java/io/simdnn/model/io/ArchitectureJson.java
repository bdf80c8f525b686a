package io.simdnn.model.io;

import io.simdnn.model.Architecture;
import io.simdnn.model.LayerSpec;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of an {@link Architecture} (schema in {@code docs/model-format.md}):
 * <pre>{@code
 * {"format":"simdnn.mlp","version":1,"input":64,
 *  "layers":[{"type":"dense","units":128,"activation":"relu","bias":true},{"type":"dropout","rate":0.2},
 *            {"type":"dense","units":10,"activation":"identity","bias":true}],
 *  "output":"softmax"}
 * }</pre>
 * Layer types: {@code dense} (activation, optional {@code parameter}), {@code prelu} (optional
 * {@code initial_slope}), {@code swish} (learnable β, optional {@code initial_beta}), {@code maxout}
 * ({@code pieces}), {@code dropout} ({@code rate}); {@code bias} defaults to true.
 */
public final class ArchitectureJson {
    public static final String FORMAT = "simdnn.mlp";
    public static final int VERSION = 1;

    private ArchitectureJson() {}

    public static String write(Architecture a) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("input", a.inputSize());
        List<Object> layers = new ArrayList<>();
        for (LayerSpec l : a.layers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            switch (l) {
                case LayerSpec.Dense d -> {
                    m.put("type", "dense");
                    m.put("units", d.units());
                    m.put("activation", lower(d.activation().name()));
                    if (d.activation().hasParameter()) m.put("parameter", d.parameter());
                    m.put("bias", d.bias());
                }
                case LayerSpec.PRelu p -> {
                    m.put("type", "prelu");
                    m.put("units", p.units());
                    m.put("initial_slope", p.initialSlope());
                    m.put("bias", p.bias());
                }
                case LayerSpec.Swish s -> {
                    m.put("type", "swish");
                    m.put("units", s.units());
                    m.put("initial_beta", s.initialBeta());
                    m.put("bias", s.bias());
                }
                case LayerSpec.Maxout x -> {
                    m.put("type", "maxout");
                    m.put("units", x.units());
                    m.put("pieces", x.pieces());
                    m.put("bias", x.bias());
                }
                case LayerSpec.Dropout d -> {
                    m.put("type", "dropout");
                    m.put("rate", d.rate());
                }
            }
            layers.add(m);
        }
        root.put("layers", layers);
        root.put("output", lower(a.output().name()));
        return Json.write(root);
    }

    /**
     * Parses and validates an architecture.
     *
     * @throws IllegalArgumentException naming the field (as {@code layers[2].units}) and what is wrong
     */
    public static Architecture read(String json) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException("architecture JSON: " + e.getMessage(), e);
        }
        Object format = root.get("format");
        if (format != null && !FORMAT.equals(format)) {
            throw new IllegalArgumentException("architecture JSON: format is " + format + ", expected " + FORMAT);
        }
        Object version = root.get("version");
        if (version != null && !(version instanceof Long v && v == VERSION)) {
            throw new IllegalArgumentException("architecture JSON: version " + version + " is not supported (this "
                    + "library reads version " + VERSION + ")");
        }
        int input = positiveInt(root, "input", "input");
        Object layersValue = root.get("layers");
        if (!(layersValue instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("architecture JSON: layers must be a non-empty array");
        }
        List<LayerSpec> layers = new ArrayList<>();
        int width = input;
        for (int i = 0; i < list.size(); i++) {
            String where = "layers[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) throw new IllegalArgumentException(where + " must be an object");
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) raw;
            String type = string(m, "type", where);
            boolean bias = bool(m, "bias", where);
            LayerSpec l;
            try {
                l = switch (type) {
                    case "dense" -> new LayerSpec.Dense(positiveInt(m, "units", where),
                            Activation.parse(string(m, "activation", where)), floatOr(m, "parameter", Float.NaN, where),
                            bias);
                    case "prelu" -> new LayerSpec.PRelu(positiveInt(m, "units", where),
                            floatOr(m, "initial_slope", 0.25f, where), bias);
                    case "swish" -> new LayerSpec.Swish(positiveInt(m, "units", where),
                            floatOr(m, "initial_beta", 1f, where), bias);
                    case "maxout" -> new LayerSpec.Maxout(positiveInt(m, "units", where),
                            positiveInt(m, "pieces", where), bias);
                    case "dropout" -> new LayerSpec.Dropout(width, floatOr(m, "rate", Float.NaN, where));
                    default -> throw new IllegalArgumentException("unknown layer type '" + type
                            + "'; valid: dense, prelu, swish, maxout, dropout");
                };
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("architecture JSON: " + where + ": " + e.getMessage(), e);
            }
            layers.add(l);
            width = l.units();
        }
        Output output;
        try {
            output = Output.parse(string(root, "output", "architecture"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("architecture JSON: output: " + e.getMessage(), e);
        }
        try {
            return new Architecture(input, layers, output);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("architecture JSON: " + e.getMessage(), e);
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static int positiveInt(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (!(v instanceof Long l) || l < 1 || l > 1 << 28) {
            throw new IllegalArgumentException("architecture JSON: " + where + "." + key
                    + " must be a whole number in [1, 2^28], got " + v);
        }
        return (int) (long) l;
    }

    private static String string(Map<String, Object> m, String key, String where) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("architecture JSON: " + where + "." + key + " must be a string, got "
                    + m.get(key));
        }
        return s;
    }

    private static boolean bool(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) return true;
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("architecture JSON: " + where + "." + key + " must be true or false");
        }
        return b;
    }

    private static float floatOr(Map<String, Object> m, String key, float fallback, String where) {
        Object v = m.get(key);
        if (v == null) {
            if (Float.isNaN(fallback) && key.equals("rate")) {
                throw new IllegalArgumentException("architecture JSON: " + where + ".rate is missing");
            }
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("architecture JSON: " + where + "." + key + " must be a number, got " + v);
        }
        return n.floatValue();
    }
}
