package io.simdnn.model.io;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
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

    /** Loads a file saved by {@link #save} (its architecture from the metadata), on the default backend. */
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
        Network network = build(file, loaded, a, backend);
        String schema = loaded.metadata().get(ModelSchema.KEY);
        try {
            return new SavedModel(network, schema == null ? null : ModelSchema.fromJson(schema));
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

    private static String name(Path file) {
        return String.valueOf(file.getFileName());
    }
}
