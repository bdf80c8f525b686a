package io.simdnn.model.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Supplier;

/**
 * The checks every fuzz target of a file loader shares: the input is written to a scratch file and loaded, and any
 * outcome but a result or the loader's documented exception (with a message) is a finding, as is a load that takes
 * longer than {@link #HANG_NANOS} or allocates more than {@link #allocationBudget} allows for the file's size.
 * A target then checks what it loaded (see docs/model-format.md, "Fuzzing").
 */
public final class LoaderFuzzing {
    /** A load slower than this is a finding (a hang or a quadratic path on a small input). */
    public static final long HANG_NANOS = 1_000_000_000L;

    private static final Path SCRATCH = scratchFile();

    private LoaderFuzzing() {}

    /** A loader of one file. */
    public interface Loader<T> {
        T load(Path file) throws Exception;
    }

    /**
     * Bytes a load of a {@code fileBytes}-byte file may allocate: a fixed allowance for the parser's working state
     * plus a multiple of the size (the decoded header, its JSON tree, floats decoded from 16-bit values).
     */
    public static long allocationBudget(long fileBytes) {
        return (4L << 20) + 64 * fileBytes;
    }

    /**
     * Loads {@code input} as a file with {@code loader} and checks the outcome.
     *
     * @return what the loader returned, or null when it rejected the file with a {@code documented} exception
     * @throws AssertionError for any other exception, a hang or an allocation beyond the budget
     */
    public static <T> T load(byte[] input, Class<? extends Exception> documented, Loader<T> loader) {
        try {
            Files.write(SCRATCH, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return measured(input.length, () -> {
            try {
                return loader.load(SCRATCH);
            } catch (Exception e) {
                if (!documented.isInstance(e)) {
                    throw new AssertionError("undocumented " + e.getClass().getName() + " for a " + input.length
                            + "-byte file", e);
                }
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    throw new AssertionError(e.getClass().getName() + " without a message", e);
                }
                return null;
            }
        });
    }

    /**
     * Runs {@code step} for an input of {@code fileBytes} bytes and fails when it takes longer than a hang or
     * allocates beyond the budget. The first run of a code path links call sites and loads classes, which takes time
     * and allocates once: a step over the limits is run again, and only a second run over them is a finding.
     */
    public static <T> T measured(long fileBytes, Supplier<T> step) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        for (int attempt = 1; ; attempt++) {
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            T result = step.get();
            long nanos = System.nanoTime() - start;
            long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
            if (nanos <= HANG_NANOS && allocated <= allocationBudget(fileBytes)) return result;
            if (attempt == 2) {
                throw new AssertionError(nanos > HANG_NANOS
                        ? "a " + fileBytes + "-byte input took " + nanos / 1_000_000 + " ms"
                        : "a " + fileBytes + "-byte input allocated " + allocated + " bytes, more than the budget of "
                                + allocationBudget(fileBytes));
            }
        }
    }

    /** A scratch file on a memory file system when there is one: fuzzing writes it millions of times. */
    private static Path scratchFile() {
        try {
            Path shm = Paths.get("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Paths.get(System.getProperty("java.io.tmpdir"));
            Path file = Files.createTempFile(dir, "fuzz-input-", ".bin");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
