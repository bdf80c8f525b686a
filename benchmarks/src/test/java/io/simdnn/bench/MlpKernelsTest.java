package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import org.junit.jupiter.api.Test;

/** The MLP workload of {@link MlpKernelsBenchmark} is a real training step: its gradient is the loss's slope. */
class MlpKernelsTest {
    private final Backend scalar = Backends.get("scalar", 1);

    @Test
    void gradientMatchesCentralDifferencesOfTheLoss() {
        MlpKernelsBenchmark.Mlp net = new MlpKernelsBenchmark.Mlp();
        net.init(123);
        int batch = 2;
        net.forwardBackward(scalar, 8, batch);
        float[] grads = net.grads.clone();
        // The largest gradient entry of each layer's weights and biases: big enough for a float difference quotient.
        for (int l = 0; l < net.layers; l++) {
            for (int[] range : new int[][] {{net.wOff[l], net.bOff[l]}, {net.bOff[l], net.bOff[l] + MlpKernelsBenchmark.SIZES[l + 1]}}) {
                int at = range[0];
                for (int i = range[0]; i < range[1]; i++) if (Math.abs(grads[i]) > Math.abs(grads[at])) at = i;
                float saved = net.params[at], h = 1e-3f;
                net.params[at] = saved + h;
                double up = net.forwardBackward(scalar, 8, batch);
                net.params[at] = saved - h;
                double down = net.forwardBackward(scalar, 8, batch);
                net.params[at] = saved;
                double slope = (up - down) / (2 * h);
                assertEquals(slope, grads[at], 0.05 * Math.abs(slope) + 1e-5, "layer " + l + " parameter " + at);
            }
        }
    }

    @Test
    void sgdStepsLowerTheLossOnOneBatch() {
        MlpKernelsBenchmark.Mlp net = new MlpKernelsBenchmark.Mlp();
        net.init(123);
        double first = net.forwardBackward(scalar, 16, 0), last = first;
        for (int step = 0; step < 20; step++) {
            scalar.axpy(net.params.length, -MlpKernelsBenchmark.SGD_LR, net.grads, 0, net.params, 0);
            last = net.forwardBackward(scalar, 16, 0);
        }
        assertTrue(last < 0.9 * first, "loss " + first + " -> " + last);
        net.infer(scalar, 1, 0);
        float sum = 0;
        for (int j = 0; j < 10; j++) sum += net.probs[j];
        assertEquals(1f, sum, 1e-5f);
    }
}
