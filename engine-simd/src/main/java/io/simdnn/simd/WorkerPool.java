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
 * spinning ({@link Thread#onSpinWait()}) on the claim word for a bounded time ({@link SimdConfig#spinNanos()}, 2 ms
 * by default), so back-to-back calls (a training step, a forward pass) and requests a millisecond apart are picked up
 * in about 0.1 µs; only then does it park, so an idle engine burns no core. Which thread runs a part never changes
 * what the part computes, so results do not depend on the thread count. A call that finds the pool busy (another
 * thread of the application is using it) runs all parts itself.
 *
 * <p>The protocol (docs/architecture.md, "The worker pool"): one 64-bit claim word holds the call's generation, its
 * part count and the next unclaimed part, so a part is claimed by one CAS that fails once the call is over or another
 * has begun; a thread reads the job only after it has claimed a part of it; the caller returns only after every
 * claimed part has reported done, and clears the job and frees the pool only then. So no part runs twice, none runs
 * after its call returned, and none sees another call's job.
 *
 * <p>{@link #close()} takes the pool for good (after the call in flight, if any, has released it) and publishes an
 * empty generation: each helper wakes, sees the pool closed and ends. A helper that sees a generation after the pool
 * was closed ends instead of working on it, which only leaves that call's parts to its caller.
 */
final class WorkerPool {
    /** One call's work, split into numbered parts that may run in any order on any thread. */
    interface Job {
        void run(int part);

        /**
         * Drops the references to the caller's arrays. The pool calls it after the last part has finished and before
         * another caller can take the pool (and set the job again).
         */
        default void clear() {}
    }

    /** Bits of the claim word for the part count and for the next part; the generation has the 40 bits above. */
    private static final int PART_BITS = 12, GEN_SHIFT = 2 * PART_BITS, PART_MASK = (1 << PART_BITS) - 1;
    private static final long GEN_MASK = -1L >>> GEN_SHIFT;
    /** At most this many parts per call, and threads per pool. */
    static final int MAX_PARTS = PART_MASK;

    private final Thread[] helpers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** Set once, by the first {@link #close()}: no call takes the pool any more, and the helpers end. */
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Generation (bits 24–63: 2^40 calls before it wraps), part count (12–23) and next unclaimed part (0–11). Only
     * the caller holding the pool writes a new generation; the others only move the next part forward by CAS.
     */
    private final AtomicLong claim = new AtomicLong();
    /** Parts of the current generation that have finished. */
    private final AtomicInteger done = new AtomicInteger();
    /**
     * The current generation's job. Written before the claim word publishes the generation and read only after
     * claiming a part of it, which keeps the generation from ending until that part is done: the read always sees
     * this generation's job.
     */
    private Job job;
    private volatile Throwable failure;
    private final AtomicIntegerArray parked;
    /** How long an idle helper keeps spinning before it parks. */
    private final long spinNanos;

    WorkerPool(int threads) {
        this(threads, SimdConfig.spinNanos());
    }

    WorkerPool(int threads, long spinNanos) {
        if (threads < 1 || threads > MAX_PARTS) {
            throw new IllegalArgumentException("threads = " + threads + " must be in [1, " + MAX_PARTS + "]");
        }
        if (spinNanos < 0) throw new IllegalArgumentException("spinNanos = " + spinNanos + " must be at least 0");
        this.spinNanos = spinNanos;
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
     * the parts itself. Callers keep one preallocated {@link Job} per pool and set it only while they hold the pool,
     * so a call allocates nothing.
     */
    boolean tryAcquire() {
        return helpers.length > 0 && !closed.get() && busy.compareAndSet(false, true);
    }

    /**
     * Ends the helper threads and waits until they have ended; idempotent, and safe to call from several threads.
     * A call in flight on another thread completes normally first (this waits for it); every later call runs on its
     * caller's thread, since {@link #tryAcquire()} is false from now on. Must not be called from inside a job (the
     * call in flight would then be the caller's own, and never end).
     */
    void close() {
        if (closed.compareAndSet(false, true) && helpers.length > 0) {
            // no new call takes the pool now; take it for good once the call in flight, if any, has released it
            while (!busy.compareAndSet(false, true)) Thread.onSpinWait();
            // an empty generation, which wakes every helper: each sees the pool closed and ends
            claim.set((((claim.get() >>> GEN_SHIFT) + 1) & GEN_MASK) << GEN_SHIFT);
            for (Thread helper : helpers) LockSupport.unpark(helper);
        }
        boolean interrupted = false;
        for (Thread helper : helpers) {
            while (true) {
                try {
                    helper.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers end within microseconds: wait, and keep the interrupt
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Whether {@link #close()} has been called. */
    boolean closed() {
        return closed.get();
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
     * Runs parts 0 … parts − 1 of the job on the helpers and the calling thread, returns when all are done, then
     * {@linkplain Job#clear() clears} the job and releases the pool (which the caller must hold, from
     * {@link #tryAcquire()}).
     */
    void runAndRelease(int parts, Job job) {
        try {
            if (parts < 1 || parts > MAX_PARTS) {
                throw new IllegalArgumentException("parts = " + parts + " must be in [1, " + MAX_PARTS + "]");
            }
            long gen = ((claim.get() >>> GEN_SHIFT) + 1) & GEN_MASK; // wraps to 0 after 2^40 - 1
            this.job = job;
            failure = null;
            done.set(0);
            claim.set(gen << GEN_SHIFT | (long) parts << PART_BITS); // publishes the fields above
            for (int i = 0; i < helpers.length; i++) {
                if (parked.get(i) != 0) LockSupport.unpark(helpers[i]);
            }
            work(gen);
            // every part has been claimed; wait for the ones still running on helpers
            while (done.get() < parts) Thread.onSpinWait();
            Throwable f = failure;
            if (f != null) {
                if (f instanceof RuntimeException r) throw r;
                if (f instanceof Error e) throw e;
                throw new IllegalStateException(f);
            }
        } finally {
            // no part is running now and none can start: the next caller may set the job
            job.clear();
            busy.set(false);
        }
    }

    /**
     * Claims and runs parts of generation gen until none is left. A helper that woke up late, after gen ended, fails
     * its first claim: the claim word carries the generation, and the part count with it.
     */
    private void work(long gen) {
        while (true) {
            long c = claim.get();
            int next = (int) c & PART_MASK;
            if (c >>> GEN_SHIFT != gen || next >= ((int) (c >>> PART_BITS) & PART_MASK)) return;
            if (!claim.compareAndSet(c, c + 1)) continue;
            try {
                job.run(next);
            } catch (Throwable t) {
                failure = t;
            }
            done.incrementAndGet();
        }
    }

    private void helperLoop(int id) {
        long seen = claim.get() >>> GEN_SHIFT;
        // closed before this thread first read the claim word: close's generation may be the one just read
        if (closed.get()) return;
        while (true) {
            long spinStart = System.nanoTime();
            long gen;
            while ((gen = claim.get() >>> GEN_SHIFT) == seen) {
                if (System.nanoTime() - spinStart >= spinNanos) {
                    parked.set(id, 1);
                    // re-check after announcing: a job published before the flag was visible is not missed
                    if (claim.get() >>> GEN_SHIFT == seen) LockSupport.park(this);
                    parked.set(id, 0);
                    spinStart = System.nanoTime();
                } else {
                    Thread.onSpinWait();
                }
            }
            seen = gen;
            if (closed.get()) return;
            work(gen);
        }
    }
}
