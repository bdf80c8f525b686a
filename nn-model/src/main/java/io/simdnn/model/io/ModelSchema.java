package io.simdnn.model.io;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a model needs to be used on raw data, stored beside it (safetensors metadata {@value #KEY}, ONNX
 * {@code metadata_props}): the feature columns in input order, the label column, the class names, the task, the
 * input scaling fitted in training, and where the model came from. Every field but the task may be null (unknown).
 *
 * @param featureNames one name per network input, in order (the CSV header's names)
 * @param labelColumn  the column that held the labels or targets in training
 * @param classNames   one name per class (index order), for classification and multi-label
 * @param task         what the outputs mean
 * @param scaling      the per-feature scaling x' = (x − offset) / scale fitted in training
 * @param provenance   the training run that made the model
 */
public record ModelSchema(List<String> featureNames, String labelColumn, List<String> classNames, Task task,
        Scaling scaling, Provenance provenance) {

    /** The metadata key holding the schema JSON. */
    public static final String KEY = "simdnn.schema";

    /** What the outputs mean. */
    public enum Task {
        /** One class per row: the largest output (or, for one sigmoid output, p ≥ 0.5). */
        CLASSIFICATION,
        /** Real-valued targets. */
        REGRESSION,
        /** Independent yes/no per output (sigmoid outputs). */
        MULTI_LABEL;

        /** The task a network's output link suggests when nothing else is known. */
        public static Task of(boolean classification, Output output, int outputs) {
            if (!classification) return REGRESSION;
            return output == Output.SIGMOID && outputs > 1 ? MULTI_LABEL : CLASSIFICATION;
        }
    }

    /**
     * A per-feature scaling x' = (x − offset) / scale.
     *
     * @param kind   the scaler's name, e.g. {@code standard} or {@code minmax}
     * @param folded whether it is already folded into the first layer ({@link io.simdnn.model.InputScaling#fold}), so the
     *               network takes raw features; when false, callers apply {@link #apply} first
     */
    public record Scaling(String kind, float[] offset, float[] scale, boolean folded) {
        public Scaling {
            Objects.requireNonNull(kind, "kind");
            offset = offset.clone();
            scale = scale.clone();
            if (offset.length != scale.length) {
                throw new IllegalArgumentException("scaling: " + offset.length + " offsets, " + scale.length + " scales");
            }
            for (int j = 0; j < offset.length; j++) {
                if (!Float.isFinite(offset[j]) || !(scale[j] > 0) || !Float.isFinite(scale[j])) {
                    throw new IllegalArgumentException("scaling: feature " + j + " has offset " + offset[j]
                            + " and scale " + scale[j] + "; the offset must be finite and the scale finite and positive");
                }
            }
        }

        @Override
        public float[] offset() {
            return offset.clone();
        }

        @Override
        public float[] scale() {
            return scale.clone();
        }

        /** Scales {@code rows} rows of {@code offset.length} features in place. */
        public void apply(float[] x, int rows) {
            int f = offset.length;
            for (int r = 0, i = 0; r < rows; r++) {
                for (int j = 0; j < f; j++, i++) x[i] = (x[i] - offset[j]) / scale[j];
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Scaling s && kind.equals(s.kind) && folded == s.folded
                    && Arrays.equals(offset, s.offset) && Arrays.equals(scale, s.scale);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, folded, Arrays.hashCode(offset), Arrays.hashCode(scale));
        }
    }

    /**
     * The training run: data set name, its training rows, the seed, the backend, the date (ISO-8601) and the
     * simdnn version; any may be null.
     */
    public record Provenance(String dataset, Long rows, Long seed, String backend, String date, String version) {}

    public ModelSchema {
        Objects.requireNonNull(task, "task");
        featureNames = featureNames == null ? null : List.copyOf(featureNames);
        classNames = classNames == null ? null : List.copyOf(classNames);
        if (featureNames != null && new LinkedHashSet<>(featureNames).size() != featureNames.size()) {
            throw new IllegalArgumentException("schema: feature names repeat: " + featureNames);
        }
        if (scaling != null && featureNames != null && scaling.offset.length != featureNames.size()) {
            throw new IllegalArgumentException("schema: scaling of " + scaling.offset.length + " features for "
                    + featureNames.size() + " feature names");
        }
    }

    /** Checks that the schema describes {@code network}'s inputs and outputs. */
    public void requireFits(Network network) {
        if (featureNames != null && featureNames.size() != network.inputSize()) {
            throw new IllegalArgumentException("schema: " + featureNames.size() + " feature names for a network of "
                    + network.inputSize() + " inputs");
        }
        if (scaling != null && scaling.offset.length != network.inputSize()) {
            throw new IllegalArgumentException("schema: scaling of " + scaling.offset.length
                    + " features for a network of " + network.inputSize() + " inputs");
        }
        int classes = network.outputSize() == 1 && task == Task.CLASSIFICATION ? 2 : network.outputSize();
        if (classNames != null && classNames.size() != classes) {
            throw new IllegalArgumentException("schema: " + classNames.size() + " class names for a network of "
                    + network.outputSize() + " outputs (" + classes + " classes)");
        }
    }

    /**
     * For each feature, its column in {@code header}; other columns (the label column among them) are ignored.
     *
     * @throws IllegalArgumentException listing the features the header lacks and the columns it has in their place
     */
    public int[] columnsIn(List<String> header) {
        if (featureNames == null) throw new IllegalStateException("the schema has no feature names");
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) index.putIfAbsent(header.get(i).strip(), i);
        List<String> missing = new ArrayList<>();
        int[] columns = new int[featureNames.size()];
        for (int j = 0; j < columns.length; j++) {
            Integer c = index.get(featureNames.get(j));
            if (c == null) missing.add(featureNames.get(j));
            else columns[j] = c;
        }
        if (!missing.isEmpty()) {
            Set<String> extra = new LinkedHashSet<>(index.keySet());
            featureNames.forEach(extra::remove);
            if (labelColumn != null) extra.remove(labelColumn);
            throw new IllegalArgumentException("the columns do not match the model's features: missing " + missing
                    + (extra.isEmpty() ? "" : ", not in the model " + List.copyOf(extra)) + "; the model takes "
                    + featureNames);
        }
        return columns;
    }

    /** The name of class {@code c}: from the schema, else the index. */
    public String className(int c) {
        return classNames != null && c >= 0 && c < classNames.size() ? classNames.get(c) : String.valueOf(c);
    }

    /** The JSON stored under {@value #KEY}. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("task", task.name().toLowerCase(Locale.ROOT));
        if (featureNames != null) m.put("features", featureNames);
        if (labelColumn != null) m.put("label_column", labelColumn);
        if (classNames != null) m.put("classes", classNames);
        if (scaling != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("kind", scaling.kind);
            s.put("offset", scaling.offset);
            s.put("scale", scaling.scale);
            s.put("folded", scaling.folded);
            m.put("scaling", s);
        }
        if (provenance != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            putIfPresent(p, "dataset", provenance.dataset());
            putIfPresent(p, "rows", provenance.rows());
            putIfPresent(p, "seed", provenance.seed());
            putIfPresent(p, "backend", provenance.backend());
            putIfPresent(p, "date", provenance.date());
            putIfPresent(p, "simdnn_version", provenance.version());
            m.put("provenance", p);
        }
        return Json.write(m);
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) m.put(key, value);
    }

    /**
     * Parses the JSON form; unknown fields are ignored.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static ModelSchema fromJson(String json) {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException("schema JSON: " + e.getMessage(), e);
        }
        if (m.get("version") instanceof Long v && v != 1) {
            throw new IllegalArgumentException("schema JSON: version " + v + " is not supported (this library reads 1)");
        }
        Task task;
        try {
            task = Task.valueOf(string(m, "task", true).toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schema JSON: task must be classification, regression or multi_label,"
                    + " got " + m.get("task"), e);
        }
        Scaling scaling = null;
        if (m.get("scaling") != null) {
            if (!(m.get("scaling") instanceof Map<?, ?> raw)) throw new IllegalArgumentException("schema JSON: scaling"
                    + " must be an object");
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) raw;
            if (!(s.get("folded") instanceof Boolean folded)) {
                throw new IllegalArgumentException("schema JSON: scaling.folded must be true or false");
            }
            scaling = new Scaling(string(s, "kind", true), floats(s, "offset"), floats(s, "scale"), folded);
        }
        Provenance provenance = null;
        if (m.get("provenance") instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) raw;
            provenance = new Provenance(string(p, "dataset", false), whole(p, "rows"), whole(p, "seed"),
                    string(p, "backend", false), string(p, "date", false), string(p, "simdnn_version", false));
        }
        return new ModelSchema(strings(m, "features"), string(m, "label_column", false), strings(m, "classes"), task,
                scaling, provenance);
    }

    private static String string(Map<String, Object> m, String key, boolean required) {
        Object v = m.get(key);
        if (v == null && !required) return null;
        if (!(v instanceof String s)) throw new IllegalArgumentException("schema JSON: " + key + " must be a string");
        return s;
    }

    private static Long whole(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof Long l)) throw new IllegalArgumentException("schema JSON: " + key + " must be an integer");
        return l;
    }

    private static List<String> strings(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("schema JSON: " + key + " must be an array of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static float[] floats(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof List<?> list) || !list.stream().allMatch(Number.class::isInstance)) {
            throw new IllegalArgumentException("schema JSON: scaling." + key + " must be an array of numbers");
        }
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).floatValue();
        return out;
    }
}
