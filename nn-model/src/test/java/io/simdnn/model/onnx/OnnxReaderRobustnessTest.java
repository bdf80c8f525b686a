package io.simdnn.model.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.io.ModelFormatException;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backends;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The ONNX reader on untrusted bytes: mutations of valid files (truncations, bit flips, bytes overwritten with huge
 * varints) either parse or fail with {@link ModelFormatException}, never another exception, and allocate in
 * proportion to the input (64 bytes per input byte plus 8 MiB), not to the lengths and counts it claims. Then one case per class of finding the
 * safetensors loader's fuzzing turned up: over-long varints, lengths past the end, deep nesting, overflowing
 * element counts, data that does not match the shape.
 */
class OnnxReaderRobustnessTest {
    private static final List<byte[]> VALID = List.of(
            OnnxModel.toBytes(Network.builder().input(4).dense(6, Activation.GELU).dense(3).output(Output.SOFTMAX)
                    .seed(1).backend(Backends.get("scalar")).build(), null),
            OnnxModel.toBytes(Network.builder().input(3).prelu(4).maxout(2, 2).swish(3).dense(1).output(Output.SIGMOID)
                    .seed(2).backend(Backends.get("scalar")).build(), null));

    static {
        // Class loading and first-use bootstraps allocate too: do them before anything is measured.
        for (byte[] valid : VALID) {
            for (int cut = 0; cut <= valid.length; cut += 7) {
                try {
                    OnnxModel.parse(Arrays.copyOf(valid, cut), "warm-up");
                } catch (ModelFormatException expected) {
                    // measured below
                }
            }
        }
    }

    private record Mutation(int file, int kind, int position, int value) {}

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, VALID.size() - 1),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers()).as(Mutation::new);
    }

    private static byte[] mutate(Mutation m) {
        byte[] b = VALID.get(m.file()).clone();
        int at = m.position() % b.length;
        switch (m.kind()) {
            case 0 -> b = Arrays.copyOf(b, at); // truncation
            case 1 -> b[at] ^= (byte) (1 << (m.value() & 7)); // one bit flipped
            case 2 -> { // a huge varint (a length or count near 2^63) written over the bytes at the position
                for (int i = 0; i < 9 && at + i < b.length; i++) b[at + i] = (byte) (i < 8 ? 0xFF : 0x7F);
            }
            default -> { // several random bytes
                java.util.Random r = new java.util.Random(m.value());
                for (int i = 0; i < 4; i++) b[r.nextInt(b.length)] = (byte) r.nextInt();
            }
        }
        return b;
    }

    private static long allocated(Runnable r) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId(), before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    @Property(tries = 1500)
    void mutatedFilesFailOnlyWithTheFormatExceptionAndAllocateLittle(@ForAll("mutations") Mutation m) {
        byte[] bytes = mutate(m);
        long used = allocated(() -> {
            try {
                OnnxModel.parse(bytes, "mutated.onnx");
            } catch (ModelFormatException expected) {
                assertTrue(expected.getMessage().startsWith("mutated.onnx: "), expected.getMessage());
            }
        });
        // A claimed length or count acted on would allocate up to gigabytes; the parse itself a few times the input.
        assertTrue(used < 64L * bytes.length + (8 << 20), used + " bytes allocated for " + bytes.length);
    }

    private static byte[] model(ProtoWriter graph) {
        return new ProtoWriter().varint(1, 8).message(7, graph).message(8, new ProtoWriter().varint(2, 18))
                .toByteArray();
    }

    private static void refused(byte[] bytes, String message) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModel.parse(bytes, "f.onnx"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void theFindingsOfTheSafetensorsFuzzingHaveTheirOnnxCounterparts() {
        // A varint longer than 10 bytes, and one whose tenth byte overflows 64 bits.
        refused(new byte[] {8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1}, "varint overflows 64 bits");
        refused(new byte[] {8, -1, -1, -1, -1, -1, -1, -1, -1, -1, 2}, "varint overflows 64 bits");
        // A length far past the end (2^62), and one just past it.
        refused(new byte[] {0x3A, -128, -128, -128, -128, -128, -128, -128, -128, 64}, "claims 4611686018427387904 bytes");
        refused(new byte[] {0x3A, 5, 1, 2}, "claims 5 bytes but 2 remain");
        // Messages nested deeper than the cap (the ONNX fields read nest 6 deep; a reader descending further stops).
        ProtoWriter deep = new ProtoWriter().varint(1, 1);
        for (int i = 0; i < 40; i++) deep = new ProtoWriter().message(1, deep);
        ProtoReader r = new ProtoReader("f.onnx", deep.toByteArray());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> {
            ProtoReader at = r;
            while (at.next()) at = at.message();
        });
        assertTrue(e.getMessage().contains("nest deeper than " + ProtoReader.MAX_DEPTH), e.getMessage());
        // Element counts that overflow, or that the bytes present do not hold.
        ProtoWriter huge = new ProtoWriter().packed(1, 1L << 32, 1L << 32).varint(2, 1).string(8, "w");
        refused(model(new ProtoWriter().message(5, huge)), "more than 2147483639 elements");
        ProtoWriter short_ = new ProtoWriter().packed(1, 1000, 1000).varint(2, 1).string(8, "w").bytes(9, new byte[8]);
        refused(model(new ProtoWriter().message(5, short_)), "needs 4000000 bytes of raw data, has 8");
        ProtoWriter negative = new ProtoWriter().packed(1, -1, 4).varint(2, 1).string(8, "w");
        refused(model(new ProtoWriter().message(5, negative)), "negative dimension");
        // Two data fields for one tensor.
        ProtoWriter two = new ProtoWriter().packed(1, 1).varint(2, 1).string(8, "w").bytes(9, new byte[4])
                .fixed32(4, 1f);
        refused(model(new ProtoWriter().message(5, two)), "more than one data field");
        // Wire types 3 and 4 (groups), and bytes that are not a model.
        refused(new byte[] {0x0B}, "wire type 3");
        refused("not an onnx file".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "f.onnx: byte ");
        refused(new byte[0], "no ir_version");
    }
}
