package io.simdnn.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simdnn.conformance.ReferenceOrderOptimiserContract.StepCase;
import io.simdnn.scalar.ScalarBackend;
import io.simdnn.scalar.ScalarKernels;
import io.simdnn.spi.Backend;
import net.jqwik.api.Example;

/**
 * The opt-in bit-identity property tells a backend that computes a step in another order from one that does not: a
 * fused multiply-add in momentum, or Adam's lr·m/c₁ reassociated, must fail it; the reference itself passes.
 */
class ReferenceOrderOptimiserContractTest {

    private static final StepCase CASE = new StepCase(300, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, 3, 42);

    private static ReferenceOrderOptimiserContract against(Backend subject) {
        Backend reference = ScalarBackend.create();
        return new ReferenceOrderOptimiserContract() {
            @Override
            public Backend backend() {
                return subject;
            }

            @Override
            public Backend reference() {
                return reference;
            }
        };
    }

    @Example
    void theReferencePassesAgainstItself() {
        against(ScalarBackend.create()).assertOptimiserStepsMatchTheReferenceBits(CASE);
    }

    @Example
    void aFusedMomentumFails() {
        Backend fused = new Backend(new ScalarKernels() {
            @Override
            public void momentumStep(int n, float lr, float momentum, boolean nesterov, float[] w, int wOff,
                    float[] g, int gOff, float[] v, int vOff) {
                for (int i = 0; i < n; i++) {
                    float gi = g[gOff + i];
                    float vi = Math.fma(momentum, v[vOff + i], gi);
                    v[vOff + i] = vi;
                    w[wOff + i] -= lr * (nesterov ? gi + momentum * vi : vi);
                }
            }
        });
        assertThrows(AssertionError.class, () -> against(fused).assertOptimiserStepsMatchTheReferenceBits(CASE));
    }

    @Example
    void aReassociatedAdamFails() {
        Backend reassociated = new Backend(new ScalarKernels() {
            @Override
            public void adamStep(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1,
                    float c2, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
                for (int i = 0; i < n; i++) {
                    float gi = g[gOff + i];
                    float mi = beta1 * m[mOff + i] + (1 - beta1) * gi;
                    float vi = beta2 * v[vOff + i] + (1 - beta2) * gi * gi;
                    m[mOff + i] = mi;
                    v[vOff + i] = vi;
                    float wi = w[wOff + i];
                    wi -= lr * weightDecay * wi;
                    w[wOff + i] = wi - lr * mi / c1 / ((float) Math.sqrt(vi / c2) + eps);
                }
            }
        });
        assertThrows(AssertionError.class,
                () -> against(reassociated).assertOptimiserStepsMatchTheReferenceBits(CASE));
    }
}
