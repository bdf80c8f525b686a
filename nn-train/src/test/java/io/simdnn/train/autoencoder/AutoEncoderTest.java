package io.simdnn.train.autoencoder;

import static io.simdnn.train.autoencoder.AutoEncoderFigures.denoisingError;
import static io.simdnn.train.autoencoder.AutoEncoderFigures.meanActivation;
import static io.simdnn.train.autoencoder.AutoEncoderFigures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.io.ModelFile;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.Metrics;
import io.simdnn.train.Optimizers;
import io.simdnn.train.Trainer;
import io.simdnn.train.TrainingConfig;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.elm.AvailableBackends;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Auto-encoders on digits (80/20, pixels scaled to [0, 1]). The bounds sit below the figures measured with the
 * same set-ups (docs/elm-and-autoencoders.md; AutoEncoderFigures prints them), with a margin for backends that
 * round differently.
 */
class AutoEncoderTest {
    private static final Dataset[] DIGITS = AutoEncoderFigures.digits();
    private static final Dataset TRAIN = DIGITS[0], TEST = DIGITS[1];

    static List<Backend> backends() {
        return AvailableBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anUndercompleteAutoEncoderLearnsToReconstructDigits(Backend backend) {
        AutoEncoder ae = reference(backend, 16).epochs(15).build().fit(TRAIN);
        double[] history = ae.lossHistory();
        assertEquals(15, history.length);
        assertTrue(history[14] < 0.8 * history[0], Arrays.toString(history));
        // Measured 0.0128 after 30 epochs; predicting every pixel's mean scores about 0.11.
        double mse = ae.meanReconstructionError(TEST);
        assertTrue(mse < 0.025, backend.name() + ": test reconstruction MSE " + mse);
        assertEquals(16, ae.codeSize());
        assertEquals(16, ae.encode(TEST.featureRow(0)).length);
        assertEquals(64, ae.reconstruct(TEST.featureRow(0)).length);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void denoisingAutoEncodersReconstructTheCleanInput(Backend backend) {
        AutoEncoder plain = reference(backend, 32).epochs(15).build().fit(TRAIN);
        AutoEncoder masked = reference(backend, 32).epochs(15).corruption(Corruption.masking(0.3)).build().fit(TRAIN);
        AutoEncoder gaussian = reference(backend, 32).epochs(15).corruption(Corruption.gaussian(0.2)).build()
                .fit(TRAIN);
        // Measured after these 15 epochs: 0.036 → 0.027 on masked input and 0.0191 → 0.0175 on noisy input (after
        // 30: 0.047 → 0.025 and 0.0195 → 0.0144). Without corruption the three would be the same model (same seed).
        double plainMasked = denoisingError(plain, TEST, Corruption.masking(0.3), 9);
        double denoisedMasked = denoisingError(masked, TEST, Corruption.masking(0.3), 9);
        assertTrue(denoisedMasked < 0.85 * plainMasked, plainMasked + " → " + denoisedMasked);
        double plainNoisy = denoisingError(plain, TEST, Corruption.gaussian(0.2), 9);
        double denoisedNoisy = denoisingError(gaussian, TEST, Corruption.gaussian(0.2), 9);
        assertTrue(denoisedNoisy < 0.96 * plainNoisy, plainNoisy + " → " + denoisedNoisy);
        // Corruption is for training only: encoding and reconstruction are deterministic.
        float[] row = TEST.featureRow(3);
        assertArrayEquals(masked.reconstruct(row), masked.reconstruct(row), 0f);
        assertArrayEquals(masked.encode(row), masked.encoder().predict(row), 1e-6f);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sparsityPenaltiesLowerTheCodeActivity(Backend backend) {
        AutoEncoder none = reference(backend, 32).epochs(10).build().fit(TRAIN);
        AutoEncoder kl = reference(backend, 32).epochs(10).sparsity(Sparsity.kl(0.05, 3)).build().fit(TRAIN);
        AutoEncoder l1 = reference(backend, 32).epochs(10).sparsity(Sparsity.l1(0.1)).build().fit(TRAIN);
        double free = meanActivation(none, TEST), withKl = meanActivation(kl, TEST), withL1 = meanActivation(l1, TEST);
        // Measured (30 epochs): 0.51 without a penalty, 0.069 with KL(ρ = 0.05, β = 3), 0.31 with L1 0.1.
        assertTrue(free > 0.35, "no penalty: " + free);
        assertTrue(withKl < 0.12, "KL towards 0.05: " + withKl);
        assertTrue(withL1 < 0.8 * free, "L1: " + withL1 + " vs " + free);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tiedWeightsAreOneMatrixAndSurviveAModelFile(Backend backend, @TempDir Path dir) throws IOException {
        AutoEncoder ae = reference(backend, 8).epochs(5).tied(true).build().fit(TRAIN);
        assertTrue(ae.isTied());
        assertArrayEquals(AutoEncoder.transpose(ae.encoderWeights(), 8, 64), ae.decoderWeights(), 0f);
        Path file = dir.resolve("tied.safetensors");
        ModelFile.save(ae.toNetwork(), file);
        AutoEncoder loaded = AutoEncoder.fromNetwork(ModelFile.load(file, backend));
        assertTrue(loaded.isTied());
        assertEquals(Output.SIGMOID, loaded.reconstructionLink());
        assertArrayEquals(ae.reconstructionErrors(TEST), loaded.reconstructionErrors(TEST), 0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anUntiedAutoEncoderSavesAndLoadsAsANetwork(Backend backend, @TempDir Path dir) throws IOException {
        AutoEncoder ae = reference(backend, 12).epochs(5).activation(Activation.TANH)
                .reconstruction(Output.LINEAR, Loss.SQUARED_ERROR).build().fit(TRAIN);
        Network network = ae.toNetwork();
        assertEquals("64-12(tanh)-64 linear", network.architecture().toString());
        // The network computes the same reconstruction, allocation-free through a Predictor.
        float[] viaNetwork = new float[TEST.rows() * 64], direct = new float[TEST.rows() * 64];
        network.newPredictor().predict(TEST.rows(), TEST.features(), 0, viaNetwork, 0);
        ae.reconstruct(TEST.rows(), TEST.features(), 0, direct, 0);
        assertArrayEquals(direct, viaNetwork, 1e-5f);
        Path file = dir.resolve("ae.safetensors");
        ModelFile.save(network, file);
        AutoEncoder loaded = AutoEncoder.fromNetwork(ModelFile.load(file, backend));
        assertFalse(loaded.isTied());
        assertEquals(Activation.TANH, loaded.activation());
        assertArrayEquals(ae.encode(TEST).features(), loaded.encode(TEST).features(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutoEncoder.fromNetwork(Network.builder().input(4).dense(3).build()));
        assertTrue(e.getMessage().contains("is not an auto-encoder"), e.getMessage());
    }

    /** Digit 0 held out of training is the anomaly; measured AUC 0.955 (all digits: docs). */
    @ParameterizedTest
    @MethodSource("backends")
    void reconstructionErrorScoresAHeldOutDigitAsAnomalous(Backend backend) {
        double auc = AutoEncoderFigures.anomalyAuc(backend, TRAIN, TEST, 0, 16);
        assertTrue(auc >= 0.9, backend.name() + ": ROC AUC " + auc);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void codesAreFeatures(Backend backend) {
        // Dimensionality reduction to 2 units: nearest class centroid in the plane, measured 0.57 (chance 0.1).
        AutoEncoder two = reference(backend, 2).epochs(60).build().fit(TRAIN);
        Dataset plane = two.encode(TEST);
        assertEquals(2, plane.featureCount());
        assertArrayEquals(TEST.labels(), plane.labels());
        double planeAccuracy = AutoEncoderFigures.nearestCentroidAccuracy(two.encode(TRAIN), plane);
        assertTrue(planeAccuracy > 0.4, "2-D nearest centroid: " + planeAccuracy);
        // A classifier on 32-unit codes: measured 0.972.
        AutoEncoder ae = reference(backend, 32).epochs(15).build().fit(TRAIN);
        double accuracy = AutoEncoderFigures.softmaxRegressionAccuracy(backend, ae.encode(TRAIN), ae.encode(TEST));
        assertTrue(accuracy >= 0.93, "softmax regression on codes: " + accuracy);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void stackedDenoisingAutoEncodersInitialiseAFineTunedClassifier(Backend backend) {
        AutoEncoderTrainer layer = reference(backend, 1).epochs(10).corruption(Corruption.masking(0.2)).build();
        StackedAutoEncoder sdae = StackedAutoEncoder.pretrain(TRAIN, layer, 48, 24);
        assertEquals(2, sdae.layers().size());
        assertEquals(24, sdae.codeSize());
        Network initial = sdae.classifier(10, Output.SOFTMAX, 7, backend);
        assertEquals("64-48(sigmoid)-24(sigmoid)-10 softmax", initial.architecture().toString());
        // The classifier starts from the pre-trained encoders.
        assertArrayEquals(sdae.layers().get(0).encoderWeights(), initial.parameters().values(0), 0f);
        assertArrayEquals(sdae.layers().get(1).encoderWeights(), initial.parameters().values(2), 0f);
        float[] viaEncoder = sdae.encoder().predict(TEST.featureRow(5));
        assertArrayEquals(sdae.encode(TEST).featureRow(5), viaEncoder, 1e-6f);
        TrainingConfig config = TrainingConfig.builder().optimizer(Optimizers.adam(0.005)).epochs(15).batchSize(32)
                .seed(7).backend(backend).build();
        Network tuned = Trainer.train(initial, TRAIN, null, config).network();
        double accuracy = Metrics.evaluate(tuned, TEST).accuracy();
        // Measured 0.986 with 30 pre-training and 30 fine-tuning epochs.
        assertTrue(accuracy >= 0.95, backend.name() + ": fine-tuned accuracy " + accuracy);
    }

    @Test
    void rocAucCountsOrderedPairsAndHalfTies() {
        double[] scores = {0.1, 0.4, 0.35, 0.8, 0.4};
        boolean[] positive = {false, true, false, true, false};
        // Pairs (positive, negative): 0.4>0.1, 0.4>0.35, 0.4=0.4 (½), 0.8 beats all three: 5.5 of 6.
        assertEquals(5.5 / 6, RocAuc.of(scores, positive), 1e-12);
        assertEquals(1.0, RocAuc.of(new double[] {1, 2}, new boolean[] {false, true}), 0);
        assertEquals(0.0, RocAuc.of(new double[] {2, 1}, new boolean[] {false, true}), 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RocAuc.of(new double[] {1, 2},
                new boolean[] {true, true})).getMessage().contains("needs both classes"));
    }

    @Test
    void badSettingsAreRejectedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoEncoderTrainer.builder()
                .activation(Activation.TANH).sparsity(Sparsity.kl(0.05, 1)).build()).getMessage().contains("sigmoid"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoEncoderTrainer.builder()
                .reconstruction(Output.LINEAR, Loss.SIGMOID_CROSS_ENTROPY)).getMessage().contains("not supported"));
        assertThrows(IllegalArgumentException.class, () -> Sparsity.kl(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Corruption.masking(1));
        assertThrows(IllegalArgumentException.class, () -> Corruption.gaussian(-0.1));
        assertThrows(IllegalArgumentException.class, () -> AutoEncoderTrainer.builder().code(0));
        AutoEncoderTrainer ce = AutoEncoderTrainer.builder().reconstruction(Output.SIGMOID,
                Loss.SIGMOID_CROSS_ENTROPY).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ce.fit(new float[] {0.5f, 2f, 0f, 1f}, 2, 2));
        assertTrue(e.getMessage().contains("row 0, column 1 is 2.0"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ce.fit(new float[5], 2, 2)).getMessage()
                .contains("expected rows × features"));
    }
}
