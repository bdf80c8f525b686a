package io.simdnn.simd;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One backend shared by more caller threads than cores, as a service shares it across request threads: every result of
 * every call equals the single-thread backend's bit for bit. The calls alternate products whose part counts differ
 * (1×16×2048 splits in 2, 1×64×1024 in up to 8) with C += A·B (beta = 1, so a part run twice shows), and batch-1
 * dense-layer forwards (784→256 with bias and ReLU, as {@code Predictor.predict} at batch 1 runs them).
 */
class SharedBackendStressTest {
    /** One caller's inputs, outputs and the single-thread backend's results for them. */
    static final class Work {
        final float[] a1, b1, c1, start1, want1; // 1×16×2048, C += A·B
        final float[] a2, b2, c2, start2, want2; // 1×64×1024, C += A·B
        final float[] x, w, bias, y, wantY; // dense 784→256

        Work(Backend one, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            a1 = random(r, 2048);
            b1 = random(r, 2048 * 16);
            start1 = random(r, 16);
            c1 = new float[16];
            want1 = start1.clone();
            one.gemm(false, false, 1, 16, 2048, 1f, a1, 0, 2048, b1, 0, 16, 1f, want1, 0, 16);
            a2 = random(r, 1024);
            b2 = random(r, 1024 * 64);
            start2 = random(r, 64);
            c2 = new float[64];
            want2 = start2.clone();
            one.gemm(false, false, 1, 64, 1024, 1f, a2, 0, 1024, b2, 0, 64, 1f, want2, 0, 64);
            x = random(r, 784);
            w = random(r, 256 * 784);
            bias = random(r, 256);
            y = new float[256];
            wantY = new float[256];
            one.denseForward(1, 256, 784, x, 0, 784, w, 0, 784, bias, 0, Activation.RELU, 0f, wantY, 0, 256);
        }

        static float[] random(SplittableRandom r, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
            return v;
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3, 4, 8})
    void everyResultEqualsTheSingleThreadBackends(int threads) throws Exception {
        Backend one = SimdBackend.create(1), shared = SimdBackend.create(threads);
        int callers = Stress.callers();
        Work[] work = new Work[callers];
        for (int i = 0; i < callers; i++) work[i] = new Work(one, 1000 + i);
        long calls = Stress.run(callers, Stress.MILLIS, 3000, (caller, round) -> {
            Work wk = work[caller];
            switch ((int) (round % 3)) {
                case 0 -> {
                    System.arraycopy(wk.start1, 0, wk.c1, 0, 16);
                    shared.gemm(false, false, 1, 16, 2048, 1f, wk.a1, 0, 2048, wk.b1, 0, 16, 1f, wk.c1, 0, 16);
                    check(wk.want1, wk.c1, "gemm 1x16x2048", caller, round);
                }
                case 1 -> {
                    System.arraycopy(wk.start2, 0, wk.c2, 0, 64);
                    shared.gemm(false, false, 1, 64, 1024, 1f, wk.a2, 0, 1024, wk.b2, 0, 64, 1f, wk.c2, 0, 64);
                    check(wk.want2, wk.c2, "gemm 1x64x1024", caller, round);
                }
                default -> {
                    Arrays.fill(wk.y, Float.NaN);
                    shared.denseForward(1, 256, 784, wk.x, 0, 784, wk.w, 0, 784, wk.bias, 0, Activation.RELU, 0f,
                            wk.y, 0, 256);
                    check(wk.wantY, wk.y, "denseForward 1x256x784", caller, round);
                }
            }
        });
        System.out.printf("SharedBackendStressTest %d threads, %d callers: %d calls in %d ms%n", threads, callers,
                calls, Stress.MILLIS);
            }

    static void check(float[] want, float[] got, String what, int caller, long round) {
        if (Arrays.equals(want, got)) return;
        int i = Arrays.mismatch(want, got);
        throw new AssertionError(what + ", caller " + caller + ", round " + round + ": C[" + i + "] = " + got[i]
                + ", the single-thread backend gives " + want[i]);
    }
}
