package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkerPool#close()}: the helper threads end (found by name, checked by state), a call in flight completes
 * with every part run once, and closing twice, or from several threads at once, is harmless.
 */
class WorkerPoolCloseTest {
    /** The live helper threads of every pool in this JVM, by their name. */
    static Set<Thread> liveHelpers() {
        Set<Thread> helpers = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("simdnn-simd-")) helpers.add(t);
        }
        return helpers;
    }

    /** Creates a pool and returns it with the helper threads it started. */
    static Set<Thread> helpersStartedBy(Runnable create) {
        Set<Thread> before = liveHelpers();
        create.run();
        Set<Thread> started = liveHelpers();
        started.removeAll(before);
        return started;
    }

    static void assertEnded(Set<Thread> helpers) {
        for (Thread t : helpers) assertEquals(Thread.State.TERMINATED, t.getState(), t.getName());
        Set<Thread> live = liveHelpers();
        live.retainAll(helpers);
        assertTrue(live.isEmpty(), "still alive: " + live);
    }

    @Test
    void closeEndsSpinningHelpers() {
        WorkerPool[] pool = new WorkerPool[1];
        Set<Thread> helpers = helpersStartedBy(() -> pool[0] = new WorkerPool(4));
        assertEquals(3, helpers.size());
        pool[0].close();
        assertEnded(helpers);
        assertFalse(pool[0].tryAcquire());
    }

    @Test
    void closeEndsParkedHelpers() throws InterruptedException {
        WorkerPool[] pool = new WorkerPool[1];
        Set<Thread> helpers = helpersStartedBy(() -> pool[0] = new WorkerPool(3));
        assertEquals(2, helpers.size());
        // idle helpers park after spinning for SPIN_NANOS
        while (!helpers.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) Thread.sleep(1);
        pool[0].close();
        assertEnded(helpers);
    }

    @Test
    void closingTwiceOrFromSeveralThreadsAtOnceIsHarmless() throws InterruptedException {
        WorkerPool[] pool = new WorkerPool[1];
        Set<Thread> helpers = helpersStartedBy(() -> pool[0] = new WorkerPool(3));
        Thread[] closers = new Thread[3];
        for (int i = 0; i < closers.length; i++) closers[i] = new Thread(pool[0]::close);
        for (Thread c : closers) c.start();
        pool[0].close();
        for (Thread c : closers) c.join();
        assertEnded(helpers);
        pool[0].close();
        assertFalse(pool[0].tryAcquire());
    }

    /**
     * Part 0 of a call holds it until close() has begun on another thread, so close always meets a call in flight:
     * the call completes with every part run exactly once, then the helpers end.
     */
    @Test
    void aCallInFlightCompletesAndThenTheHelpersEnd() throws InterruptedException {
        WorkerPool[] holder = new WorkerPool[1];
        Set<Thread> helpers = helpersStartedBy(() -> holder[0] = new WorkerPool(3));
        WorkerPool pool = holder[0];
        int parts = 16;
        AtomicIntegerArray runs = new AtomicIntegerArray(parts);
        CountDownLatch inFlight = new CountDownLatch(1);
        WorkerPool.Job job = part -> {
            if (part == 0) {
                inFlight.countDown();
                while (!pool.closed()) Thread.onSpinWait();
            }
            runs.incrementAndGet(part);
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                assertTrue(pool.tryAcquire());
                pool.runAndRelease(parts, job);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        inFlight.await();
        pool.close(); // returns only after the call and the helpers have ended
        assertEquals(Thread.State.TERMINATED, waitFor(caller).getState());
        assertNull(failure.get());
        for (int p = 0; p < parts; p++) assertEquals(1, runs.get(p), "runs of part " + p);
        assertEnded(helpers);
        assertFalse(pool.tryAcquire());
    }

    private static Thread waitFor(Thread t) throws InterruptedException {
        t.join();
        return t;
    }
}
