package io.simdnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The helpers' bounded spin: {@code -Dsimdnn.simd.spinMicros} is read and checked, and a helper parks after it. */
class WorkerPoolSpinTest {
    @Test
    void spinMicrosDefaultsAndRefusesBadValues() {
        String old = System.getProperty(SimdConfig.SPIN_MICROS);
        try {
            System.clearProperty(SimdConfig.SPIN_MICROS);
            assertEquals(SimdConfig.DEFAULT_SPIN_MICROS * 1000, SimdConfig.spinNanos());
            System.setProperty(SimdConfig.SPIN_MICROS, " 350 ");
            assertEquals(350_000, SimdConfig.spinNanos());
            for (String bad : new String[] {"-1", "1.5", "2ms", "1000001"}) {
                System.setProperty(SimdConfig.SPIN_MICROS, bad);
                var e = assertThrows(IllegalArgumentException.class, SimdConfig::spinNanos);
                assertTrue(e.getMessage().contains("simdnn.simd.spinMicros=" + bad), e.getMessage());
            }
        } finally {
            if (old == null) System.clearProperty(SimdConfig.SPIN_MICROS);
            else System.setProperty(SimdConfig.SPIN_MICROS, old);
        }
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(2, -1));
    }

    /** With no spin a helper parks as soon as it is idle; the call still runs every part. */
    @Test
    @Timeout(60)
    void helperWithoutSpinParks() throws InterruptedException {
        WorkerPool pool = new WorkerPool(2, 0);
        AtomicInteger ran = new AtomicInteger();
        assertTrue(pool.tryAcquire());
        pool.runAndRelease(4, part -> ran.incrementAndGet());
        assertEquals(4, ran.get());
        while (pool.awake()) Thread.sleep(1);
        assertFalse(pool.awake());
    }

    /**
     * A helper whose spin has not run out does not park: 200 ms after a call it is still awake, with a spin of 1 s
     * (the default, 2 ms, would have parked it). The pool cannot be shut down, so the spin is kept short: the helper
     * parks for good 1 s after the call.
     */
    @Test
    void helperSpinsForItsWholeSpin() throws InterruptedException {
        WorkerPool pool = new WorkerPool(2, 1_000_000_000L);
        AtomicInteger ran = new AtomicInteger();
        assertTrue(pool.tryAcquire());
        pool.runAndRelease(2, part -> ran.incrementAndGet());
        Thread.sleep(200);
        assertTrue(pool.awake());
        assertEquals(2, ran.get());
    }
}
