package io.simdnn.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    @ParameterizedTest
    @CsvSource({"iris, 150, 4, 3", "digits, 1797, 64, 10", "wine, 178, 13, 3", "breast-cancer, 569, 30, 2"})
    void everyEmbeddedDataSetLoadsWithItsShape(String name, int rows, int features, int classes) {
        Dataset d = Datasets.load(name);
        assertEquals(name, d.name());
        assertEquals(rows, d.rows());
        assertEquals(features, d.featureCount());
        assertEquals(classes, d.classCount());
        assertEquals(classes, d.targetCount());
        assertEquals(features, d.featureNames().size());
        assertEquals(rows * features, d.features().length);
        assertEquals(rows * classes, d.targets().length);
        for (int count : d.classCounts()) {
            assertTrue(count > 0, "every class appears");
        }
    }

    @Test
    void irisIsTheClassicTable() {
        Dataset iris = Datasets.load("iris");
        assertEquals(List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"),
                iris.featureNames());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, iris.featureRow(0));
        assertArrayEquals(new float[] {5.9f, 3.0f, 5.1f, 1.8f}, iris.featureRow(149));
        assertArrayEquals(new int[] {50, 50, 50}, iris.classCounts());
        assertEquals(0, iris.labels()[49]);
        assertEquals(1, iris.labels()[50]);
        assertEquals(2, iris.labels()[100]);
    }

    @Test
    void digitsHoldsPixelCounts() {
        Dataset digits = Datasets.load("digits");
        for (float v : digits.features()) {
            assertTrue(v >= 0 && v <= 16 && v == Math.rint(v));
        }
    }

    @Test
    void namesAreListedAndAliasesAccepted() {
        assertEquals(List.of("iris", "digits", "wine", "breast-cancer"), Datasets.names());
        assertEquals(569, Datasets.load("Breast_Cancer").rows());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("mnist"));
        assertEquals("unknown data set \"mnist\"; the embedded data sets are iris, digits, wine, breast-cancer",
                e.getMessage());
    }

    @Test
    void eachLoadIsIndependent() {
        Dataset a = Datasets.load("iris");
        a.features()[0] = 99f;
        assertEquals(5.1f, Datasets.load("iris").features()[0]);
    }
}
