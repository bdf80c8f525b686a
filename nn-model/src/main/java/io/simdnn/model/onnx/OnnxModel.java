package io.simdnn.model.onnx;

import io.simdnn.model.Architecture;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.model.io.ModelFormatException;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.io.OutputBound;
import io.simdnn.model.io.SavedModel;
import io.simdnn.spi.Backend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * ONNX import and export of simdnn networks (see {@code docs/interop.md}), without a protobuf dependency.
 *
 * <p>Import reads the MLP subset that {@code torch.onnx.export} writes with either exporter (the legacy one's
 * {@code Gemm}, the dynamo one's {@code Transpose}/{@code MatMul}/{@code Add} and decomposed GELU) and what
 * {@link #save} writes; anything else is refused naming the op and the node. The bytes are untrusted: every
 * problem, malformed or unsupported, is a {@link ModelFormatException}, and every array allocated is backed by
 * bytes of the input.
 *
 * <p>Export writes opset {@value OnnxExport#OPSET} (IR version {@value OnnxExport#IR_VERSION}): one {@code Gemm}
 * ({@code transB=1}) per linear layer, standard ops for every activation and output link, the schema (if any) in
 * {@code metadata_props}. ONNX Runtime runs the file with simdnn's outputs to float rounding.
 */
public final class OnnxModel {
    private OnnxModel() {}

    /** A parsed ONNX model: the architecture, its parameters and the schema stored with it (null if none). */
    public record Parsed(Architecture architecture, Parameters parameters, ModelSchema schema) {}

    /**
     * Parses ONNX bytes into an architecture and parameters: the entry point for untrusted bytes (it needs no
     * backend). {@code source} names the bytes in messages.
     *
     * @throws ModelFormatException for malformed protobuf, an unsupported IR version, opset, data type or op, or a
     *                              graph that is not a supported MLP
     */
    public static Parsed parse(byte[] bytes, String source) throws ModelFormatException {
        OnnxReader.Model model = OnnxReader.read(source, bytes);
        try {
            Parsed parsed = OnnxImport.convert(source, model);
            OutputBound.check(source, parsed.architecture(), parsed.parameters()); // finite weights can still overflow
            return parsed;
        } catch (IllegalArgumentException | ArithmeticException e) { // a layer or weights the checks refuse
            String m = String.valueOf(e.getMessage());
            throw new ModelFormatException(m.startsWith(source + ": ") ? m : source + ": " + m, e);
        }
    }

    /** Loads an ONNX file as a network on {@code backend} (null: the default) and its schema (null if none). */
    public static SavedModel load(Path file, Backend backend) throws IOException {
        String name = String.valueOf(file.getFileName());
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) throw new ModelFormatException(name + ": " + size + " bytes is too large");
        Parsed p = parse(Files.readAllBytes(file), name);
        try {
            return new SavedModel(Network.of(p.architecture(), p.parameters(), backend), p.schema());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": " + e.getMessage(), e);
        }
    }

    /** The ONNX bytes of {@code network}, with {@code schema} (null: none) in its metadata. */
    public static byte[] toBytes(Network network, ModelSchema schema) {
        if (schema != null) schema.requireFits(network);
        return OnnxExport.export(network, schema);
    }

    /** Writes {@code network} as an ONNX file, atomically (a temporary file renamed over the target). */
    public static void save(Network network, ModelSchema schema, Path file) throws IOException {
        byte[] bytes = toBytes(network, schema);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
