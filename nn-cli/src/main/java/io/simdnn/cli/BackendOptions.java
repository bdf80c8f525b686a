package io.simdnn.cli;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import picocli.CommandLine.Option;

/** Which backend runs the kernels, and with how many threads. */
final class BackendOptions {

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "The compute backend: auto (the best available), simd or scalar (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per kernel for multi-threaded backends (default: available processors).")
    Integer threads;

    Backend create() {
        int t = threads != null ? threads : Backends.defaultThreads();
        if (t < 1) throw new UsageException("--threads " + t + " must be at least 1");
        try {
            return Backends.get(backend, t);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--backend: " + e.getMessage(), e);
        }
    }
}
