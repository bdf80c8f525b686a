package io.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backends;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Scaler;
import io.simdnn.train.data.Standardizer;
import org.junit.jupiter.api.Test;

class ScalerFoldingTest {

    @Test
    void theFoldedNetworkOnRawFeaturesMatchesTheNetworkOnScaledFeatures() {
        Dataset wine = Datasets.load("wine");
        Scaler scaler = Standardizer.fit(wine);
        Dataset scaled = scaler.transform(wine);
        Network net = Network.builder().input(wine.featureCount()).dense(8, Activation.TANH).dense(3)
                .output(Output.SOFTMAX).seed(7).backend(Backends.get("scalar", 1)).build();
        Network folded = ScalerFolding.fold(net, scaler);
        float[] expected = net.predict(scaled.features());
        float[] actual = folded.predict(wine.features());
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 2e-5f, "output " + i);
    }

    @Test
    void anAutoEncoderOnRawUnitsReturnsTheUnscaledReconstruction() {
        Dataset iris = Datasets.load("iris");
        Scaler scaler = Standardizer.fit(iris);
        Network net = Network.builder().input(4).dense(2, Activation.SIGMOID).dense(4).output(Output.LINEAR).seed(3)
                .backend(Backends.get("scalar", 1)).build();
        Network raw = AutoencoderCommand.rawUnits(net, scaler);
        float[] scaled = net.predict(scaler.transform(iris).features());
        float[] actual = raw.predict(iris.features());
        float[] a = scaler.parameterA(), b = scaler.parameterB();
        for (int i = 0; i < scaled.length; i++) {
            assertEquals(scaled[i] * b[i % 4] + a[i % 4], actual[i], 1e-4f, "output " + i);
        }
    }
}
