package io.simdnn.conformance;

import io.simdnn.scalar.ScalarBackend;
import io.simdnn.spi.Backend;

/**
 * The whole conformance kit for one backend. A backend runs every property by extending this class once:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformance {
 *     @Override
 *     protected Backend subject() {
 *         return new Backend(new MyKernels());
 *     }
 * }
 * }</pre>
 *
 * Each kernel family is a contract interface with default jqwik properties; this class combines them. Properties
 * compare the subject with float64 oracles under the tolerance policy of {@link Tolerance}; a few also compare it
 * with the scalar reference backend, allowing the sum of both budgets. Properties that declare no seed take the
 * system property {@code jqwik.seed} when it is set ({@link FixedSeedHook}).
 */
public abstract class BackendConformance implements GemmContract, PackedWeightsContract, ActivationContract, SoftmaxLossContract,
        VectorContract, ArgumentContract, NetworkContract,
        AutodiffContract {

    private Backend backend;
    private Backend reference;

    /** A new instance of the backend under test. Called once per property. */
    protected abstract Backend subject();

    @Override
    public final Backend backend() {
        if (backend == null) backend = subject();
        return backend;
    }

    @Override
    public final Backend reference() {
        if (reference == null) reference = ScalarBackend.create();
        return reference;
    }
}
