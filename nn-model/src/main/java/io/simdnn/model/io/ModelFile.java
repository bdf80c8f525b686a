package io.simdnn.model.io;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.model.QuantizedNetwork;
import io.simdnn.spi.QuantizedMatrix;
import io.simdnn.spi.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Saves and loads networks as one safetensors file (see {@code docs/model-format.md}): the parameter tensors named
 * as a PyTorch {@code nn.Sequential} state dict ({@link Architecture#tensors()}), F32, and the architecture as JSON
 * in the metadata entry {@value #ARCHITECTURE_KEY}. A state dict saved by PyTorch without that entry loads with
 * {@link #load(Path, Architecture)}.
 *
 * <p>Loading trusts nothing: {@link SafeTensors#read} validates the container; here the architecture JSON, the set
 * of tensor names (none missing, none extra), every shape, every value (finite) and the size of the outputs the
 * weights can produce (see OutputBound) are checked before a network is built. Every problem is a
 * {@link ModelFormatException} naming the file.
 */
public final class ModelFile {
    /** The metadata key holding the architecture JSON. */
    public static final String ARCHITECTURE_KEY = "simdnn.architecture";
    /** The metadata key of a file of quantised weights: {@code "bf16"} or {@code "int8"}. */
    public static final String QUANTIZATION_KEY = "simdnn.quantization";
    /** The suffix of the float32 tensor holding an INT8 weight's per-row scales. */
    public static final String SCALE_SUFFIX = ".scale";

    private ModelFile() {}

    /** Writes {@code network} to {@code file} atomically (a temporary file renamed over the target). */
    public static void save(Network network, Path file) throws IOException {
        save(network, null, file);
    }

    /**
     * Writes {@code network} and the schema of its data ({@link ModelSchema}, metadata {@value ModelSchema#KEY};
     * null for none) to {@code file} atomically.
     */
    public static void save(Network network, ModelSchema schema, Path file) throws IOException {
        if (schema != null) schema.requireFits(network);
        Parameters p = network.parameters();
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < p.count(); i++) {
            int[] shape = p.tensor(i).shape();
            tensors.put(p.tensor(i).name(), SafeTensors.Tensor.of(p.values(i),
                    Arrays.stream(shape).asLongStream().toArray()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(ARCHITECTURE_KEY, ArchitectureJson.write(network.architecture()));
        if (schema != null) metadata.put(ModelSchema.KEY, schema.toJson());
        SafeTensors.write(file, tensors, metadata);
    }

    /**
     * Writes a network of quantised weights atomically: each dense layer's weight as BF16, or as I8 with a float32
     * tensor {@code <name>.scale} of its per-row scales; every other tensor F32; the metadata as {@link #save} plus
     * {@value #QUANTIZATION_KEY}. {@link #loadQuantized} reads it back bit for bit.
     */
    public static void save(QuantizedNetwork network, ModelSchema schema, Path file) throws IOException {
        if (schema != null) schema.requireFits(network.network());
        Parameters p = network.network().parameters();
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < p.count(); i++) {
            String name = p.tensor(i).name();
            long[] shape = Arrays.stream(p.tensor(i).shape()).asLongStream().toArray();
            QuantizedMatrix q = network.weights().get(name);
            if (q == null) {
                tensors.put(name, SafeTensors.Tensor.of(p.values(i), shape));
            } else if (q.format() == QuantizedMatrix.Format.BF16) {
                tensors.put(name, new SafeTensors.Tensor("BF16", shape, q.dequantize()));
            } else {
                byte[] values = q.int8Values();
                float[] v = new float[values.length];
                for (int j = 0; j < v.length; j++) v[j] = values[j];
                tensors.put(name, new SafeTensors.Tensor("I8", shape, v));
                tensors.put(name + SCALE_SUFFIX, SafeTensors.Tensor.of(q.scales().clone(), q.rows()));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(ARCHITECTURE_KEY, ArchitectureJson.write(network.network().architecture()));
        metadata.put(QUANTIZATION_KEY, network.format().name().toLowerCase(java.util.Locale.ROOT));
        if (schema != null) metadata.put(ModelSchema.KEY, schema.toJson());
        SafeTensors.write(file, tensors, metadata);
    }

    /**
     * Loads a file saved by {@link #save(QuantizedNetwork, ModelSchema, Path)} onto {@code backend} (null: the
     * default), with every check of {@link #load(Path, Backend)} (on the dequantised weights) and those of the
     * quantised tensors: dtype, shape, I8 values in [−127, 127], scales finite and not negative.
     *
     * @throws ModelFormatException also for a file that holds no quantised weights
     */
    public static QuantizedNetwork loadQuantized(Path file, Backend backend) throws IOException {
        SavedModel saved = loadWithSchema(file, backend);
        if (saved.quantized() == null) {
            throw new ModelFormatException(name(file) + ": the weights are not quantised (no metadata \""
                    + QUANTIZATION_KEY + "\"); quantise a model with QuantizedNetwork.of or 'simdnn quantize'");
        }
        return saved.quantized();
    }

    /**
     * Loads a file saved by {@link #save} (its architecture from the metadata), on the default backend. A file of
     * quantised weights loads as the float32 network over its dequantised weights.
     */
    public static Network load(Path file) throws IOException {
        return load(file, (Backend) null);
    }

    /** Loads a file saved by {@link #save} onto {@code backend} (null: the default). */
    public static Network load(Path file, Backend backend) throws IOException {
        return loadWithSchema(file, backend).network();
    }

    /** Loads a file saved by {@link #save} and its schema (null when the file has none) onto {@code backend}. */
    public static SavedModel loadWithSchema(Path file, Backend backend) throws IOException {
        SafeTensors.Loaded loaded = SafeTensors.read(file);
        String json = loaded.metadata().get(ARCHITECTURE_KEY);
        if (json == null) {
            throw new ModelFormatException(name(file) + ": no architecture (metadata \"" + ARCHITECTURE_KEY
                    + "\"); a bare state dict loads when the architecture is given, e.g. --arch 64-128-10");
        }
        Architecture a;
        try {
            a = ArchitectureJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name(file) + ": " + e.getMessage(), e);
        }
        String quantization = loaded.metadata().get(QUANTIZATION_KEY);
        QuantizedNetwork quantized = quantization == null ? null : quantized(file, loaded, a, quantization, backend);
        Network network = quantized != null ? quantized.network() : build(file, loaded, a, backend);
        String schema = loaded.metadata().get(ModelSchema.KEY);
        try {
            return new SavedModel(network, schema == null ? null : ModelSchema.fromJson(schema), quantized);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name(file) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a state dict with the given architecture (a file's own architecture metadata, if any, is ignored). Tensor
     * names may be {@code layers.i.weight}, {@code i.weight} for a bare {@code nn.Sequential}, or any other naming
     * that {@link StateDict} can match to the architecture by order and shape.
     */
    public static Network load(Path file, Architecture architecture) throws IOException {
        return load(file, architecture, null);
    }

    public static Network load(Path file, Architecture architecture, Backend backend) throws IOException {
        return load(file, architecture, null, backend);
    }

    /**
     * Loads a state dict of any key names with the given architecture: {@code keys} names the file's module of each
     * architecture module in order (null: matched by key order and shapes); see {@link StateDict}.
     */
    public static Network load(Path file, Architecture architecture, List<String> keys, Backend backend)
            throws IOException {
        SafeTensors.Loaded loaded = SafeTensors.read(file);
        Map<String, SafeTensors.Tensor> renamed = StateDict.rename(name(file), loaded.tensors(), architecture, keys);
        return build(file, new SafeTensors.Loaded(renamed, loaded.metadata()), architecture, backend);
    }

    private static Network build(Path file, SafeTensors.Loaded loaded, Architecture a, Backend backend)
            throws ModelFormatException {
        Map<String, SafeTensors.Tensor> tensors = loaded.tensors();
        boolean bare = !tensors.isEmpty() && tensors.keySet().stream().noneMatch(k -> k.startsWith("layers."));
        // Names and shapes are checked against the file before anything is allocated for the architecture, so a
        // huge architecture in a small file allocates nothing.
        List<Architecture.Tensor> expected = a.tensors();
        TreeSet<String> missing = new TreeSet<>(), extra = new TreeSet<>(tensors.keySet());
        for (Architecture.Tensor t : expected) {
            String key = bare ? t.name().substring("layers.".length()) : t.name();
            if (!extra.remove(key)) missing.add(key);
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new ModelFormatException(name(file) + ": tensors do not match architecture " + a
                    + (missing.isEmpty() ? "" : "; missing: " + missing) + (extra.isEmpty() ? "" : "; unexpected: " + extra)
                    + "; expected: " + expected.stream().map(t -> t.name() + Arrays.toString(t.shape())).toList());
        }
        for (int i = 0; i < expected.size(); i++) {
            Architecture.Tensor t = expected.get(i);
            String key = bare ? t.name().substring("layers.".length()) : t.name();
            SafeTensors.Tensor found = tensors.get(key);
            long[] want = Arrays.stream(t.shape()).asLongStream().toArray();
            if (!Arrays.equals(want, found.shape())) {
                throw new ModelFormatException(name(file) + ": tensor \"" + key + "\" has shape "
                        + Arrays.toString(found.shape()) + " but architecture " + a + " needs " + Arrays.toString(want)
                        + (t.shape().length == 2 ? " ([out, in], as nn.Linear)" : ""));
            }
            float[] v = found.data();
            for (int j = 0; j < v.length; j++) {
                if (!Float.isFinite(v[j])) {
                    throw new ModelFormatException(name(file) + ": tensor \"" + key + "\" holds " + v[j] + " at index "
                            + j + "; weights must be finite");
                }
            }
        }
        Parameters p = new Parameters(a);
        for (int i = 0; i < expected.size(); i++) {
            String key = bare ? expected.get(i).name().substring("layers.".length()) : expected.get(i).name();
            float[] v = tensors.get(key).data();
            System.arraycopy(v, 0, p.values(i), 0, v.length);
        }
        OutputBound.check(name(file), a, p);
        return Network.of(a, p, backend);
    }

    /**
     * The quantised weights checked and dequantised, then the whole model through {@link #build} (names, shapes,
     * finite values, the output bound) on the dequantised values.
     */
    private static QuantizedNetwork quantized(Path file, SafeTensors.Loaded loaded, Architecture a, String quantization,
            Backend backend) throws ModelFormatException {
        QuantizedMatrix.Format format = switch (quantization) {
            case "bf16" -> QuantizedMatrix.Format.BF16;
            case "int8" -> QuantizedMatrix.Format.INT8;
            default -> throw new ModelFormatException(name(file) + ": metadata \"" + QUANTIZATION_KEY + "\" is \""
                    + quantization + "\"; it must be \"bf16\" or \"int8\"");
        };
        String dtype = format == QuantizedMatrix.Format.BF16 ? "BF16" : "I8";
        List<String> names = QuantizedNetwork.quantizedTensors(a);
        Map<String, SafeTensors.Tensor> floats = new LinkedHashMap<>(loaded.tensors());
        Map<String, QuantizedMatrix> weights = new LinkedHashMap<>();
        for (Architecture.Tensor t : a.tensors()) {
            if (!names.contains(t.name())) continue;
            String key = t.name();
            SafeTensors.Tensor found = floats.get(key);
            if (found == null) continue; // build() names every missing tensor
            long[] want = {t.shape()[0], t.shape()[1]};
            if (!Arrays.equals(want, found.shape())) continue; // and every wrong shape
            if (!found.dtype().equals(dtype)) {
                throw new ModelFormatException(name(file) + ": tensor \"" + key + "\" is " + found.dtype() + " but a "
                        + quantization + " model stores dense weights as " + dtype);
            }
            int rows = t.shape()[0], cols = t.shape()[1];
            float[] v = found.data();
            QuantizedMatrix q;
            try {
                if (format == QuantizedMatrix.Format.BF16) {
                    short[] bits = new short[v.length];
                    for (int j = 0; j < v.length; j++) bits[j] = (short) (Float.floatToRawIntBits(v[j]) >>> 16);
                    q = QuantizedMatrix.ofBf16(rows, cols, bits);
                } else {
                    SafeTensors.Tensor scale = floats.remove(key + SCALE_SUFFIX);
                    if (scale == null || !scale.dtype().equals("F32") || !Arrays.equals(scale.shape(), new long[] {rows})) {
                        throw new ModelFormatException(name(file) + ": the I8 tensor \"" + key + "\" needs an F32 tensor \""
                                + key + SCALE_SUFFIX + "\" of shape [" + rows + "] (one scale per row), found "
                                + (scale == null ? "none" : scale));
                    }
                    byte[] values = new byte[v.length];
                    for (int j = 0; j < v.length; j++) values[j] = (byte) v[j];
                    q = QuantizedMatrix.ofInt8(rows, cols, values, scale.data());
                }
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(name(file) + ": tensor \"" + key + "\": " + e.getMessage(), e);
            }
            weights.put(key, q);
            floats.put(key, SafeTensors.Tensor.of(q.dequantize(), want));
        }
        for (Map.Entry<String, SafeTensors.Tensor> e : floats.entrySet()) {
            if (e.getValue().dtype().equals("I8")) {
                throw new ModelFormatException(name(file) + ": tensor \"" + e.getKey() + "\" is I8, which only the "
                        + "weights of dense layers may be (" + names + ")");
            }
        }
        Network network = build(file, new SafeTensors.Loaded(floats, loaded.metadata()), a, backend);
        return QuantizedNetwork.ofWeights(network, weights);
    }

    private static String name(Path file) {
        return String.valueOf(file.getFileName());
    }
}
