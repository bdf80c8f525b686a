package io.simdnn.spark;

import org.apache.spark.TaskContext;

/**
 * Test-only hook: makes the first attempt of one task fail (partition {@link #partition} at global step
 * {@link #step}), so a test can prove that Spark's task retry leaves the result unchanged. Off unless set, and only
 * visible to executors in the driver's JVM (local mode).
 */
final class FaultInjection {
    static volatile long step = -1;
    static volatile int partition = -1;
    static final java.util.concurrent.atomic.AtomicInteger injected = new java.util.concurrent.atomic.AtomicInteger();

    private FaultInjection() {}

    static void check(long currentStep, int currentPartition) {
        if (currentStep != step || currentPartition != partition) return;
        TaskContext task = TaskContext.get();
        if (task != null && task.attemptNumber() == 0) {
            injected.incrementAndGet();
            throw new IllegalStateException("injected failure of partition " + currentPartition + " at step "
                    + currentStep + ", attempt 0");
        }
    }
}
