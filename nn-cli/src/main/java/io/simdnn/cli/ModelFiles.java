package io.simdnn.cli;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.io.ModelFile;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.io.SavedModel;
import io.simdnn.model.io.ModelFormatException;
import io.simdnn.model.io.SafeTensors;
import io.simdnn.spi.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loading and saving models for the commands, with the checks a person needs to hear about first. */
final class ModelFiles {
    private ModelFiles() {}

    /**
     * Loads a model saved by {@code train --out}, an ONNX model ({@code .onnx}) or, with an architecture, a bare
     * PyTorch state dict.
     *
     * @param architecture null to read the architecture from the file's metadata
     */
    static Network load(Path file, Architecture architecture, Backend backend) throws IOException {
        return load(file, architecture, null, backend);
    }

    /** As {@link #load(Path, Architecture, Backend)}; {@code keys}: the state dict's module of each layer. */
    static Network load(Path file, Architecture architecture, List<String> keys, Backend backend) throws IOException {
        if (keys != null && architecture == null) throw new UserException("--keys needs --arch");
        if (architecture == null) return loadWithSchema(file, backend).network();
        checkPath(file);
        return ModelFile.load(file, architecture, keys, backend);
    }

    private static void checkPath(Path file) {
        if (!Files.exists(file)) throw new UserException("file not found: " + file);
        if (Files.isDirectory(file)) throw new UserException(file + " is a directory, not a model file");
    }

    /**
     * The layer sizes an nn.Sequential state dict implies: {@code N.weight} tensors of shape [out, in], in order of
     * N, each taking the previous one's outputs; null when the shapes do not chain.
     */
    static String sizesFromShapes(Map<String, SafeTensors.Tensor> tensors) {
        TreeMap<Integer, long[]> weights = new TreeMap<>();
        for (Map.Entry<String, SafeTensors.Tensor> e : tensors.entrySet()) {
            Matcher m = WEIGHT.matcher(e.getKey());
            if (m.matches() && e.getValue().shape().length == 2) {
                weights.put(Integer.parseInt(m.group(1)), e.getValue().shape());
            }
        }
        if (weights.isEmpty()) return null;
        StringBuilder sizes = new StringBuilder();
        long previous = -1;
        for (long[] shape : weights.values()) {
            if (previous >= 0 && shape[1] != previous) return null;
            if (previous < 0) sizes.append(shape[1]);
            sizes.append('-').append(shape[0]);
            previous = shape[0];
        }
        return sizes.toString();
    }

    private static final Pattern WEIGHT = Pattern.compile("(?:.*\\.)?(\\d+)\\.weight");

    static void save(Network network, Path file) throws IOException {
        save(network, null, file);
    }

    /** Loads a model saved by {@code train --out} and its schema (null when it has none). */
    static SavedModel loadWithSchema(Path file, Backend backend) throws IOException {
        checkPath(file);
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            return io.simdnn.model.onnx.OnnxModel.load(file, backend);
        }
        try {
            return ModelFile.loadWithSchema(file, backend);
        } catch (ModelFormatException e) {
            if (e.getMessage() == null || !e.getMessage().contains("no architecture")) throw e;
            String sizes = sizesFromShapes(SafeTensors.read(file).tensors());
            throw new UserException(file.getFileName() + " holds weights but no architecture: give it with --arch"
                    + (sizes != null ? " (its tensor shapes suggest --arch " + sizes + ", with --activation and"
                    + " --output as trained)" : ", e.g. --arch 64-128-10"), e);
        }
    }

    static void save(Network network, ModelSchema schema, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserException("cannot save the model to " + file + ": directory " + dir + " does not exist");
        }
        AtomicFiles.removeStaleTemporaries(file);
        ModelFile.save(network, schema, file);
    }

    /** The model must take exactly as many inputs as the data has columns. */
    static void checkInputs(Network network, int columns, String source, String what) {
        if (network.inputSize() != columns) {
            throw new UserException(source + " has " + columns + " " + what + " but the model ("
                    + network.architecture() + ") takes " + network.inputSize() + " inputs");
        }
    }

    /**
     * {@code saved} with its dense weights quantised to {@code format} (null: unchanged); for INT8 a standardisation
     * folded into the first layer is unfolded first. Re-quantising a quantised model starts from its dequantised
     * weights.
     */
    static SavedModel quantize(SavedModel saved, io.simdnn.spi.QuantizedMatrix.Format format) {
        if (format == null) return saved;
        Network network = saved.network();
        ModelSchema schema = saved.schema();
        if (format == io.simdnn.spi.QuantizedMatrix.Format.INT8 && schema != null && schema.scaling() != null
                && schema.scaling().folded()) {
            // A folded standardisation divides first-layer columns by the features' deviations: a few rare features
            // then get weights far above the rest of their row, and one scale per row rounds the rest to a few
            // levels (digits: 98.05 % -> 93.87 %). Unfold it: the model takes standardised inputs again, and predict
            // and eval apply the schema's scaling first.
            ModelSchema.Scaling s = schema.scaling();
            float[] a = s.offset(), b = s.scale(), offset = new float[a.length], scale = new float[a.length];
            for (int j = 0; j < a.length; j++) {
                offset[j] = -a[j] / b[j];
                scale[j] = 1f / b[j];
            }
            network = io.simdnn.model.InputScaling.fold(network, offset, scale);
            schema = new ModelSchema(schema.featureNames(), schema.labelColumn(), schema.classNames(), schema.task(),
                    new ModelSchema.Scaling(s.kind(), a, b, false), schema.provenance());
        }
        io.simdnn.model.QuantizedNetwork q;
        try {
            q = io.simdnn.model.QuantizedNetwork.of(network, format);
        } catch (IllegalArgumentException e) {
            throw new UserException("cannot quantise the model: " + e.getMessage());
        }
        return new SavedModel(q.network(), schema, q);
    }

    /** "INT8 dense weights (236,328 bytes; float32: 939,008)", as the commands print a quantised model. */
    static String describeWeights(io.simdnn.model.QuantizedNetwork q) {
        long f32 = 0;
        for (io.simdnn.spi.QuantizedMatrix w : q.weights().values()) f32 += 4L * w.rows() * w.cols();
        return String.format(java.util.Locale.ROOT, "%s dense weights (%,d bytes; float32: %,d)", q.format(),
                q.weightBytes(), f32);
    }
}
