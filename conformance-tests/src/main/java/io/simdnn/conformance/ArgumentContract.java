package io.simdnn.conformance;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import net.jqwik.api.Example;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments to every public kernel give the promised exception, whose message names the argument and the
 * numbers: {@link IllegalArgumentException} for negative sizes, too-small leading dimensions, overlapping outputs
 * and out-of-range optimiser parameters; {@link IndexOutOfBoundsException} for short arrays and negative offsets;
 * {@link NullPointerException} for null arrays.
 */
public interface ArgumentContract extends Contract {

    Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    Class<IndexOutOfBoundsException> IOOBE = IndexOutOfBoundsException.class;
    Class<NullPointerException> NPE = NullPointerException.class;

    /** The call throws {@code type} with a message containing every fragment. */
    static void rejects(Class<? extends RuntimeException> type, Executable call, String... fragments) {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(type, call);
        String message = String.valueOf(e.getMessage());
        for (String f : fragments) {
            if (!message.contains(f)) {
                throw new AssertionError("the message '" + message + "' of " + type.getSimpleName()
                        + " does not mention '" + f + "'");
            }
        }
    }

    private static float[] f(int n) {
        return new float[n];
    }

    @Example
    default void gemmRejectsBadArguments() {
        Backend b = backend();
        rejects(IAE, () -> b.gemm(false, false, -1, 2, 2, 1f, f(4), 0, 2, f(4), 0, 2, 0f, f(4), 0, 2), "m", "-1");
        rejects(IAE, () -> b.gemm(false, false, 2, -3, 2, 1f, f(4), 0, 2, f(4), 0, 2, 0f, f(4), 0, 2), "n", "-3");
        rejects(IAE, () -> b.gemm(false, false, 2, 2, -2, 1f, f(4), 0, 2, f(4), 0, 2, 0f, f(4), 0, 2), "k", "-2");
        rejects(IAE, () -> b.gemm(false, false, 2, 2, 3, 1f, f(9), 0, 2, f(9), 0, 2, 0f, f(4), 0, 2), "lda", "2", "3");
        rejects(IAE, () -> b.gemm(true, false, 3, 2, 2, 1f, f(9), 0, 2, f(9), 0, 2, 0f, f(9), 0, 2), "lda", "2", "3");
        rejects(IAE, () -> b.gemm(false, false, 2, 3, 2, 1f, f(9), 0, 2, f(9), 0, 2, 0f, f(9), 0, 3), "ldb", "2", "3");
        rejects(IAE, () -> b.gemm(false, true, 2, 2, 3, 1f, f(9), 0, 3, f(9), 0, 2, 0f, f(9), 0, 2), "ldb", "2", "3");
        rejects(IAE, () -> b.gemm(false, false, 2, 3, 2, 1f, f(9), 0, 2, f(9), 0, 3, 0f, f(9), 0, 2), "ldc", "2", "3");
        rejects(IOOBE, () -> b.gemm(false, false, 2, 2, 2, 1f, f(3), 0, 2, f(4), 0, 2, 0f, f(4), 0, 2), "a", "3");
        rejects(IOOBE, () -> b.gemm(false, false, 2, 2, 2, 1f, f(4), 0, 2, f(4), 1, 2, 0f, f(4), 0, 2), "b", "offset 1", "4");
        rejects(IOOBE, () -> b.gemm(false, false, 2, 2, 2, 1f, f(4), 0, 2, f(4), 0, 2, 0f, f(4), 0, 3), "c", "ends at index 4", "length 4");
        rejects(IOOBE, () -> b.gemm(false, false, 2, 2, 2, 1f, f(4), -1, 2, f(4), 0, 2, 0f, f(4), 0, 2), "a", "-1");
        rejects(NPE, () -> b.gemm(false, false, 2, 2, 2, 1f, null, 0, 2, f(4), 0, 2, 0f, f(4), 0, 2), "a");
        rejects(NPE, () -> b.gemm(false, false, 2, 2, 2, 1f, f(4), 0, 2, f(4), 0, 2, 0f, null, 0, 2), "c");
        float[] shared = f(12);
        rejects(IAE, () -> b.gemm(false, false, 2, 2, 2, 1f, shared, 0, 2, f(4), 0, 2, 0f, shared, 2, 2), "c", "a", "overlaps");
        rejects(IAE, () -> b.gemm(false, false, 2, 2, 2, 1f, f(4), 0, 2, shared, 4, 2, 0f, shared, 6, 2), "c", "b", "overlaps");
    }

