package io.simdnn.train.elm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CholeskyTest {

    /** A = MᵀM + n·I for a random M: symmetric positive definite and well conditioned. */
    static double[] spd(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) m[i] = random.nextDouble() * 2 - 1;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) s += m[k * n + i] * m[k * n + j];
                a[i * n + j] = s;
            }
        }
        return a;
    }

    // Sizes around the panel width (64) and the 4-row blocking of the update.
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 63, 64, 65, 130, 203})
    void solvesAgainstAKnownSolution(int n) {
        double[] a = spd(n, n);
        int m = 3;
        SplittableRandom random = new SplittableRandom(1);
        // m right-hand sides, each a contiguous vector of n.
        double[] x = new double[m * n];
        for (int i = 0; i < x.length; i++) x[i] = random.nextDouble() - 0.5;
        double[] b = new double[m * n];
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += a[i * n + k] * x[c * n + k];
                b[c * n + i] = s;
            }
        }
        Cholesky.factorInPlace(a, n, 0x1p-40, "A").solveInPlace(b, m);
        for (int i = 0; i < x.length; i++) assertEquals(x[i], b[i], 1e-12, "n = " + n + ", element " + i);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 70})
    void anIndefiniteMatrixNamesItsPivot(int n) {
        double[] a = spd(n, 5);
        // Make row/column n−1 a copy of row/column 0: the last pivot becomes (numerically) zero.
        for (int k = 0; k < n; k++) {
            a[(n - 1) * n + k] = a[k];
            a[k * n + n - 1] = a[k];
        }
        a[(n - 1) * n + n - 1] = a[0];
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> Cholesky.factorInPlace(a, n, 1e-12, "the test matrix"));
        assertTrue(e.getMessage().startsWith("the test matrix is not positive definite: pivot " + n + " of " + n),
                e.getMessage());
    }
}
