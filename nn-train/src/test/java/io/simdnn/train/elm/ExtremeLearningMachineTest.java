package io.simdnn.train.elm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import io.simdnn.model.Network;
import io.simdnn.model.io.ModelFile;
import io.simdnn.train.Evaluation;
import io.simdnn.train.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExtremeLearningMachineTest {

    static List<Backend> backends() {
        return AvailableBackends.all();
    }

    /** A smooth regression problem: y = sin(2x₀)·cos(x₁) + 0.5·x₂², x uniform on [−1.5, 1.5]³. */
    static Dataset synthetic(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * 3];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 3; j++) x[r * 3 + j] = (float) (3 * random.nextDouble() - 1.5);
            y[r] = (float) (Math.sin(2 * x[r * 3]) * Math.cos(x[r * 3 + 1]) + 0.5 * x[r * 3 + 2] * x[r * 3 + 2]);
        }
        return Dataset.regression("synthetic", x, rows, 3, y, 1, List.of("x0", "x1", "x2"));
    }

    /**
     * The float64 reference: H recomputed in double from the model's own (float) weights, then
     * (HᵀH + I/C)β = HᵀT solved by Gaussian elimination with partial pivoting in double, independently of the
     * Cholesky code. β must match to float32 accuracy: the only differences are the backend's float H (a few ulps
     * per entry) and the rounding of β to float, amplified by the modest condition number of this small system.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void outputWeightsMatchADoublePrecisionLeastSquaresSolution(Backend backend) {
        Dataset data = synthetic(80, 7);
        float[] t2 = new float[80 * 2];
        for (int r = 0; r < 80; r++) {
            t2[2 * r] = data.targets()[r];
            t2[2 * r + 1] = data.features()[3 * r] - data.features()[3 * r + 2];
        }
        Dataset twoOutputs = Dataset.regression("two", data.features(), 80, 3, t2, 2, data.featureNames());
        // 20 hidden units < 80 rows: primal; 120 > 80: dual. Both must reach the same least-squares solution.
        for (int hidden : new int[] {20, 120}) {
            double c = 50;
            ElmModel model = ExtremeLearningMachine.builder().hidden(hidden).activation(Activation.TANH).c(c)
                    .seed(3).backend(backend).build().fit(twoOutputs);
            assertEquals(hidden > 80, model.fitInfo().dual());
            double[] reference = referenceBeta(twoOutputs, model, c);
            float[] beta = model.outputWeights();
            double scale = Arrays.stream(reference).map(Math::abs).max().orElseThrow();
            double worst = 0;
            for (int i = 0; i < beta.length; i++) worst = Math.max(worst, Math.abs(beta[i] - reference[i]));
            assertTrue(worst <= 1e-5 * scale, backend.name() + ", " + hidden + " hidden units: max |β − β64| = "
                    + worst + " for max |β64| = " + scale);
        }
    }

    /** β (outputs×hidden) of the ridge problem, all in double, by Gaussian elimination on the normal equations. */
    static double[] referenceBeta(Dataset data, ElmModel model, double c) {
        int n = data.rows(), d = data.featureCount(), l = model.hiddenUnits(), m = data.targetCount();
        float[] w = model.inputWeights(), b = model.hiddenBiases(), x = data.features(), t = data.targets();
        double[][] h = new double[n][l];
        for (int r = 0; r < n; r++) {
            for (int u = 0; u < l; u++) {
                double z = b[u];
                for (int j = 0; j < d; j++) z += (double) x[r * d + j] * w[u * d + j];
                h[r][u] = Math.tanh(z);
            }
        }
        double[][] a = new double[l][l + m];
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < l; j++) {
                double s = 0;
                for (int r = 0; r < n; r++) s += h[r][i] * h[r][j];
                a[i][j] = s + (i == j ? 1 / c : 0);
            }
            for (int o = 0; o < m; o++) {
                double s = 0;
                for (int r = 0; r < n; r++) s += h[r][i] * t[r * m + o];
                a[i][l + o] = s;
            }
        }
        for (int col = 0; col < l; col++) {
            int pivot = col;
            for (int r = col + 1; r < l; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            for (int r = col + 1; r < l; r++) {
                double f = a[r][col] / a[col][col];
                for (int k = col; k < l + m; k++) a[r][k] -= f * a[col][k];
            }
        }
        double[] beta = new double[m * l];
        for (int o = 0; o < m; o++) {
            for (int i = l - 1; i >= 0; i--) {
                double s = a[i][l + o];
                for (int k = i + 1; k < l; k++) s -= a[i][k] * beta[o * l + k];
                beta[o * l + i] = s / a[i][i];
            }
        }
        return beta;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void classifiesDigitsAbove97Percent(Backend backend) {
        Splits.Split split = Splits.random(Datasets.load("digits"), 0, 0.2, 42);
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset train = scaler.transform(split.train()), test = scaler.transform(split.test());
        ElmModel model = ExtremeLearningMachine.builder().hidden(500).activation(Activation.SIGMOID).c(10).seed(1)
                .backend(backend).build().fit(train);
        ElmModel.Evaluation evaluation = model.evaluate(backend, test);
        assertTrue(evaluation.accuracy() >= 0.97, backend.name() + ": digits test " + evaluation);
        assertTrue(model.isClassification());
        assertEquals(10, model.classCount());
        // A single-row prediction agrees with the batch evaluation path.
        int predicted = model.predictClass(test.featureRow(0));
        float[] y = model.predict(test.featureRow(0));
        assertEquals(10, y.length);
        assertEquals(IntStream.range(0, 10).reduce((i, j) -> y[j] > y[i] ? j : i).orElseThrow(), predicted);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void fitsASmoothRegressionFunction(Backend backend) {
        Dataset train = synthetic(600, 11), test = synthetic(200, 12);
        ElmModel model = ExtremeLearningMachine.builder().hidden(100).activation(Activation.TANH).c(100).seed(5)
                .backend(backend).build().fit(train);
        ElmModel.Evaluation e = model.evaluate(backend, test);
        assertTrue(Double.isNaN(e.accuracy()));
        assertFalse(model.isClassification());
        assertFalse(model.fitInfo().doubleGram(), model.fitInfo().toString());
        // The target's standard deviation is about 0.6; measured test RMSE 0.040.
        assertTrue(e.rootMeanSquaredError() < 0.05, backend.name() + ": " + e);
        // With C = 10⁶ only the ridge keeps 100 tanh units of 3 inputs apart, and 10⁻⁶ is below the rounding of a
        // float Gram matrix: the solver must form it in double, and the fit gets closer (measured RMSE 0.021).
        ElmModel tight = ExtremeLearningMachine.builder().hidden(100).activation(Activation.TANH).c(1e6).seed(5)
                .backend(backend).build().fit(train);
        assertTrue(tight.fitInfo().doubleGram(), tight.fitInfo().toString());
        assertTrue(tight.evaluate(backend, test).rootMeanSquaredError() < 0.03, backend.name() + ": " + e);
    }

    /** The model as a Network: same predictions, same accuracy via Metrics, and a model-file round trip. */
    @ParameterizedTest
    @MethodSource("backends")
    void convertsToANetworkThatSavesAndLoads(Backend backend, @TempDir Path dir) throws IOException {
        Splits.Split split = Splits.random(Datasets.load("wine"), 0, 0.3, 4);
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset train = scaler.transform(split.train()), test = scaler.transform(split.test());
        ElmModel model = ExtremeLearningMachine.builder().hidden(60).activation(Activation.GELU).c(10).seed(2)
                .backend(backend).build().fit(train);
        Network network = model.toNetwork(backend);
        assertEquals(13, network.inputSize());
        assertEquals(3, network.outputSize());
        float[] direct = new float[test.rows() * 3];
        model.predict(backend, test.rows(), test.features(), 0, direct, 0);
        float[] viaNetwork = new float[test.rows() * 3];
        network.newPredictor().predict(test.rows(), test.features(), 0, viaNetwork, 0);
        assertArrayEquals(direct, viaNetwork, 1e-5f);
        Evaluation e = Metrics.evaluate(network, test);
        assertEquals(model.evaluate(backend, test).accuracy(), e.accuracy(), 1e-12);

        Path file = dir.resolve("elm.safetensors");
        ModelFile.save(network, file);
        Network loaded = ModelFile.load(file, backend);
        assertEquals(network.architecture(), loaded.architecture());
        for (int i = 0; i < network.parameters().count(); i++) {
            assertArrayEquals(network.parameters().values(i), loaded.parameters().values(i), 0f, "tensor " + i);
        }
        // The same parameters bit for bit; outputs within rounding, as the SIMD backend's default native exp may
        // differ in the last bit between JIT tiers (docs/simd-accuracy.md).
        assertArrayEquals(viaNetwork, loaded.predict(test.features()), 1e-6f);
    }

    @Test
    void aSingularSystemIsReportedWithAHint() {
        // Identity units are linear in 3 inputs, so H (200×20) has rank 4: without ridge HᵀH is singular.
        Dataset data = synthetic(200, 1);
        ExtremeLearningMachine elm = ExtremeLearningMachine.builder().hidden(20).activation(Activation.IDENTITY)
                .c(Double.POSITIVE_INFINITY).backend(backends().getFirst()).build();
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> elm.fit(data));
        assertTrue(e.getMessage().contains("HᵀH + I/C (20×20)"), e.getMessage());
        assertTrue(e.getMessage().contains("linearly dependent"), e.getMessage());
        assertTrue(e.getMessage().contains("smaller C"), e.getMessage());
        // The same units with a ridge solve fine.
        ExtremeLearningMachine.builder().hidden(20).activation(Activation.IDENTITY).c(1e3)
                .backend(backends().getFirst()).build().fit(data);
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedAnother() {
        Dataset data = synthetic(100, 2);
        ExtremeLearningMachine.Builder b = ExtremeLearningMachine.builder().hidden(30).backend(backends().getFirst());
        ElmModel first = b.seed(9).build().fit(data), again = b.seed(9).build().fit(data);
        ElmModel other = b.seed(10).build().fit(data);
        assertArrayEquals(first.inputWeights(), again.inputWeights());
        assertArrayEquals(first.outputWeights(), again.outputWeights());
        assertFalse(Arrays.equals(first.inputWeights(), other.inputWeights()));
    }

    @Test
    void inputWeightDistributionsHaveTheRequestedScale() {
        ExtremeLearningMachine uniform = ExtremeLearningMachine.builder().hidden(2000)
                .inputWeights(ExtremeLearningMachine.Distribution.UNIFORM, 0.5).build();
        ExtremeLearningMachine normal = ExtremeLearningMachine.builder().hidden(2000)
                .inputWeights(ExtremeLearningMachine.Distribution.NORMAL, 0.5).build();
        float[] w = new float[2000 * 10], b = new float[2000];
        uniform.drawHiddenLayer(10, w, b);
        double max = 0, squares = 0;
        for (float v : w) max = Math.max(max, Math.abs(v));
        assertTrue(max <= 0.5 && max > 0.49, "uniform max " + max);
        normal.drawHiddenLayer(10, w, b);
        for (float v : w) squares += v * v;
        assertEquals(0.5, Math.sqrt(squares / w.length), 0.01);
        for (float v : b) assertTrue(Math.abs(v) <= 1);
    }

    @Test
    void badConfigurationAndMismatchedDataAreRejectedByName() {
        ExtremeLearningMachine.Builder b = ExtremeLearningMachine.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.hidden(0)).getMessage()
                .contains("hidden units = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.c(0)).getMessage().contains("C = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.c(Double.NaN)).getMessage()
                .contains("C = NaN"));
        assertThrows(IllegalArgumentException.class,
                () -> b.inputWeights(ExtremeLearningMachine.Distribution.NORMAL, -1));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ExtremeLearningMachine.Distribution.parse("cauchy")).getMessage().contains("uniform, normal"));
        ElmModel model = b.hidden(10).backend(backends().getFirst()).build().fit(synthetic(50, 3));
        Dataset iris = Datasets.load("iris");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.evaluate(iris)).getMessage()
                .contains("4 features, the model expects 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.predict(new float[4])).getMessage()
                .contains("expects 3"));
        assertThrows(IllegalStateException.class, () -> model.predictClass(new float[3]));
    }
}