    @Example
    default void denseForwardAndBiasRejectBadArguments() {
        Backend b = backend();
        Activation r = Activation.RELU;
        rejects(NPE, () -> b.denseForward(2, 2, 2, f(4), 0, 2, f(4), 0, 2, f(2), 0, null, 0f, f(4), 0, 2), "f");
        rejects(IAE, () -> b.denseForward(-2, 2, 2, f(4), 0, 2, f(4), 0, 2, f(2), 0, r, 0f, f(4), 0, 2), "m", "-2");
        rejects(IAE, () -> b.denseForward(2, 2, 3, f(9), 0, 2, f(9), 0, 3, f(2), 0, r, 0f, f(4), 0, 2), "lda", "2", "3");
        rejects(IAE, () -> b.denseForward(2, 2, 3, f(9), 0, 3, f(9), 0, 1, f(2), 0, r, 0f, f(4), 0, 2), "ldw", "1", "3");
        rejects(IOOBE, () -> b.denseForward(2, 2, 2, f(4), 0, 2, f(4), 0, 2, f(1), 0, r, 0f, f(4), 0, 2), "bias", "1");
        rejects(IOOBE, () -> b.denseForward(2, 2, 2, f(4), 0, 2, f(3), 0, 2, f(2), 0, r, 0f, f(4), 0, 2), "w", "3");
        float[] shared = f(8);
        rejects(IAE, () -> b.denseForward(2, 2, 2, shared, 0, 2, f(4), 0, 2, null, 0, r, 0f, shared, 3, 2), "c", "a", "overlaps");
        rejects(IAE, () -> b.addBias(2, -1, f(2), 0, f(4), 0, 2), "n", "-1");
        rejects(IAE, () -> b.addBias(2, 3, f(3), 0, f(9), 0, 2), "ldc", "2", "3");
        rejects(IOOBE, () -> b.addBias(2, 2, f(2), 1, f(4), 0, 2), "bias", "offset 1");
        rejects(NPE, () -> b.addBias(2, 2, null, 0, f(4), 0, 2), "bias");
        rejects(IAE, () -> b.addBias(2, 2, shared, 0, shared, 1, 2), "c", "bias", "overlaps");
        rejects(IAE, () -> b.columnSums(-1, 2, f(4), 0, 2, 0f, f(2), 0), "m", "-1");
        rejects(IAE, () -> b.columnSums(2, 3, f(9), 0, 1, 0f, f(3), 0), "lda", "1", "3");
        rejects(IOOBE, () -> b.columnSums(2, 2, f(4), 0, 2, 0f, f(1), 0), "out", "1");
        rejects(IAE, () -> b.columnSums(2, 2, shared, 0, 2, 0f, shared, 2), "out", "a", "overlaps");
    }

    @Example
    default void activationsRejectBadArguments() {
        Backend b = backend();
        Activation s = Activation.SIGMOID;
        rejects(NPE, () -> b.activate(null, 0f, 2, f(2), 0, f(2), 0), "f");
        rejects(IAE, () -> b.activate(s, 0f, -4, f(2), 0, f(2), 0), "n", "-4");
        rejects(IOOBE, () -> b.activate(s, 0f, 3, f(2), 0, f(3), 0), "z", "3", "2");
        rejects(IOOBE, () -> b.activate(s, 0f, 2, f(2), 0, f(3), 2), "a", "offset 2");
        rejects(IOOBE, () -> b.activate(s, 0f, 2, f(2), -1, f(3), 0), "z", "-1");
        rejects(NPE, () -> b.activate(s, 0f, 2, f(2), 0, null, 0), "a");
        float[] shared = f(6);
        rejects(IAE, () -> b.activate(s, 0f, 3, shared, 0, shared, 1), "a", "z", "overlaps");
        rejects(NPE, () -> b.activateBackward(null, 0f, 2, f(2), 0, f(2), 0, f(2), 0, f(2), 0), "f");
        rejects(IAE, () -> b.activateBackward(s, 0f, -1, f(2), 0, f(2), 0, f(2), 0, f(2), 0), "n", "-1");
        rejects(IOOBE, () -> b.activateBackward(s, 0f, 2, f(2), 0, f(1), 0, f(2), 0, f(2), 0), "a", "1");
        rejects(IOOBE, () -> b.activateBackward(s, 0f, 2, f(2), 0, f(2), 0, f(1), 0, f(2), 0), "da", "1");
        rejects(IOOBE, () -> b.activateBackward(s, 0f, 2, f(2), 0, f(2), 0, f(2), 0, f(1), 0), "dz", "1");
        rejects(IAE, () -> b.activateBackward(s, 0f, 3, shared, 0, f(3), 0, f(3), 0, shared, 2), "dz", "z", "overlaps");
        rejects(IAE, () -> b.activateBackward(s, 0f, 3, f(3), 0, f(3), 0, shared, 3, shared, 1), "dz", "da", "overlaps");
    }

