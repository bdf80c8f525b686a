package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many caller threads share one pool and its one job object (as {@link SimdBackend} does), with part counts that change
 * from call to call: every part of every call must run exactly once, and no part may run after its call returned.
 */
class WorkerPoolStressTest {
    /** Counts the runs of each part of the current call; {@code runs} is null while no call holds the pool. */
    static final class CountingJob implements WorkerPool.Job {
        AtomicIntegerArray runs;
        final AtomicLong strayRuns = new AtomicLong();

        void start(int parts) {
            runs = new AtomicIntegerArray(parts);
        }

        @Override
        public void clear() {
            runs = null;
        }

        @Override
        public void run(int part) {
            AtomicIntegerArray r = runs;
            if (r == null) {
                strayRuns.incrementAndGet(); // a part ran outside any call
                return;
            }
            r.incrementAndGet(part);
            long x = part;
            for (int i = 0; i < 50; i++) x = x * 6364136223846793005L + 1442695040888963407L; // 50 units of work
            if (x == 42 || runs != r) strayRuns.incrementAndGet(); // the call ended while this part ran
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3, 4, 8})
    void everyPartRunsExactlyOnce(int threads) throws Exception {
        WorkerPool pool = new WorkerPool(threads);
        CountingJob job = new CountingJob();
        AtomicLong pooled = new AtomicLong();
        long calls = Stress.run(Stress.callers(), Stress.MILLIS, 0, (caller, round) -> {
            if (!pool.tryAcquire()) {
                Thread.onSpinWait();
                return;
            }
            // alternate small and large part counts: a helper holding the last call must not claim in this one
            int parts = (round & 1) == 0 ? 2 : threads;
            job.start(parts);
            AtomicIntegerArray runs = job.runs;
            pool.runAndRelease(parts, job);
            for (int p = 0; p < parts; p++) {
                if (runs.get(p) != 1) {
                    throw new AssertionError("call " + round + " of caller " + caller + ": part " + p + " of "
                            + parts + " ran " + runs.get(p) + " times");
                }
            }
            pooled.incrementAndGet();
        });
        System.out.printf("WorkerPoolStressTest %d threads, %d callers: %d calls, %d through the pool in %d ms%n",
                threads, Stress.callers(), calls, pooled.get(), Stress.MILLIS);
        assertEquals(0, job.strayRuns.get(), "parts run outside their call");
        assertTrue(pooled.get() > 100, "only " + pooled.get() + " calls went through the pool");
    }
}
