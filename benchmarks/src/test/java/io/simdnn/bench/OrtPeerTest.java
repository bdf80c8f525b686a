package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.Predictor;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backends;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime peer computes MlpBenchmark's network as simdnn does, both ways of calling it; a different one fails. */
class OrtPeerTest {
    private static final int IN = 784, OUT = 10, BATCH = 64;

    private static Network mlp(long seed) {
        return Network.builder().input(IN).dense(256, Activation.RELU).dense(128, Activation.RELU).dense(OUT)
                .output(Output.SOFTMAX).seed(seed).backend(Backends.get("simd", 1)).build();
    }

    private static float[] inputs() {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[2 * BATCH * IN];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        return x;
    }

    @Test
    void bothModesAgreeWithSimdnn() {
        Network net = mlp(123);
        Predictor p = net.newPredictor(BATCH);
        float[] x = inputs();
        for (OrtPeer.Mode mode : OrtPeer.Mode.values()) {
            try (OrtPeer peer = new OrtPeer(net, 1, mode, BATCH)) {
                double worst = OrtPeer.agreement(p, peer, x, BATCH, IN, OUT);
                assertTrue(worst <= 1e-5, mode + ": " + worst);
            }
        }
    }

    @Test
    void anotherNetworkIsRefused() {
        Predictor p = mlp(123).newPredictor(BATCH);
        try (OrtPeer peer = new OrtPeer(mlp(124), 1, OrtPeer.Mode.REUSED, BATCH)) {
            assertThrows(IllegalStateException.class, () -> OrtPeer.agreement(p, peer, inputs(), BATCH, IN, OUT));
        }
    }
}
