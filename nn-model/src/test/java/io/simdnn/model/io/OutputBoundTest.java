package io.simdnn.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finite weights whose sums overflow float32 are refused on load; ordinary and merely large weights load. */
class OutputBoundTest {
    @TempDir
    Path dir;

    private static Network mlp() {
        return Network.builder().input(3).dense(4, Activation.RELU).dense(2).output(Output.SOFTMAX).seed(7).build();
    }

    @Test
    void weightsThatOverflowInTheSecondLayerAreRefusedNamingTheLayer() throws Exception {
        float[] big = new float[12];
        Arrays.fill(big, 1e16f); // layer 0 reaches 3e16 (fine); layer 1 then reaches 4 * 3e16 * 1e16 = 1.2e33
        float[] big2 = new float[8];
        Arrays.fill(big2, 1e16f);
        Network n = mlp().withParameter("layers.0.weight", big).withParameter("layers.2.weight", big2);
        Path f = dir.resolve("big.safetensors");
        ModelFile.save(n, f);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().startsWith("big.safetensors: layer 1 (2 units) can reach pre-activations of 1.20e+33"
                + " for inputs in [-1, 1], beyond 1.0E30"), e.getMessage());
    }

    @Test
    void ordinaryAndLargeButSafeWeightsLoad() throws Exception {
        Path f = dir.resolve("ok.safetensors");
        ModelFile.save(mlp(), f);
        assertEquals(mlp().parameters().size(), ModelFile.load(f).parameters().size());
        float[] large = new float[12];
        Arrays.fill(large, 1e9f);
        ModelFile.save(mlp().withParameter("layers.0.weight", large), f);
        float[] y = ModelFile.load(f).predict(new float[] {1, -1, 1});
        for (float v : y) assertTrue(Float.isFinite(v), Arrays.toString(y));
    }
}
