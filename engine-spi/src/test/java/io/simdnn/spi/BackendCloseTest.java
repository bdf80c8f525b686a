package io.simdnn.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The facade passes close() on to its kernels, except for the shared default instance, whose close does nothing. */
class BackendCloseTest {
    /** Kernels that count their close() calls; no kernel is called. */
    private static BackendKernels counting(int[] closes) {
        return (BackendKernels) java.lang.reflect.Proxy.newProxyInstance(BackendKernels.class.getClassLoader(),
                new Class<?>[] {BackendKernels.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closes[0]++;
                        return null;
                    }
                    throw new AssertionError("unexpected call " + method.getName());
                });
    }

    @Test
    void closePassesOnToTheKernels() {
        int[] closes = {0};
        new Backend(counting(closes)).close();
        assertEquals(1, closes[0]);
    }

    @Test
    void theSharedInstanceIgnoresClose() {
        int[] closes = {0};
        Backend owned = new Backend(counting(closes));
        Backend shared = owned.asShared();
        shared.close();
        shared.close();
        assertEquals(0, closes[0]);
        owned.close(); // the same kernels, closed through an instance that owns them
        assertEquals(1, closes[0]);
    }
}