    @Example
    default void parametricActivationsRejectBadArguments() {
        Backend b = backend();
        rejects(IAE, () -> b.prelu(-1, 2, f(4), 0, f(2), 0, f(4), 0), "m", "-1");
        rejects(IOOBE, () -> b.prelu(2, 2, f(4), 0, f(1), 0, f(4), 0), "gamma", "1");
        rejects(IOOBE, () -> b.prelu(2, 2, f(3), 0, f(2), 0, f(4), 0), "z", "3");
        rejects(NPE, () -> b.prelu(2, 2, f(4), 0, null, 0, f(4), 0), "gamma");
        float[] shared = f(8);
        rejects(IAE, () -> b.prelu(2, 2, f(4), 0, shared, 0, shared, 1), "a", "gamma", "overlaps");
        rejects(IOOBE, () -> b.preluBackward(2, 2, f(4), 0, f(2), 0, f(4), 0, f(4), 0, f(1), 0), "dGamma", "1");
        rejects(IAE, () -> b.preluBackward(2, -2, f(4), 0, f(2), 0, f(4), 0, f(4), 0, f(2), 0), "n", "-2");
        rejects(IAE, () -> b.preluBackward(2, 2, f(4), 0, f(2), 0, f(4), 0, shared, 0, shared, 3), "dz", "dGamma", "overlaps");
        rejects(IAE, () -> b.swish(2, -3, f(4), 0, f(2), 0, f(4), 0), "n", "-3");
        rejects(IOOBE, () -> b.swish(2, 2, f(4), 0, f(2), 1, f(4), 0), "beta", "offset 1");
        rejects(NPE, () -> b.swish(2, 2, null, 0, f(2), 0, f(4), 0), "z");
        rejects(IOOBE, () -> b.swishBackward(2, 2, f(4), 0, f(2), 0, f(4), 0, f(4), 0, f(1), 0), "dBeta", "1");
        rejects(IAE, () -> b.swishBackward(2, 2, f(4), 0, shared, 4, f(4), 0, f(4), 0, shared, 5), "dBeta", "beta", "overlaps");
        rejects(IAE, () -> b.maxout(2, 2, 0, f(4), 0, f(4), 0, new int[4], 0), "pieces", "0");
        rejects(IAE, () -> b.maxout(2, 2, -1, f(4), 0, f(4), 0, new int[4], 0), "pieces", "-1");
        rejects(IOOBE, () -> b.maxout(2, 2, 2, f(7), 0, f(4), 0, new int[4], 0), "z", "7");
        rejects(IOOBE, () -> b.maxout(2, 2, 2, f(8), 0, f(4), 0, new int[3], 0), "argmax", "3");
        rejects(NPE, () -> b.maxout(2, 2, 2, f(8), 0, f(4), 0, null, 0), "argmax");
        rejects(IAE, () -> b.maxoutBackward(1, 2, 2, f(2), 0, new int[] {0, 2}, 0, f(4), 0), "argmax[1]", "2");
        rejects(IAE, () -> b.maxoutBackward(1, 2, 2, f(2), 0, new int[] {-1, 0}, 0, f(4), 0), "argmax[0]", "-1");
        rejects(IOOBE, () -> b.maxoutBackward(1, 2, 2, f(2), 0, new int[2], 0, f(3), 0), "dz", "3");
    }

