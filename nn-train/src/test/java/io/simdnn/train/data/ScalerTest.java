package io.simdnn.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScalerTest {

    private static Dataset train() {
        // Feature 0: 1, 3 (mean 2, std 1); feature 1: constant 5.
        return Dataset.classification("train", new float[] {1, 5, 3, 5}, 2, 2, new int[] {0, 1}, 2, null);
    }

    private static Dataset test() {
        return Dataset.classification("test", new float[] {5, 7}, 1, 2, new int[] {1}, 2, null);
    }

    @Test
    void standardizerUsesTrainingStatisticsOnly() {
        Standardizer s = Standardizer.fit(train());
        assertEquals("standard", s.kind());
        assertArrayEquals(new float[] {2, 5}, s.mean());
        assertArrayEquals(new float[] {1, 1}, s.std(), "a constant column gets scale 1");
        assertArrayEquals(new float[] {-1, 0, 1, 0}, s.transform(train()).features());
        Dataset scaledTest = s.transform(test());
        assertArrayEquals(new float[] {3, 2}, scaledTest.features(), "the test set is scaled with training statistics");
        assertArrayEquals(new int[] {1}, scaledTest.labels());
        assertArrayEquals(new float[] {5, 7}, test().features(), "transform returns a new data set");
    }

    @Test
    void standardizedTrainingDataHasZeroMeanUnitVariance() {
        Dataset wine = Datasets.load("wine");
        Dataset scaled = Standardizer.fit(wine).transform(wine);
        int f = scaled.featureCount();
        for (int j = 0; j < f; j++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < scaled.rows(); r++) {
                double v = scaled.features()[r * f + j];
                sum += v;
                squares += v * v;
            }
            double mean = sum / scaled.rows();
            assertEquals(0, mean, 1e-5);
            assertEquals(1, squares / scaled.rows() - mean * mean, 1e-4);
        }
    }

    @Test
    void minMaxUsesTrainingRange() {
        MinMaxScaler m = MinMaxScaler.fit(train());
        assertEquals("minmax", m.kind());
        assertArrayEquals(new float[] {1, 5}, m.min());
        assertArrayEquals(new float[] {2, 1}, m.range());
        assertArrayEquals(new float[] {0, 0, 1, 0}, m.transform(train()).features());
        assertArrayEquals(new float[] {2, 2}, m.transform(test()).features(), "held-out data may leave [0, 1]");
    }

    @Test
    void transformInPlaceScalesRowsAtAnOffset() {
        Scaler s = Standardizer.fit(train());
        float[] rows = {42, 3, 5, 1, 5, 42};
        s.transformInPlace(rows, 1, 2);
        assertArrayEquals(new float[] {42, 1, 0, -1, 0, 42}, rows);
        assertThrows(IndexOutOfBoundsException.class, () -> s.transformInPlace(rows, 3, 2));
    }

    @Test
    void rebuiltFromParameters() {
        Scaler fitted = MinMaxScaler.fit(train());
        Scaler rebuilt = Scaler.of(fitted.kind(), fitted.parameterA(), fitted.parameterB());
        assertArrayEquals(fitted.transform(test()).features(), rebuilt.transform(test()).features());
        assertThrows(IllegalArgumentException.class, () -> Scaler.of("robust", new float[1], new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Scaler.of("standard", new float[1], new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Scaler.of("standard", new float[2], new float[] {1}));
    }

    @Test
    void featureCountMustMatch() {
        Standardizer s = Standardizer.fit(train());
        Dataset other = Dataset.classification("other", new float[3], 1, 3, new int[1], 2, null);
        assertEquals("standard scaler fitted on 2 features cannot scale other with 3 features",
                assertThrows(IllegalArgumentException.class, () -> s.transform(other)).getMessage());
        Dataset empty = train().subset(new int[0]);
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(empty));
    }
}
