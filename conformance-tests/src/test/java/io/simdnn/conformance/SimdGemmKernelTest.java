package io.simdnn.conformance;

import io.simdnn.scalar.ScalarBackend;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;

/**
 * The SIMD backend's matrix kernels alone (GEMM, dense layer, packed weights): the pom runs this once per GEMM micro-kernel shape
 * ({@code simdnn.simd.gemmKernel}) at each forced vector width, so every shape is proven at every width without
 * rerunning the whole kit.
 */
class SimdGemmKernelTest implements GemmContract, PackedWeightsContract {
    private static final Backend SIMD = Backends.get("simd", 2);
    private static final Backend SCALAR = ScalarBackend.create();

    @Override
    public Backend backend() {
        return SIMD;
    }

    @Override
    public Backend reference() {
        return SCALAR;
    }
}