    @Example
    default void softmaxAndLossesRejectBadArguments() {
        Backend b = backend();
        rejects(IAE, () -> b.softmax(-1, 2, f(2), 0, f(2), 0), "m", "-1");
        rejects(IOOBE, () -> b.softmax(2, 2, f(3), 0, f(4), 0), "x", "3");
        float[] shared = f(8);
        rejects(IAE, () -> b.softmax(2, 2, shared, 0, shared, 2), "y", "x", "overlaps");
        rejects(IOOBE, () -> b.logSoftmax(2, 2, f(4), 0, f(3), 0), "y", "3");
        rejects(NPE, () -> b.logSoftmax(2, 2, null, 0, f(4), 0), "x");
        rejects(IAE, () -> b.softmaxBackward(2, -2, f(4), 0, f(4), 0, f(4), 0), "n", "-2");
        rejects(IAE, () -> b.softmaxBackward(2, 2, shared, 0, f(4), 0, shared, 0), "dx", "y", "overlaps");
        rejects(IOOBE, () -> b.softmaxCrossEntropy(2, 2, f(4), 0, f(3), 0, 1f, null, 0, null, 0), "target", "3");
        rejects(IOOBE, () -> b.softmaxCrossEntropy(2, 2, f(4), 0, f(4), 0, 1f, f(3), 0, null, 0), "probs", "3");
        rejects(IOOBE, () -> b.softmaxCrossEntropy(2, 2, f(4), 0, f(4), 0, 1f, null, 0, f(4), 1), "dLogits", "offset 1");
        rejects(IAE, () -> b.softmaxCrossEntropy(2, 2, f(4), 0, f(4), 0, 1f, shared, 0, shared, 2), "dLogits", "probs", "overlaps");
        rejects(IAE, () -> b.sigmoidCrossEntropy(-1, f(2), 0, f(2), 0, 1f, null, 0, null, 0), "n", "-1");
        rejects(IAE, () -> b.sigmoidCrossEntropy(4, shared, 0, f(4), 0, 1f, null, 0, shared, 3), "dLogits", "logits", "overlaps");
        rejects(IOOBE, () -> b.squaredError(3, f(3), 0, f(2), 0, 1f, null, 0), "target", "2");
        rejects(NPE, () -> b.squaredError(2, null, 0, f(2), 0, 1f, null, 0), "y");
        rejects(IOOBE, () -> b.absoluteError(3, f(3), 0, f(3), 0, 1f, f(3), 1), "dy", "offset 1");
        rejects(IAE, () -> b.absoluteError(4, shared, 0, f(4), 0, 1f, shared, 2), "dy", "y", "overlaps");
        rejects(IAE, () -> b.hinge(-5, f(2), 0, f(2), 0, 1f, null, 0), "n", "-5");
        rejects(IOOBE, () -> b.hinge(2, f(2), -2, f(2), 0, 1f, null, 0), "y", "-2");
    }

    @Example
    default void vectorOperationsRejectBadArguments() {
        Backend b = backend();
        float[] shared = f(8);
        rejects(IAE, () -> b.axpy(-1, 1f, f(2), 0, f(2), 0), "n", "-1");
        rejects(IOOBE, () -> b.axpy(3, 1f, f(2), 0, f(3), 0), "x", "2");
        rejects(IAE, () -> b.axpy(3, 1f, shared, 0, shared, 1), "y", "x", "overlaps");
        rejects(NPE, () -> b.scale(2, 1f, null, 0), "x");
        rejects(IOOBE, () -> b.scale(2, 1f, f(2), 1), "x", "offset 1");
        rejects(IOOBE, () -> b.mul(3, f(3), 0, f(2), 0, f(3), 0), "y", "2");
        rejects(IAE, () -> b.mul(3, shared, 0, f(3), 0, shared, 2), "z", "x", "overlaps");
        rejects(IAE, () -> b.dot(-3, f(2), 0, f(2), 0), "n", "-3");
        rejects(IOOBE, () -> b.dot(2, f(2), 0, f(1), 0), "y", "1");
        rejects(IOOBE, () -> b.sum(2, f(2), 2), "x", "offset 2");
        rejects(IOOBE, () -> b.sumSquares(2, f(2), -1), "x", "-1");
        rejects(NPE, () -> b.max(2, null, 0), "x");
        rejects(IAE, () -> b.argmaxRows(2, 0, f(2), 0, new int[2], 0), "n = 0");
        rejects(IOOBE, () -> b.argmaxRows(2, 2, f(4), 0, new int[1], 0), "out", "1");
    }

