package io.simdnn.simd;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Helper threads for splitting one kernel call into parts, with a hand-off cheap enough for batch-64 shapes.
 *
 * <p>A ForkJoinPool wakes a parked worker in tens of microseconds. Here each helper, after finishing a job, keeps
 * spinning ({@link Thread#onSpinWait()}) on a volatile job counter for {@link #SPIN_NANOS}, so back-to-back calls (a
 * training step, a forward pass) are picked up in about 0.1 µs; only then does it park, so an idle engine burns no
 * core. The caller publishes the job, unparks helpers that have parked, works on parts itself, and waits for the rest.
 * Parts are claimed from a shared counter, so a late helper never delays the call: the caller simply takes more
 * parts. Which thread runs a part never changes what the part computes, so results do not depend on the thread count.
 * A call that finds the pool busy (another thread of the application is using it) runs all parts itself.
 */
final class WorkerPool {
    /** One call's work, split into numbered parts that may run in any order on any thread. */
    interface Job {
        void run(int part);
    }

    /** How long an idle helper keeps spinning before it parks. */
    static final long SPIN_NANOS = 200_000;

    private final Thread[] helpers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The generation (high 32 bits) and the next unclaimed part (low 32 bits): a claim is one CAS. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger donePart = new AtomicInteger();
    private volatile int generation;
    private volatile Job job;
    private volatile int parts;
    private volatile Throwable failure;
    private final AtomicIntegerArray parked;

    WorkerPool(int threads) {
        helpers = new Thread[threads - 1];
        parked = new AtomicIntegerArray(helpers.length);
        for (int i = 0; i < helpers.length; i++) {
            int id = i;
            Thread t = new Thread(() -> helperLoop(id), "simdnn-simd-" + (i + 1));
            t.setDaemon(true);
            helpers[i] = t;
            t.start();
        }
    }

    /** The number of threads that work on a call: the caller plus the helpers. */
    int threads() {
        return helpers.length + 1;
    }

    /**
     * Takes the pool for one call. False when it has no helpers or another thread is using it: the caller then runs
     * the parts itself. Callers keep one preallocated {@link Job} per pool, usable only while they hold it, so a
     * call allocates nothing.
     */
    boolean tryAcquire() {
        return helpers.length > 0 && busy.compareAndSet(false, true);
    }

    /**
     * Whether every helper is awake (spinning or working), so that a job handed over now starts within about
     * 0.1 µs. A parked helper takes microseconds to wake, and joins a short job late or not at all.
     */
    boolean awake() {
        for (int i = 0; i < helpers.length; i++) {
            if (parked.get(i) != 0) return false;
        }
        return true;
    }

    /** Unparks the parked helpers without giving them work: they spin, ready for the next call. */
    void wake() {
        for (int i = 0; i < helpers.length; i++) {
            if (parked.get(i) != 0) LockSupport.unpark(helpers[i]);
        }
    }

    /**
     * Runs parts 0 … parts − 1 of the job on the helpers and the calling thread, returns when all are done, and
     * releases the pool (which the caller must hold, from {@link #tryAcquire()}).
     */
    void runAndRelease(int parts, Job job) {
        try {
            int g = generation + 1;
            this.job = job;
            this.parts = parts;
            failure = null;
            donePart.set(0);
            claim.set((long) g << 32);
            generation = g; // publishes the fields above
            for (int i = 0; i < helpers.length; i++) {
                if (parked.get(i) != 0) LockSupport.unpark(helpers[i]);
            }
            work(g, job, parts);
            while (donePart.get() < parts) Thread.onSpinWait();
            this.job = null;
            Throwable f = failure;
            if (f != null) {
                if (f instanceof RuntimeException r) throw r;
                if (f instanceof Error e) throw e;
                throw new IllegalStateException(f);
            }
        } finally {
            busy.set(false);
        }
    }

    /**
     * Claims and runs parts of generation g until none is left. A helper that woke up late and still holds an
     * earlier generation's job fails its first claim, because the claim word carries the generation.
     */
    private void work(int g, Job job, int parts) {
        while (true) {
            long c = claim.get();
            int p = (int) c;
            if ((int) (c >>> 32) != g || p >= parts) return;
            if (!claim.compareAndSet(c, c + 1)) continue;
            try {
                job.run(p);
            } catch (Throwable t) {
                failure = t;
            }
            donePart.incrementAndGet();
        }
    }

    private void helperLoop(int id) {
        int seen = generation;
        while (true) {
            long spinStart = System.nanoTime();
            int g;
            while ((g = generation) == seen) {
                if (System.nanoTime() - spinStart > SPIN_NANOS) {
                    parked.set(id, 1);
                    // re-check after announcing: a job published before the flag was visible is not missed
                    if (generation == seen) LockSupport.park(this);
                    parked.set(id, 0);
                    spinStart = System.nanoTime();
                } else {
                    Thread.onSpinWait();
                }
            }
            seen = g;
            Job j = job;
            int n = parts;
            if (j != null) work(g, j, n);
        }
    }
}
