package io.simdnn.model.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes <a href="https://huggingface.co/docs/safetensors">safetensors</a> files: an 8-byte little-endian
 * unsigned header length {@code N}, {@code N} bytes of UTF-8 JSON header, then the data buffer. The header maps each
 * tensor name to {@code {"dtype": …, "shape": […], "data_offsets": [begin, end]}} (byte offsets into the data buffer,
 * end exclusive) and may hold a {@code "__metadata__"} object of string values. Tensor data is little-endian and
 * row-major.
 *
 * <p><b>Reading</b> validates the whole header before it allocates anything for tensor data, and rejects every
 * inconsistency with a {@link ModelFormatException} whose message names the file and the problem: a file shorter
 * than 8 bytes; a header length beyond the file or beyond {@value #MAX_HEADER_BYTES} bytes; a header that is not
 * UTF-8 or not a JSON object; a tensor entry without exactly the fields {@code dtype}, {@code shape} and
 * {@code data_offsets} of the right types; a dtype other than F32, F16, BF16, F64 or I8 (converted to float32 on
 * read; I8 holds the values of quantised weights, see {@link ModelFile});
 * a negative dimension or a shape whose element count overflows; data offsets reversed or beyond the data buffer;
 * a byte range that does not hold exactly the shape's elements; overlapping tensors; and, as the format requires, a
 * data buffer not fully covered by the tensors (gaps or trailing bytes). Every array allocated is justified by bytes
 * present in the file.
 *
 * <p><b>Writing</b> stores every tensor as F32 (a tensor whose dtype is BF16 or I8, holding values that dtype
 * represents exactly, in that dtype), in name order (the order the reference library uses for tensors of
 * one dtype), after a header padded with spaces to a multiple of 8 bytes so that the data is 8-byte aligned. The
 * write is atomic: the bytes go to a temporary file in the target's directory
 * ({@code .<name>.<pid>-<random>.tmp}), are forced to the device, and the temporary file is renamed over the
 * target; on any failure the temporary file is deleted and an existing target is left as it was.
 */
public final class SafeTensors {

    /** The largest header accepted, in bytes, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    /** The header key of the string-to-string metadata map. */
    public static final String METADATA_KEY = "__metadata__";

    /** The largest element count of one tensor: what one Java array can hold. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final int CHUNK_BYTES = 1 << 16;

    private SafeTensors() {
    }

    /**
     * A tensor as float32 values.
     *
     * @param dtype the dtype stored in the file ({@code "F32"}, {@code "F16"}, {@code "BF16"}, {@code "F64"} or {@code "I8"});
     *              the data is float32 whatever the dtype (to write, only BF16 and I8 are kept, see {@link #write})
     * @param shape the dimensions, each non-negative; {@code []} is a scalar
     * @param data  the elements, row-major; as many as the product of the dimensions
     */
    public record Tensor(String dtype, long[] shape, float[] data) {

        public Tensor {
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(data, "data");
            long elements = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                elements = d == 0 ? 0 : elements > MAX_ELEMENTS / d ? MAX_ELEMENTS + 1 : elements * d;
            }
            if (elements != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold "
                        + data.length + " elements");
            }
        }

        /** An F32 tensor of the given shape over {@code data} (not copied). */
        public static Tensor of(float[] data, long... shape) {
            return new Tensor("F32", shape.clone(), data);
        }

        /** The number of elements. */
        public int size() {
            return data.length;
        }

        /** Equal dtype, shape and data (floats compared bit for bit, as {@link Arrays#equals(float[], float[])}). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && dtype.equals(t.dtype) && Arrays.equals(shape, t.shape)
                    && Arrays.equals(data, t.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
        }
    }

    /**
     * The content of a file.
     *
     * @param tensors  the tensors, in header order (unmodifiable)
     * @param metadata the {@code __metadata__} map, empty when the file has none (unmodifiable)
     */
    public record Loaded(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Loaded {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Writes tensors and metadata atomically, in name order: as F32, or as BF16 or I8 for tensors of that dtype.
     *
     * @param metadata string metadata for {@code __metadata__}; null or empty for none
     * @throws IllegalArgumentException for a tensor named {@value #METADATA_KEY}, null names or values, or a BF16 or
     *                                  I8 tensor holding a value its dtype does not represent exactly
     * @throws IOException              if the file cannot be written (an existing file is then left untouched)
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        TreeMap<String, Tensor> sorted = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY);
            }
            sorted.put(name, Objects.requireNonNull(e.getValue(), () -> "tensor \"" + name + "\""));
        }
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            Map<String, String> meta = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                meta.put(Objects.requireNonNull(e.getKey(), "metadata key"),
                        Objects.requireNonNull(e.getValue(), () -> "metadata value of \"" + e.getKey() + "\""));
            }
            header.put(METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            String dtype = storedDtype(e.getValue());
            if (!dtype.equals("F32")) requireStorable(e.getKey(), e.getValue());
            long end = offset + (long) elementSize(dtype) * e.getValue().data().length;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", dtype);
            info.put("shape", e.getValue().shape());
            info.put("data_offsets", new long[] {offset, end});
            header.put(e.getKey(), info);
            offset = end;
        }
        byte[] json;
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(Json.write(header)));
            json = Arrays.copyOf(encoded.array(), encoded.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a tensor name or metadata string is not valid Unicode"
                    + " (an unpaired surrogate): it cannot be stored as UTF-8");
        }
        int padded = (json.length + 7) & ~7;
        if (padded > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would have " + padded + " bytes, more than the limit of "
                    + MAX_HEADER_BYTES);
        }
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');

        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        // ".<name>.<pid>-<random>.tmp": hidden, obviously temporary, and the writer's process id lets a later run
        // delete what a killed writer left behind.
        Path temp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        // CREATE_NEW: never clobber another writer's temporary file; default permissions, as for any new file.
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        try {
            try (FileChannel ch = channel) {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(padded);
                writeFully(ch, buf.flip());
                writeFully(ch, ByteBuffer.wrap(headerBytes));
                buf.clear();
                for (Tensor t : sorted.values()) {
                    String dtype = storedDtype(t);
                    for (float v : t.data()) {
                        if (buf.remaining() < Float.BYTES) {
                            writeFully(ch, buf.flip());
                            buf.clear();
                        }
                        switch (dtype) {
                            case "BF16" -> buf.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
                            case "I8" -> buf.put((byte) v);
                            default -> buf.putFloat(v);
                        }
                    }
                }
                writeFully(ch, buf.flip());
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /** BF16 and I8 tensors are stored in their dtype (quantised weights); every other one as F32. */
    private static String storedDtype(Tensor t) {
        return t.dtype().equals("BF16") || t.dtype().equals("I8") ? t.dtype() : "F32";
    }

    private static int elementSize(String dtype) {
        return switch (dtype) {
            case "BF16" -> 2;
            case "I8" -> 1;
            default -> 4;
        };
    }

    /** A BF16 or I8 tensor must hold values that dtype represents exactly: writing it loses nothing. */
    private static void requireStorable(String name, Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            boolean exact = t.dtype().equals("BF16") ? (Float.floatToRawIntBits(d[i]) & 0xffff) == 0
                    : d[i] == (byte) d[i] && Float.floatToRawIntBits(d[i]) != Float.floatToRawIntBits(-0f);
            if (!exact) {
                throw new IllegalArgumentException("tensor \"" + name + "\" holds " + d[i] + " at index " + i
                        + ", which " + t.dtype() + " does not represent exactly");
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Makes the rename durable. Not every platform can open a directory for syncing; there it is skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The file itself is complete and renamed; only the durability of the rename is left to the OS.
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** One validated header entry. */
    private record Entry(String name, String dtype, int elementSize, long[] shape, long elements, long begin,
                         long end) {
    }

    /**
     * Reads and validates a file.
     *
     * @throws ModelFormatException naming the file and the problem, for any malformed or inconsistent content
     * @throws IOException          if the file cannot be read
     */
    public static Loaded read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        String name = String.valueOf(file.getFileName());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(name, "the file has " + size + " bytes, fewer than the 8 of the header length;"
                        + " it is truncated or not a safetensors file");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lengthBytes, 0, name);
            long n = lengthBytes.flip().getLong();
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw bad(name, "header length " + Long.toUnsignedString(n) + " exceeds the limit of "
                        + MAX_HEADER_BYTES + " bytes; the file is corrupt or not a safetensors file");
            }
            if (n > size - 8) {
                throw bad(name, "header length " + n + " exceeds the " + (size - 8)
                        + " bytes that follow it; the file is truncated or not a safetensors file");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(ch, headerBytes, 8, name);
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(headerBytes.flip()).toString();
            } catch (CharacterCodingException e) {
                throw bad(name, "the header is not valid UTF-8");
            }
            Map<String, Object> header;
            try {
                header = Json.parseObject(text);
            } catch (JsonException e) {
                throw bad(name, "the header is not a valid JSON object: " + e.getMessage());
            }
            long dataStart = 8 + n;
            long bufferLength = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (e.getKey().equals(METADATA_KEY)) {
                    metadata = metadata(name, e.getValue());
                } else {
                    entries.add(entry(name, e.getKey(), e.getValue(), bufferLength));
                }
            }
            checkCoverage(name, entries, bufferLength);

            // Everything is consistent: the arrays below add up to at most the bytes present in the file.
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(8, bufferLength)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries) {
                float[] data = new float[(int) e.elements()];
                readTensor(ch, chunk, dataStart + e.begin(), e, data, name);
                tensors.put(e.name(), new Tensor(e.dtype(), e.shape(), data));
            }
            return new Loaded(tensors, metadata);
        }
    }

    private static Map<String, String> metadata(String file, Object value) throws ModelFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw bad(file, METADATA_KEY + " must be an object of strings, found " + describe(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw bad(file, METADATA_KEY + " value of \"" + e.getKey() + "\" must be a string, found "
                        + describe(e.getValue()));
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    private static Entry entry(String file, String tensor, Object value, long bufferLength)
            throws ModelFormatException {
        String what = "tensor \"" + tensor + "\"";
        if (!(value instanceof Map<?, ?> info)) {
            throw bad(file, what + " must be an object with dtype, shape and data_offsets, found " + describe(value));
        }
        for (Object key : info.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw bad(file, what + " has an unexpected field \"" + key + "\"");
            }
        }
        Object dtypeValue = info.get("dtype");
        if (!(dtypeValue instanceof String dtype)) {
            throw bad(file, what + " needs a string dtype, found " + describe(dtypeValue));
        }
        int elementSize = switch (dtype) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            case "I8" -> 1;
            default -> throw bad(file, what + " has dtype " + dtype
                    + ", which simdnn does not read; the float dtypes F32, F64, F16 and BF16 and the quantised"
                    + " weights' I8 are supported");
        };
        long[] shape = longs(file, what, "shape", info.get("shape"));
        long elements = 1;
        for (long d : shape) {
            if (d < 0) {
                throw bad(file, what + " has a negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException overflow) {
                throw bad(file, what + " has shape " + Arrays.toString(shape)
                        + ", whose element count overflows 64 bits");
            }
        }
        long[] offsets = longs(file, what, "data_offsets", info.get("data_offsets"));
        if (offsets.length != 2) {
            throw bad(file, what + " needs data_offsets [begin, end], found " + offsets.length + " numbers");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin) {
            throw bad(file, what + " has data_offsets " + Arrays.toString(offsets)
                    + "; they must satisfy 0 <= begin <= end");
        }
        if (end > bufferLength) {
            throw bad(file, what + " has data_offsets " + Arrays.toString(offsets) + " beyond the end of the "
                    + bufferLength + "-byte data buffer; the file is truncated or corrupt");
        }
        long bytes = end - begin;
        if (bytes % elementSize != 0) {
            throw bad(file, what + " has data_offsets " + Arrays.toString(offsets) + " holding " + bytes
                    + " bytes, not a whole number of " + dtype + " values");
        }
        if (bytes / elementSize != elements) {
            throw bad(file, what + " has shape " + Arrays.toString(shape) + " (" + elements + " elements) but data_offsets "
                    + Arrays.toString(offsets) + " hold " + bytes / elementSize + " " + dtype + " values");
        }
        if (elements > MAX_ELEMENTS) {
            throw bad(file, what + " has " + elements + " elements, more than one float array can hold");
        }
        return new Entry(tensor, dtype, elementSize, shape, elements, begin, end);
    }

    private static long[] longs(String file, String what, String field, Object value) throws ModelFormatException {
        if (!(value instanceof List<?> list)) {
            throw bad(file, what + " needs " + field + " as an array of integers, found " + describe(value));
        }
        long[] result = new long[list.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(list.get(i) instanceof Long l)) {
                throw bad(file, what + " has " + field + " element " + i + " " + describe(list.get(i))
                        + "; expected an integer below 2^63");
            }
            result[i] = l;
        }
        return result;
    }

    /** The tensors must tile the data buffer exactly: no overlaps, no gaps, no trailing bytes. */
    private static void checkCoverage(String file, List<Entry> entries, long bufferLength)
            throws ModelFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin() < covered) {
                throw bad(file, "tensors \"" + previous.name() + "\" [" + previous.begin() + ", " + previous.end()
                        + "] and \"" + e.name() + "\" [" + e.begin() + ", " + e.end() + "] overlap");
            }
            if (e.begin() > covered) {
                throw bad(file, "bytes " + covered + " to " + e.begin()
                        + " of the data buffer belong to no tensor; the format requires the buffer to be fully indexed");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != bufferLength) {
            throw bad(file, "the data buffer has " + bufferLength + " bytes but the tensors cover only " + covered
                    + "; the format requires the buffer to be fully indexed");
        }
    }

    private static void readTensor(FileChannel ch, ByteBuffer chunk, long position, Entry e, float[] out,
                                   String file) throws IOException {
        int done = 0;
        long pos = position;
        while (done < out.length) {
            int count = Math.min(out.length - done, chunk.capacity() / e.elementSize());
            chunk.clear().limit(count * e.elementSize());
            readFully(ch, chunk, pos, file);
            chunk.flip();
            pos += (long) count * e.elementSize();
            switch (e.dtype()) {
                case "F32" -> {
                    for (int i = 0; i < count; i++) {
                        out[done + i] = chunk.getFloat();
                    }
                }
                case "F64" -> {
                    for (int i = 0; i < count; i++) {
                        out[done + i] = (float) chunk.getDouble();
                    }
                }
                case "F16" -> {
                    for (int i = 0; i < count; i++) {
                        out[done + i] = Float.float16ToFloat(chunk.getShort());
                    }
                }
                case "BF16" -> {
                    // bfloat16 is the upper half of a float32: shifting it back up is exact.
                    for (int i = 0; i < count; i++) {
                        out[done + i] = Float.intBitsToFloat((chunk.getShort() & 0xffff) << 16);
                    }
                }
                case "I8" -> {
                    for (int i = 0; i < count; i++) {
                        out[done + i] = chunk.get();
                    }
                }
                default -> throw new IllegalStateException("dtype " + e.dtype() + " passed validation");
            }
            done += count;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, String file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int read = ch.read(buf, pos);
            if (read < 0) {
                throw new ModelFormatException(file + ": the file ended at byte " + pos
                        + " while reading; it changed or was truncated while being read",
                        new EOFException());
            }
            pos += read;
        }
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
            case Map<?, ?> _ -> "an object";
            case List<?> _ -> "an array";
            case Boolean b -> b.toString();
            default -> "the number " + value;
        };
    }

    private static ModelFormatException bad(String file, String message) {
        return new ModelFormatException(file + ": " + message);
    }
}
