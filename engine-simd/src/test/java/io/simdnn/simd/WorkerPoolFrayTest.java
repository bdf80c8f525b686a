package io.simdnn.simd;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.ConcurrencyTest;

/**
 * The real {@link WorkerPool} under Fray's controlled scheduler: every thread switch is chosen by the scheduler (a new
 * random schedule per iteration), so interleavings of the claim word, the done counter, the job field and the busy
 * flag are explored rather than left to the machine. Two helpers and two callers share one pool and one job, with part
 * counts alternating between 2 and 3 (a late helper of a 2-part call must not claim in the next 3-part one); then
 * {@link WorkerPool#close()} ends the helpers (an iteration ends only when every thread has), possibly while the other
 * caller's last call is still in flight, whose parts must still each run once. Runs only in the {@code fray} Surefire
 * execution, on the JDK instrumented by Fray's Maven plugin.
 */
@ExtendWith(FrayTestExtension.class)
class WorkerPoolFrayTest {
    /** Counts the runs of each part of the current call; {@code runs} is null while no call holds the pool. */
    static final class CountingJob implements WorkerPool.Job {
        volatile AtomicIntegerArray runs;
        volatile boolean stray;

        @Override
        public void clear() {
            runs = null;
        }

        @Override
        public void run(int part) {
            AtomicIntegerArray r = runs;
            if (r == null) {
                stray = true; // a part ran outside any call
                return;
            }
            r.incrementAndGet(part);
            if (runs != r) stray = true; // the call ended, or another began, while this part ran
        }
    }

    @ConcurrencyTest(iterations = 1000)
    void everyPartRunsExactlyOnce() throws InterruptedException {
        WorkerPool pool = new WorkerPool(3);
        CountingJob job = new CountingJob();
        Thread other = new Thread(() -> calls(pool, job, 3));
        other.start();
        calls(pool, job, 2);
        // while the other caller may still be in a call; it also ends the helpers, so that the iteration can end
        pool.close();
        if (pool.tryAcquire()) throw new AssertionError("a closed pool was acquired");
        other.join();
        if (job.stray) throw new AssertionError("a part ran outside its call");
    }

    /** Two calls through the pool, the first with firstParts parts and the second with the other count. */
    private static void calls(WorkerPool pool, CountingJob job, int firstParts) {
        for (int call = 0, parts = firstParts; call < 2; call++, parts = 5 - parts) {
            if (!pool.tryAcquire()) continue; // the backend would run the parts itself: nothing shared to test
            AtomicIntegerArray runs = new AtomicIntegerArray(parts);
            job.runs = runs;
            pool.runAndRelease(parts, job);
            for (int p = 0; p < parts; p++) {
                if (runs.get(p) != 1) {
                    throw new AssertionError("part " + p + " of " + parts + " ran " + runs.get(p) + " times");
                }
            }
        }
    }
}
