package io.simdnn.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.io.SafeTensors.Loaded;
import io.simdnn.model.io.SafeTensors.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------------------ file builders

    /** A safetensors file: the header padded with spaces to a multiple of 8, as the reference writer does. */
    private static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.put(data).array();
    }

    private static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private Path save(byte[] bytes) throws IOException {
        Path p = dir.resolve("model.safetensors");
        Files.write(p, bytes);
        return p;
    }

    private String rejection(byte[] bytes) throws IOException {
        Path p = save(bytes);
        return assertThrows(ModelFormatException.class, () -> SafeTensors.read(p)).getMessage();
    }

    private static float[] range(int n, float start) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = start + i * 0.25f;
        }
        return a;
    }

    // ------------------------------------------------------------------------------------------ PyTorch layout

    /**
     * The header {@code safetensors.torch.save_file(nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
     * .state_dict(), path)} writes: compact JSON, tensors of one dtype sorted by name, offsets back to back from 0.
     */
    private static final String TORCH_HEADER = "{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
            + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[12,60]},"
            + "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60,68]},"
            + "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[68,92]}}";

    /** The same with {@code metadata={"format": "pt"}}, as Hugging Face tools write it: 279 bytes, padded to 280. */
    private static final String TORCH_HEADER_WITH_METADATA = "{\"__metadata__\":{\"format\":\"pt\"},"
            + TORCH_HEADER.substring(1);

    private static byte[] torchData() {
        return concat(f32(range(3, 0.5f)), f32(range(12, -1f)), f32(range(2, 2f)), f32(range(6, -3f)));
    }

    private static byte[] torchFile() {
        return file(TORCH_HEADER, torchData());
    }

    @Test
    void readsAPyTorchSequentialStateDict() throws IOException {
        assertEquals(248, TORCH_HEADER.length(), "a multiple of 8: no padding needed");
        Loaded loaded = SafeTensors.read(save(torchFile()));
        assertEquals(List.of("0.bias", "0.weight", "2.bias", "2.weight"), new ArrayList<>(loaded.tensors().keySet()));
        assertEquals(Map.of(), loaded.metadata());
        Tensor w0 = loaded.tensors().get("0.weight");
        assertEquals("F32", w0.dtype());
        assertArrayEquals(new long[] {3, 4}, w0.shape(), "nn.Linear weights are [out, in]");
        assertArrayEquals(range(12, -1f), w0.data());
        assertArrayEquals(range(3, 0.5f), loaded.tensors().get("0.bias").data());
        assertArrayEquals(new long[] {2, 3}, loaded.tensors().get("2.weight").shape());
        assertArrayEquals(range(6, -3f), loaded.tensors().get("2.weight").data());
        assertArrayEquals(range(2, 2f), loaded.tensors().get("2.bias").data());
    }

    @Test
    void writesExactlyThePyTorchLayout() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        // Inserted out of order on purpose: the writer sorts by name like the reference library.
        tensors.put("2.weight", Tensor.of(range(6, -3f), 2, 3));
        tensors.put("0.weight", Tensor.of(range(12, -1f), 3, 4));
        tensors.put("2.bias", Tensor.of(range(2, 2f), 2));
        tensors.put("0.bias", Tensor.of(range(3, 0.5f), 3));
        Path p = dir.resolve("written.safetensors");
        SafeTensors.write(p, tensors, null);
        assertArrayEquals(torchFile(), Files.readAllBytes(p));
        SafeTensors.write(p, tensors, Map.of("format", "pt"));
        assertArrayEquals(file(TORCH_HEADER_WITH_METADATA, torchData()), Files.readAllBytes(p));
    }

    @Test
    void readsAPaddedHeaderWithMetadata() throws IOException {
        byte[] bytes = file(TORCH_HEADER_WITH_METADATA, torchData());
        assertEquals(279, TORCH_HEADER_WITH_METADATA.length());
        assertEquals(280, ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals(' ', bytes[8 + 279], "padded with one space to a multiple of 8");
        Loaded loaded = SafeTensors.read(save(bytes));
        assertEquals(Map.of("format", "pt"), loaded.metadata());
        assertArrayEquals(range(12, -1f), loaded.tensors().get("0.weight").data());
        assertEquals(4, loaded.tensors().size());
    }

    // ------------------------------------------------------------------------------------------ round trips

    @Test
    void roundTripIsBitIdentical() throws IOException {
        float[] special = {-0.0f, 0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, Float.NaN,
                Float.POSITIVE_INFINITY, 1f / 3f, -1.17549421E-38f};
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.0.weight", Tensor.of(special, 3, 3));
        tensors.put("layers.0.bias", Tensor.of(new float[] {1, 2, 3}, 3));
        tensors.put("scalar", Tensor.of(new float[] {42}));
        tensors.put("empty", Tensor.of(new float[0], 0, 5));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("simdnn.architecture", "{\"layers\":[{\"type\":\"dense\"}]}");
        metadata.put("note", "line\nbreak, ünïcödé ✓");
        Path p = dir.resolve("round.safetensors");
        SafeTensors.write(p, tensors, metadata);
        Loaded back = SafeTensors.read(p);
        assertEquals(metadata, back.metadata());
        assertEquals(List.of("empty", "layers.0.bias", "layers.0.weight", "scalar"),
                new ArrayList<>(back.tensors().keySet()), "written in name order");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = back.tensors().get(e.getKey());
            assertEquals(e.getValue(), t);
            for (int i = 0; i < t.data().length; i++) {
                assertEquals(Float.floatToIntBits(e.getValue().data()[i]), Float.floatToIntBits(t.data()[i]));
            }
        }
        assertEquals(Float.floatToRawIntBits(-0.0f),
                Float.floatToRawIntBits(back.tensors().get("layers.0.weight").data()[0]), "-0.0 is preserved");
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the data starts 8-byte aligned");
    }

    @Test
    void anEmptyFileOfTensorsRoundTrips() throws IOException {
        Path p = dir.resolve("empty.safetensors");
        SafeTensors.write(p, Map.of(), Map.of());
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '},
                Files.readAllBytes(p), "the reference library's bytes for an empty dictionary");
        Loaded back = SafeTensors.read(p);
        assertEquals(Map.of(), back.tensors());
    }

    // ------------------------------------------------------------------------------------------ dtype conversion

    @Test
    void convertsHalfBfloatAndDoubleToFloat() throws IOException {
        ByteBuffer half = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        half.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF).putShort((short) 0x0001)
                .putShort((short) 0x7C00);
        ByteBuffer bf = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        bf.putShort((short) 0x3F80).putShort((short) 0xBF00).putShort((short) 0x4049);
        ByteBuffer dbl = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        dbl.putDouble(0.1).putDouble(-1e300);
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[16,22]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[22,32]}}";
        Loaded loaded = SafeTensors.read(save(file(header, concat(dbl.array(), bf.array(), half.array()))));
        assertEquals(Map.of("format", "pt"), loaded.metadata());
        assertArrayEquals(new float[] {1f, -2f, 65504f, 5.9604645E-8f, Float.POSITIVE_INFINITY},
                loaded.tensors().get("h").data());
        assertEquals("F16", loaded.tensors().get("h").dtype());
        assertArrayEquals(new float[] {1f, -0.5f, 3.140625f}, loaded.tensors().get("b").data());
        assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY}, loaded.tensors().get("d").data());
    }

    @Test
    void largeTensorsAreReadAcrossChunks() throws IOException {
        float[] big = range(50_000, -7f);
        Path p = dir.resolve("big.safetensors");
        SafeTensors.write(p, Map.of("w", Tensor.of(big, 250, 200)), null);
        assertArrayEquals(big, SafeTensors.read(p).tensors().get("w").data());
    }

    // ------------------------------------------------------------------------------------------ rejections

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    @Test
    void rejectsTruncatedAndAbsurdHeaders() throws IOException {
        assertEquals("model.safetensors: the file has 3 bytes, fewer than the 8 of the header length;"
                + " it is truncated or not a safetensors file", rejection(new byte[3]));
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MIN_VALUE).array();
        assertEquals("model.safetensors: header length 9223372036854775808 exceeds the limit of 100000000 bytes;"
                + " the file is corrupt or not a safetensors file", rejection(huge));
        byte[] allOnes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
        assertTrue(rejection(allOnes).contains("header length 18446744073709551615 exceeds the limit"));
        byte[] overLimit = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001L).array();
        assertTrue(rejection(overLimit).contains("header length 100000001 exceeds the limit of 100000000 bytes"));
        byte[] beyondFile = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
        assertEquals("model.safetensors: header length 1000 exceeds the 8 bytes that follow it;"
                + " the file is truncated or not a safetensors file", rejection(beyondFile));
        byte[] whole = torchFile();
        assertTrue(rejection(Arrays.copyOf(whole, 60)).contains("exceeds the 52 bytes that follow it"));
        assertEquals("model.safetensors: tensor \"2.weight\" has data_offsets [68, 92] beyond the end of the 88-byte"
                + " data buffer; the file is truncated or corrupt", rejection(Arrays.copyOf(whole, whole.length - 4)));
    }

    @Test
    void rejectsHeadersThatAreNotJsonObjects() throws IOException {
        assertEquals("model.safetensors: the header is not a valid JSON object: at offset 8: expected a value, found"
                + " the end of the text", rejection(file("{\"a\":", new byte[0])));
        assertEquals("model.safetensors: the header is not a valid JSON object: at offset 0: expected a JSON object"
                + " starting with '{'", rejection(file("[1, 2]", new byte[0])));
        byte[] notUtf8 = file("{\"x\":1}", new byte[0]);
        notUtf8[10] = (byte) 0xC3;
        assertEquals("model.safetensors: the header is not valid UTF-8", rejection(notUtf8));
        assertEquals("model.safetensors: tensor \"a\" must be an object with dtype, shape and data_offsets, found the"
                + " number 1", rejection(file("{\"a\":1}", new byte[0])));
    }

    @Test
    void rejectsBadEntries() throws IOException {
        byte[] data = new byte[40];
        assertEquals("model.safetensors: tensor \"w\" has dtype I64, which simdnn does not read; the float dtypes"
                + " F32, F64, F16 and BF16 and the quantised weights' I8 are supported", rejection(file("{" + entry("w", "I64", "[5]", "[0,40]")
                + "}", data)));
        assertTrue(rejection(file("{" + entry("w", "Q7", "[10]", "[0,40]") + "}", data))
                .contains("has dtype Q7, which simdnn does not read"));
        assertEquals("model.safetensors: tensor \"w\" needs a string dtype, found the number 4",
                rejection(file("{\"w\":{\"dtype\":4,\"shape\":[10],\"data_offsets\":[0,40]}}", data)));
        assertEquals("model.safetensors: tensor \"w\" needs shape as an array of integers, found the string \"10\"",
                rejection(file("{\"w\":{\"dtype\":\"F32\",\"shape\":\"10\",\"data_offsets\":[0,40]}}", data)));
        assertEquals("model.safetensors: tensor \"w\" needs data_offsets as an array of integers, found null",
                rejection(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[10]}}", data)));
        assertEquals("model.safetensors: tensor \"w\" has an unexpected field \"offsets\"",
                rejection(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[10],\"offsets\":[0,40]}}", data)));
        assertEquals("model.safetensors: tensor \"w\" has shape element 1 the number 2.5; expected an integer below"
                + " 2^63", rejection(file("{" + entry("w", "F32", "[4,2.5]", "[0,40]") + "}", data)));
        assertEquals("model.safetensors: tensor \"w\" has data_offsets element 1 the number 18446744073709551616;"
                + " expected an integer below 2^63",
                rejection(file("{" + entry("w", "F32", "[10]", "[0,18446744073709551616]") + "}", data)));
        assertEquals("model.safetensors: tensor \"w\" needs data_offsets [begin, end], found 3 numbers",
                rejection(file("{" + entry("w", "F32", "[10]", "[0,20,40]") + "}", data)));
        assertEquals("model.safetensors: tensor \"w\" has data_offsets [40, 0]; they must satisfy 0 <= begin <= end",
                rejection(file("{" + entry("w", "F32", "[10]", "[40,0]") + "}", data)));
    }

    @Test
    void rejectsShapesThatDisagreeWithTheirBytes() throws IOException {
        byte[] data = new byte[40];
        assertEquals("model.safetensors: tensor \"layers.0.weight\" has shape [4, 3] (12 elements) but data_offsets"
                + " [0, 40] hold 10 F32 values",
                rejection(file("{" + entry("layers.0.weight", "F32", "[4,3]", "[0,40]") + "}", data)));
        assertEquals("model.safetensors: tensor \"w\" has data_offsets [0, 38] holding 38 bytes, not a whole number"
                + " of F32 values", rejection(file("{" + entry("w", "F32", "[10]", "[0,38]") + "}", data)));
        assertEquals("model.safetensors: tensor \"w\" has a negative dimension in shape [-1, 10]",
                rejection(file("{" + entry("w", "F32", "[-1,10]", "[0,40]") + "}", data)));
        assertEquals("model.safetensors: tensor \"w\" has shape [4611686018427387904, 4], whose element count"
                + " overflows 64 bits", rejection(file("{" + entry("w", "F32", "[4611686018427387904,4]", "[0,40]")
                + "}", data)));
        assertEquals("model.safetensors: tensor \"w\" has data_offsets [0, 48] beyond the end of the 40-byte data"
                + " buffer; the file is truncated or corrupt",
                rejection(file("{" + entry("w", "F32", "[12]", "[0,48]") + "}", data)));
    }

    @Test
    void rejectsOverlapsHolesAndTrailingBytes() throws IOException {
        byte[] data = new byte[24];
        assertEquals("model.safetensors: tensors \"a\" [0, 16] and \"b\" [8, 24] overlap",
                rejection(file("{" + entry("b", "F32", "[4]", "[8,24]") + "," + entry("a", "F32", "[4]", "[0,16]")
                        + "}", data)));
        assertEquals("model.safetensors: tensors \"a\" [0, 8] and \"b\" [0, 8] overlap",
                rejection(file("{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[0,8]")
                        + "}", new byte[8])));
        assertEquals("model.safetensors: bytes 8 to 16 of the data buffer belong to no tensor; the format requires"
                + " the buffer to be fully indexed",
                rejection(file("{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[16,24]")
                        + "}", data)));
        assertEquals("model.safetensors: the data buffer has 24 bytes but the tensors cover only 16; the format"
                + " requires the buffer to be fully indexed",
                rejection(file("{" + entry("a", "F32", "[4]", "[0,16]") + "}", data)));
    }

    @Test
    void rejectsBadMetadata() throws IOException {
        assertEquals("model.safetensors: __metadata__ value of \"epochs\" must be a string, found the number 10",
                rejection(file("{\"__metadata__\":{\"epochs\":10}}", new byte[0])));
        assertEquals("model.safetensors: __metadata__ must be an object of strings, found an array",
                rejection(file("{\"__metadata__\":[\"a\"]}", new byte[0])));
        assertEquals("model.safetensors: __metadata__ value of \"nested\" must be a string, found an object",
                rejection(file("{\"__metadata__\":{\"nested\":{}}}", new byte[0])));
    }

    @Test
    void corruptedFilesFailOnlyWithModelFormatException() throws IOException {
        byte[] valid = file(TORCH_HEADER_WITH_METADATA, torchData());
        int headerEnd = 8 + 280;
        java.util.Random random = new java.util.Random(20261123L);
        int rejected = 0;
        for (int trial = 0; trial < 600; trial++) {
            byte[] bytes;
            switch (trial % 3) {
                case 0 -> {
                    bytes = valid.clone();
                    for (int k = 0; k <= random.nextInt(3); k++) {
                        bytes[random.nextInt(headerEnd)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> bytes = Arrays.copyOf(valid, random.nextInt(valid.length));
                default -> {
                    bytes = valid.clone();
                    // A plausible character in a random header position: digits, brackets, quotes, commas.
                    bytes[8 + random.nextInt(279)] = (byte) "0123456789[]{}\",:- ".charAt(random.nextInt(19));
                }
            }
            Path p = save(bytes);
            try {
                Loaded loaded = SafeTensors.read(p);
                long floats = loaded.tensors().values().stream().mapToLong(Tensor::size).sum();
                assertTrue(4 * floats <= bytes.length, "never more data than the file holds");
            } catch (ModelFormatException expected) {
                assertTrue(expected.getMessage().startsWith("model.safetensors: "), expected.getMessage());
                rejected++;
            }
        }
        assertTrue(rejected > 300, "most corruptions are detected: " + rejected);
    }

    // ------------------------------------------------------------------------------------------ atomic write

    private List<String> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path p = dir.resolve("model.safetensors");
        SafeTensors.write(p, Map.of("a", Tensor.of(new float[] {1}, 1)), Map.of("v", "1"));
        SafeTensors.write(p, Map.of("b", Tensor.of(new float[] {2, 3}, 2)), Map.of("v", "2"));
        Loaded loaded = SafeTensors.read(p);
        assertEquals(Map.of("v", "2"), loaded.metadata());
        assertEquals(List.of("b"), new ArrayList<>(loaded.tensors().keySet()));
        assertEquals(List.of("model.safetensors"), listDir());
    }

    @Test
    void aFailedRenameLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.safetensors");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "precious");
        assertThrows(IOException.class,
                () -> SafeTensors.write(target, Map.of("a", Tensor.of(new float[] {1}, 1)), null));
        assertEquals("precious", Files.readString(target.resolve("keep.txt")));
        assertEquals(List.of("model.safetensors"), listDir(), "the temporary file is deleted");
    }

    @Test
    void anInvalidRequestLeavesTheOldFileUntouched() throws IOException {
        Path p = dir.resolve("model.safetensors");
        SafeTensors.write(p, Map.of("a", Tensor.of(new float[] {1}, 1)), null);
        byte[] before = Files.readAllBytes(p);
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(p, Map.of("__metadata__", Tensor.of(new float[] {1}, 1)), null));
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        assertThrows(NullPointerException.class,
                () -> SafeTensors.write(p, Map.of("a", Tensor.of(new float[] {2}, 1)), nullValue));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(p, Map.of("a", Tensor.of(new float[] {2}, 1)), Map.of("k", "\ud800")));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of("model.safetensors"), listDir());
    }

    @Test
    void aMissingDirectoryFailsWithoutCreatingAnything() {
        Path p = dir.resolve("missing").resolve("model.safetensors");
        assertThrows(NoSuchFileException.class, () -> SafeTensors.write(p, Map.of(), null));
        assertTrue(Files.notExists(dir.resolve("missing")));
    }

    @Test
    void tensorValidatesItsShape() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[0], -1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[1], 1L << 40, 1L << 40));
        assertEquals("Tensor[F32 [2, 3]]", Tensor.of(new float[6], 2, 3).toString());
        assertEquals(6, Tensor.of(new float[6], 2, 3).size());
    }
}
