package io.simdnn.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset small() {
        return Dataset.classification("small", new float[] {1, 2, 3, 4, 5, 6}, 3, 2, new int[] {2, 0, 1}, 3,
                List.of("a", "b"));
    }

    @Test
    void classificationHasOneHotTargets() {
        Dataset d = small();
        assertTrue(d.isClassification());
        assertEquals(3, d.targetCount());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, d.targets());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
        assertEquals("small (3 rows × 2 features, 3 classes)", d.toString());
    }

    @Test
    void factoriesCopyTheirInputs() {
        float[] x = {1, 2};
        int[] labels = {0};
        Dataset d = Dataset.classification("c", x, 1, 2, labels, 2, null);
        x[0] = 7;
        labels[0] = 1;
        assertEquals(1f, d.features()[0]);
        assertEquals(0, d.labels()[0]);
        assertEquals(List.of("x0", "x1"), d.featureNames());
    }

    @Test
    void regressionKeepsTargets() {
        Dataset d = Dataset.regression("r", new float[] {1, 2, 3}, 3, 1, new float[] {1, 2, 3, 4, 5, 6}, 2, null);
        assertFalse(d.isClassification());
        assertNull(d.labels());
        assertEquals(0, d.classCount());
        assertEquals(2, d.targetCount());
        Dataset s = d.subset(new int[] {2, 0});
        assertArrayEquals(new float[] {3, 1}, s.features());
        assertArrayEquals(new float[] {5, 6, 1, 2}, s.targets());
    }

    @Test
    void subsetKeepsClassCountAndOrder() {
        Dataset s = small().subset(new int[] {1, 1});
        assertEquals(2, s.rows());
        assertEquals(3, s.classCount());
        assertArrayEquals(new float[] {3, 4, 3, 4}, s.features());
        assertArrayEquals(new int[] {0, 0}, s.labels());
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0}, s.targets());
        assertEquals(List.of("a", "b"), s.featureNames());
        assertThrows(IndexOutOfBoundsException.class, () -> small().subset(new int[] {3}));
    }

    @Test
    void withFeaturesReplacesOnlyFeatures() {
        Dataset d = small().withFeatures(new float[] {9, 8, 7}, 1);
        assertEquals(1, d.featureCount());
        assertEquals(List.of("x0"), d.featureNames());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
        assertEquals(List.of("a", "b"), small().withFeatures(new float[6], 2).featureNames());
        assertThrows(IllegalArgumentException.class, () -> small().withFeatures(new float[5], 2));
    }

    @Test
    void validationNamesTheProblem() {
        assertEquals("d: 3 feature values for 2 rows × 2 features", assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[3], 2, 2, new int[2], 2, null)).getMessage());
        assertEquals("d: row 1 has label 2, outside 0..1", assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[4], 2, 2, new int[] {0, 2}, 2, null)).getMessage());
        assertEquals("d: row 0 has label -1, outside 0..1", assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[4], 2, 2, new int[] {-1, 0}, 2, null)).getMessage());
        assertEquals("d: 1 labels for 2 rows", assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[4], 2, 2, new int[1], 2, null)).getMessage());
        assertEquals("d: feature at row 1, column 0 (\"a\") is NaN; values must be finite",
                assertThrows(IllegalArgumentException.class, () -> Dataset.classification("d",
                        new float[] {0, 0, Float.NaN, 0}, 2, 2, new int[2], 2, List.of("a", "b"))).getMessage());
        assertEquals("d: target at row 0, column 1 is Infinity; values must be finite",
                assertThrows(IllegalArgumentException.class, () -> Dataset.regression("d", new float[2], 2, 1,
                        new float[] {0, Float.POSITIVE_INFINITY, 0, 0}, 2, null)).getMessage());
        assertEquals("d: 1 feature names for 2 features", assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[4], 2, 2, new int[2], 2, List.of("a"))).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[4], 2, 2, new int[2], 0, null));
    }
}
