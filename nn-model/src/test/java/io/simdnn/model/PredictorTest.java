package io.simdnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PredictorTest {

    static List<Backend> backends() {
        return TestBackends.all();
    }

    static float[] gaussian(int n, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void batchChunksAndSingleRowsAgreeWithTheWorkspace(Backend b) {
        Network net = Network.builder().input(6).dense(9, Activation.TANH).maxout(5, 3).prelu(4).dropout(0.5).swish(7)
                .dense(3).output(Output.SOFTMAX).seed(5).backend(b).build();
        int rows = 11;
        float[] x = gaussian(rows * 6, 3);
        float[] batch = new float[rows * 3], single = new float[rows * 3];
        net.newPredictor(4).predict(rows, x, 0, batch, 0);
        Predictor p = net.newPredictor(1);
        for (int i = 0; i < rows; i++) p.predict(x, i * 6, single, i * 3);
        Workspace ws = new Workspace(net.architecture(), b, rows);
        ws.forward(net.parameters(), x, 0, rows, false, null);
        float[] reference = ws.linkOutputs();
        for (int i = 0; i < rows * 3; i++) {
            assertEquals(reference[i], batch[i], 1e-6f, "batch " + i);
            assertEquals(reference[i], single[i], 1e-6f, "single " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void threadsSharingOneNetworkGetTheSingleThreadedResults(Backend b) throws Exception {
        Network net = Network.builder().input(32).dense(64, Activation.GELU).dense(32, Activation.SIGMOID).dense(5)
                .output(Output.SOFTMAX).seed(9).backend(b).build();
        int rows = 50;
        float[] x = gaussian(rows * 32, 4);
        float[] expected = new float[rows * 5];
        Predictor p = net.newPredictor(1);
        // Warm up first: the reference must come from the same compiled code the threads will run.
        for (int rep = 0; rep < 500; rep++) {
            for (int i = 0; i < rows; i++) p.predict(x, i * 32, expected, i * 5);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    Predictor own = net.newPredictor(1);
                    float[] out = new float[rows * 5];
                    for (int rep = 0; rep < 10; rep++) {
                        for (int i = 0; i < rows; i++) own.predict(x, i * 32, out, i * 5);
                    }
                    return out;
                }));
            }
            // Bit for bit on the scalar backend. The SIMD backend's default native exp differs from the JDK's
            // per-lane fallback in the last bit until C2 has compiled a kernel (docs/simd-accuracy.md), and on a
            // busy machine the threads may run code of another JIT tier than the reference did: a few ulps then
            // (1e-5 relative here), while a race (a part run twice, a reused job) is off by far more than that.
            boolean exact = b.name().equals("scalar");
            for (Future<float[]> f : results) {
                float[] actual = f.get();
                for (int i = 0; i < expected.length; i++) {
                    float tolerance = exact ? 0 : 1e-5f * Math.abs(expected[i]) + 1e-7f;
                    assertEquals(expected[i], actual[i], tolerance, "output " + i + " on " + b);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void networkIsImmutable(Backend b) {
        Network net = Network.builder().input(3).dense(2).backend(b).build();
        float[] before = net.predict(new float[] {1, 2, 3});
        net.parameters().values(0)[0] = 100f;
        assertArrayEquals(before, net.predict(new float[] {1, 2, 3}));
        assertTrue(net.toString().contains("3-2 linear"), net.toString());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void shortBuffersAreReportedInTheNetworksTerms(Backend b) {
        Network net = Network.builder().input(4).dense(3).backend(b).build();
        IndexOutOfBoundsException e = org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> net.newPredictor().predict(2, new float[7], 0, new float[6], 0));
        assertTrue(e.getMessage().startsWith("input: 2 rows of 4 values from offset 0"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> net.newPredictor().predict(new float[4], 0, new float[3], 1));
        assertTrue(e.getMessage().startsWith("output: 1 row of 3 values from offset 1"), e.getMessage());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> net.predict(new float[5]));
        assertTrue(bad.getMessage().contains("5 values"), bad.getMessage());
    }
}
