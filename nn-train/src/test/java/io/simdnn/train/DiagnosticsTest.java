package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Standardizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training problems of the course notes, as the diagnostics listener reports them. */
class DiagnosticsTest {
    private final Dataset digits;

    DiagnosticsTest() {
        Dataset d = Datasets.load("digits");
        digits = Standardizer.fit(d).transform(d);
    }

    private Diagnostics train(Activation activation, int depth, Optimizer optimizer, int epochs) {
        Network.Builder b = Network.builder().input(64);
        for (int i = 0; i < depth; i++) b.dense(32, activation);
        Network net = b.dense(10).output(Output.SOFTMAX).seed(3).backend(TestBackends.scalar()).build();
        Diagnostics diagnostics = new Diagnostics(net.architecture());
        new Trainer().fit(net, digits, null, TrainingConfig.builder().optimizer(optimizer).epochs(epochs)
                .batchSize(64).seed(3).listener(diagnostics).build());
        return diagnostics;
    }

    /** First layer's gradient norm over the last layer's, in the first epoch. */
    private static double firstOverLast(Diagnostics d) {
        List<Diagnostics.Layer> layers = d.epochs().getFirst().layers();
        return layers.getFirst().gradientNorm() / layers.getLast().gradientNorm();
    }

    @Test
    void aDeepSigmoidNetworksFirstLayerGradientVanishesAgainstAReluNetworks() {
        Diagnostics sigmoid = train(Activation.SIGMOID, 8, Optimizers.sgd(0.1), 1);
        Diagnostics relu = train(Activation.RELU, 8, Optimizers.sgd(0.1), 1);
        double s = firstOverLast(sigmoid), r = firstOverLast(relu);
        System.out.printf("first/last layer gradient norm, 8 hidden layers: sigmoid %.3g, relu %.3g%n", s, r);
        assertTrue(s < 1e-3 * r, "sigmoid " + s + " vs relu " + r);
        assertEquals(9, sigmoid.epochs().getFirst().layers().size());
        assertEquals("sigmoid", sigmoid.epochs().getFirst().layers().getFirst().activation());
        assertEquals("softmax", sigmoid.epochs().getFirst().layers().getLast().activation());
        assertTrue(Double.isNaN(sigmoid.epochs().getFirst().layers().getFirst().inactiveFraction()));
        // A healthy ReLU network: few dead units, small updates relative to the weights.
        Diagnostics.Layer first = relu.epochs().getFirst().layers().getFirst();
        assertTrue(first.inactiveFraction() < 0.2, first.toString());
        assertTrue(first.updateRatio() > 0 && first.updateRatio() < 0.1, first.toString());
        assertTrue(first.weightNorm() > 0, first.toString());
    }

    @Test
    void aHugeLearningRateDrivesReluUnitsDead() {
        Diagnostics sane = train(Activation.RELU, 2, Optimizers.sgd(0.05), 3);
        Diagnostics huge = train(Activation.RELU, 2, Optimizers.sgd(3), 3);
        double saneDead = sane.epochs().getLast().layers().getFirst().inactiveFraction();
        double hugeDead = huge.epochs().getLast().layers().getFirst().inactiveFraction();
        System.out.printf("inactive fraction of layer 1 after 3 epochs: lr 0.05 %.2f, lr 3 %.2f%n", saneDead, hugeDead);
        assertTrue(saneDead < 0.1, "lr 0.05: " + saneDead);
        assertTrue(hugeDead > 0.5, "lr 3: " + hugeDead);
        // Dead units pass no gradient: the layer has stopped learning.
        Diagnostics.Layer dead = huge.epochs().getLast().layers().getFirst();
        assertTrue(dead.gradientNorm() < 1e-6 * sane.epochs().getLast().layers().getFirst().gradientNorm(),
                dead.toString());
    }
}