    @Example
    default void optimisersRejectBadArguments() {
        Backend b = backend();
        float[] shared = f(8);
        rejects(IAE, () -> b.momentumStep(2, Float.NaN, 0.9f, false, f(2), 0, f(2), 0, f(2), 0), "lr", "NaN");
        rejects(IAE, () -> b.momentumStep(2, Float.POSITIVE_INFINITY, 0.9f, false, f(2), 0, f(2), 0, f(2), 0), "lr", "Infinity");
        rejects(IAE, () -> b.momentumStep(2, 0.1f, -0.5f, false, f(2), 0, f(2), 0, f(2), 0), "momentum", "-0.5");
        rejects(IAE, () -> b.momentumStep(-2, 0.1f, 0.5f, false, f(2), 0, f(2), 0, f(2), 0), "n", "-2");
        rejects(IOOBE, () -> b.momentumStep(2, 0.1f, 0.5f, false, f(2), 0, f(2), 0, f(1), 0), "v", "1");
        rejects(IAE, () -> b.momentumStep(4, 0.1f, 0.5f, false, shared, 0, shared, 2, f(4), 0), "w", "g", "overlaps");
        rejects(IAE, () -> b.adagradStep(2, 0.1f, -1e-8f, f(2), 0, f(2), 0, f(2), 0), "eps", "-1.0E-8");
        rejects(IAE, () -> b.adagradStep(2, 0.1f, Float.NaN, f(2), 0, f(2), 0, f(2), 0), "eps", "NaN");
        rejects(IAE, () -> b.adagradStep(4, 0.1f, 1e-8f, f(4), 0, shared, 0, shared, 3), "h", "g", "overlaps");
        rejects(IAE, () -> b.rmspropStep(2, 0.1f, 1f, 1e-8f, f(2), 0, f(2), 0, f(2), 0), "rho", "1.0");
        rejects(IAE, () -> b.rmspropStep(2, 0.1f, -0.1f, 1e-8f, f(2), 0, f(2), 0, f(2), 0), "rho", "-0.1");
        rejects(NPE, () -> b.rmspropStep(2, 0.1f, 0.9f, 1e-8f, f(2), 0, f(2), 0, null, 0), "s");
        rejects(IAE, () -> b.adamStep(2, 0.1f, 1f, 0.999f, 1e-8f, 0f, 1, f(2), 0, f(2), 0, f(2), 0, f(2), 0), "beta1", "1.0");
        rejects(IAE, () -> b.adamStep(2, 0.1f, 0.9f, 1.5f, 1e-8f, 0f, 1, f(2), 0, f(2), 0, f(2), 0, f(2), 0), "beta2", "1.5");
        rejects(IAE, () -> b.adamStep(2, 0.1f, 0.9f, 0.999f, 1e-8f, -0.01f, 1, f(2), 0, f(2), 0, f(2), 0, f(2), 0), "weightDecay", "-0.01");
        rejects(IAE, () -> b.adamStep(2, 0.1f, 0.9f, 0.999f, 1e-8f, 0f, 0, f(2), 0, f(2), 0, f(2), 0, f(2), 0), "step", "0");
        rejects(IOOBE, () -> b.adamStep(2, 0.1f, 0.9f, 0.999f, 1e-8f, 0f, 1, f(2), 0, f(2), 0, f(2), 0, f(1), 0), "v", "1");
        rejects(IAE, () -> b.adamStep(4, 0.1f, 0.9f, 0.999f, 1e-8f, 0f, 1, f(4), 0, f(4), 0, shared, 0, shared, 2), "v", "m", "overlaps");
    }
}
