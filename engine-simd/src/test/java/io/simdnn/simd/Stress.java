package io.simdnn.simd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs caller threads back to back for a bounded time. The time per configuration is
 * {@code -Dsimdnn.stress.millis} (default 1000 ms in CI; the long run in docs/architecture.md sets it higher), the caller threads
 * {@code -Dsimdnn.stress.callers} (default: the cores + 2, at least 4).
 */
final class Stress {
    static final long MILLIS = Long.getLong("simdnn.stress.millis", 1000);

    private Stress() {}

    /** The caller threads used in the tests: more than this machine's cores, so callers are preempted mid-call. */
    static int callers() {
        return Integer.getInteger("simdnn.stress.callers", Math.max(4, Runtime.getRuntime().availableProcessors() + 2));
    }

    interface Caller {
        /** One call; returns normally or throws on a wrong result. */
        void call(int caller, long round) throws Exception;
    }

    /**
     * Runs {@code callers} threads, each calling {@code body} until the time is up and it has made at least
     * {@code minCalls} calls (so a slow start before the JIT has compiled the kernels still tests something); returns
     * the total calls.
     */
    static long run(int callers, long millis, long minCalls, Caller body) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long[] calls = new long[callers];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    long r = 0;
                    while (failure.get() == null && (r < minCalls || System.nanoTime() < deadline)) body.call(id, r++);
                    calls[id] = r;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "stress-caller-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join();
        Throwable f = failure.get();
        if (f != null) throw new AssertionError("a caller failed: " + f, f);
        long total = 0;
        for (long c : calls) total += c;
        return total;
    }
}
