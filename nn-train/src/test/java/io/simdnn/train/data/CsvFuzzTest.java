package io.simdnn.train.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The fuzz target of the CSV reader (the pattern of nn-model's ModelFileFuzzTest; see docs/model-format.md,
 * "Fuzzing"): byte 0 of the input picks the options, the rest is the file. A finding is any exception but
 * {@link DataFormatException} (with a message), a read slower than 1 s, an allocation beyond what the file's size
 * and the table it describes justify, or a data set that breaks its own invariants (non-finite values, a label
 * outside its class count). Inputs: {@code src/test/resources/io/simdnn/train/data/CsvFuzzTestInputs/csv/}.
 */
class CsvFuzzTest {
    private static final char[] DELIMITERS = {',', ';', '\t', ' '};
    private static final String[] LABEL_COLUMNS = {null, "0", "1", "label"};
    private static final Path SCRATCH = scratchFile();

    static {
        // Class loading happens here, outside the time and allocation measured per input.
        new CsvFuzzTest().csv("\u0001x,label\n1,0\n2,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        new CsvFuzzTest().csv(new byte[] {0x10, '1', ',', 'a', '\n'});
    }

    @FuzzTest
    void csv(byte[] input) {
        if (input.length == 0) return;
        int options = input[0] & 0xff;
        try {
            Files.write(SCRATCH, Arrays.copyOfRange(input, 1, input.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long size = input.length - 1L;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        // The first run of a code path links call sites and loads classes: only a second run over the limits counts.
        for (int attempt = 1; ; attempt++) {
            long before = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            long justified = read(options);
            long nanos = System.nanoTime() - start;
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            long budget = (4L << 20) + 64 * size + justified;
            if (nanos <= 1_000_000_000L && allocated <= budget) return;
            if (attempt == 2) {
                throw new AssertionError("a " + size + "-byte file took " + nanos / 1_000_000 + " ms and allocated "
                        + allocated + " bytes (budget " + budget + ")");
            }
        }
    }

    /** Reads the scratch file; returns the bytes of the one-hot targets the file asks for (rows × classes floats). */
    private static long read(int options) {
        boolean header = (options & 1) != 0;
        char delimiter = DELIMITERS[(options >> 2) & 3];
        try {
            if ((options & 0x10) != 0) {
                checkFinite(Csv.readTable(SCRATCH, header, delimiter).values());
                return 0;
            }
            CsvOptions o = new CsvOptions(header, LABEL_COLUMNS[(options >> 5) & 3], (options & 2) != 0, delimiter);
            Dataset d = Csv.read(SCRATCH, o);
            checkFinite(d.features());
            checkFinite(d.targets());
            if (d.rows() < 1 || d.featureCount() < 1) throw new AssertionError("read an empty data set: " + d);
            if (d.isClassification()) {
                for (int label : d.labels()) {
                    if (label < 0 || label >= d.classCount()) throw new AssertionError("label " + label + " of " + d);
                }
                return 2L * Float.BYTES * d.rows() * d.classCount(); // the targets and their copy in the factory
            }
            return 0;
        } catch (DataFormatException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("no message", e);
            return 0;
        } catch (IOException e) {
            throw new AssertionError("undocumented " + e, e);
        }
    }

    private static void checkFinite(float[] values) {
        for (float v : values) if (!Float.isFinite(v)) throw new AssertionError("non-finite value " + v);
    }

    private static Path scratchFile() {
        try {
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
            Path file = Files.createTempFile(dir, "fuzz-input-", ".csv");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
