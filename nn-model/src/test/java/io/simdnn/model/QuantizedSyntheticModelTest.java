package io.simdnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.QuantizedMatrix.Format;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' 784-256-128-10 model (seeded weights, Gaussian inputs): quantised logits stay close to the
 * float32 ones and the argmax agrees (the figures are in docs/benchmarks.md).
 */
class QuantizedSyntheticModelTest {

    @Test
    void logitsStayCloseAndTheArgmaxAgrees() {
        int rows = 2000;
        Backend b = TestBackends.all().getFirst(); // SIMD when it runs here
        Network net = Network.builder().input(784).dense(256, Activation.RELU).dense(128, Activation.RELU).dense(10)
                .output(Output.LINEAR).seed(1).backend(b).build();
        float[] x = PredictorTest.gaussian(rows * 784, 5);
        float[] f32 = net.predict(x);
        double range = 0;
        for (float v : f32) range = Math.max(range, Math.abs(v));
        for (Format format : Format.values()) {
            float[] q = QuantizedNetwork.of(net, format).predict(x);
            double maxError = 0;
            int agree = 0;
            for (int r = 0; r < rows; r++) {
                int a = 0, c = 0;
                for (int j = 0; j < 10; j++) {
                    maxError = Math.max(maxError, Math.abs(q[r * 10 + j] - f32[r * 10 + j]));
                    if (f32[r * 10 + j] > f32[r * 10 + a]) a = j;
                    if (q[r * 10 + j] > q[r * 10 + c]) c = j;
                }
                if (a == c) agree++;
            }
            System.out.printf(Locale.ROOT, "784-256-128-10 (%s, %d rows, |logit| <= %.3f): %s max |logit error| %.2e,"
                    + " argmax agreement %.2f %%%n", b.name(), rows, range, format, maxError, 100.0 * agree / rows);
            assertTrue(maxError < (format == Format.BF16 ? 0.02 : 0.05) * range, format + " logit error " + maxError);
            assertTrue(agree >= 0.97 * rows, format + ": argmax agrees on " + agree + " of " + rows);
        }
    }
}
