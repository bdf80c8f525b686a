package io.simdnn.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** A data set whose single feature is the row index, so that parts can be traced back to rows. */
    private static Dataset indexed(int[] labels, int classCount) {
        float[] x = new float[labels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return Dataset.classification("indexed", x, labels.length, 1, labels, classCount, null);
    }

    private static Set<Integer> rowsOf(Dataset d) {
        Set<Integer> rows = new HashSet<>();
        if (d != null) {
            for (float v : d.features()) {
                assertTrue(rows.add((int) v), "a row appears twice in one part");
            }
        }
        return rows;
    }

    @Test
    void randomSplitIsDisjointCompleteAndStratified() {
        Dataset digits = Datasets.load("digits");
        Dataset d = indexed(digits.labels(), 10);
        Splits.Split s = Splits.random(d, 0.1, 0.2, 42);
        Set<Integer> train = rowsOf(s.train());
        Set<Integer> val = rowsOf(s.validation());
        Set<Integer> test = rowsOf(s.test());
        assertEquals(359, test.size());
        assertEquals(180, val.size());
        assertEquals(1797 - 359 - 180, train.size());
        Set<Integer> all = new HashSet<>(train);
        all.addAll(val);
        all.addAll(test);
        assertEquals(1797, all.size(), "the parts cover every row exactly once");
        int[] whole = digits.classCounts();
        int[] testCounts = s.test().classCounts();
        int[] valCounts = s.validation().classCounts();
        for (int c = 0; c < 10; c++) {
            assertTrue(Math.abs(testCounts[c] - whole[c] * 0.2) <= 1, "class " + c + " in test");
            assertTrue(Math.abs(valCounts[c] - whole[c] * 0.1) <= 1, "class " + c + " in validation");
        }
        for (int i = 0; i < s.test().rows(); i++) {
            int row = (int) s.test().features()[i];
            assertEquals(digits.labels()[row], s.test().labels()[i], "labels travel with their rows");
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset iris = Datasets.load("iris");
        Splits.Split a = Splits.random(iris, 0.2, 0.2, 7);
        Splits.Split b = Splits.random(iris, 0.2, 0.2, 7);
        Splits.Split c = Splits.random(iris, 0.2, 0.2, 8);
        assertArrayEquals(a.train().features(), b.train().features());
        assertArrayEquals(a.validation().labels(), b.validation().labels());
        assertArrayEquals(a.test().features(), b.test().features());
        assertFalse(java.util.Arrays.equals(a.test().features(), c.test().features()));
        assertArrayEquals(new int[] {10, 10, 10}, a.test().classCounts());
        assertArrayEquals(new int[] {30, 30, 30}, a.train().classCounts());
    }

    @Test
    void zeroFractionGivesNoPart() {
        Splits.Split s = Splits.random(Datasets.load("wine"), 0, 0.2, 1);
        assertNull(s.validation());
        assertEquals(36, s.test().rows());
        assertEquals(142, s.train().rows());
        assertEquals(3, s.train().classCount());
    }

    @Test
    void regressionSplitShufflesAndCuts() {
        float[] x = new float[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i;
        }
        Dataset d = Dataset.regression("r", x, 20, 1, x, 1, null);
        Splits.Split s = Splits.random(d, 0.25, 0.25, 3);
        assertEquals(10, s.train().rows());
        assertEquals(5, s.validation().rows());
        assertEquals(5, s.test().rows());
        Set<Integer> all = rowsOf(s.train());
        all.addAll(rowsOf(s.validation()));
        all.addAll(rowsOf(s.test()));
        assertEquals(20, all.size());
        assertArrayEquals(s.test().features(), s.test().targets());
    }

    @Test
    void firstPerClassIsTheNotesIrisSplit() {
        Splits.Split s = Splits.firstPerClass(Datasets.load("iris"), 40);
        assertEquals(120, s.train().rows());
        assertEquals(30, s.test().rows());
        assertNull(s.validation());
        Dataset iris = indexed(Datasets.load("iris").labels(), 3);
        Splits.Split traced = Splits.firstPerClass(iris, 40);
        for (int i = 0; i < 120; i++) {
            int row = (int) traced.train().features()[i];
            assertEquals(i / 40 * 50 + i % 40, row);
        }
        for (int i = 0; i < 30; i++) {
            int row = (int) traced.test().features()[i];
            assertEquals(i / 10 * 50 + 40 + i % 10, row);
        }
    }

    @Test
    void badArguments() {
        Dataset iris = Datasets.load("iris");
        assertThrows(IllegalArgumentException.class, () -> Splits.random(iris, -0.1, 0.2, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(iris, 0.5, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(iris, Double.NaN, 0.2, 1));
        assertEquals("iris: class 0 has 50 rows, fewer than the 51 asked for training",
                assertThrows(IllegalArgumentException.class, () -> Splits.firstPerClass(iris, 51)).getMessage());
        Dataset two = indexed(new int[] {0, 1}, 2);
        assertThrows(IllegalArgumentException.class, () -> Splits.random(two, 0.4, 0.4, 1));
    }

    @Test
    void apportionUsesLargestRemainders() {
        assertArrayEquals(new int[] {1, 1, 0}, Splits.apportion(new int[] {1, 1, 1}, 2));
        assertArrayEquals(new int[] {2, 1}, Splits.apportion(new int[] {5, 4}, 3));
        assertArrayEquals(new int[] {0, 0}, Splits.apportion(new int[] {5, 4}, 0));
        assertArrayEquals(new int[] {5, 4}, Splits.apportion(new int[] {5, 4}, 9));
    }
}
