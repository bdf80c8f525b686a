package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backends;
import org.junit.jupiter.api.Test;

/** The baselines compute the same functions as the backends, so their speed is a fair comparison. */
class MathExpLoopsTest {

    @Test
    void everyBaselineAgreesWithTheScalarBackend() {
        for (String function : new String[] {"sigmoid", "tanh", "gelu", "gelu_tanh", "softplus", "exp"}) {
            boolean exp = function.equals("exp");
            Activation f = exp ? Activation.ELU : Activation.parse(function);
            int n = 20_000;
            float[] x = Verify.uniform(n, 7, -20f, exp ? 0f : 20f);
            float[] got = new float[n], want = new float[n];
            MathExpLoops.apply(function, n, x, got);
            Backends.get("scalar", 1).activate(f, f.defaultParameter(), n, x, 0, want, 0);
            Verify.elementwise(function, x, got, want);
            float[] vector = new float[n];
            NaiveVectorLoops.apply(function, n - 3, x, vector); // and a partial last vector
            vector[n - 3] = want[n - 3];
            vector[n - 2] = want[n - 2];
            vector[n - 1] = want[n - 1];
            Verify.elementwise("vector-naive " + function, x, vector, want);
        }
    }

    @Test
    void theCheckRejectsAWrongFunction() {
        int n = 1000;
        float[] x = Verify.uniform(n, 7, -8f, 8f);
        float[] got = new float[n], want = new float[n];
        MathExpLoops.apply("gelu_tanh", n, x, got);
        Backends.get("scalar", 1).activate(Activation.GELU_SIGMOID, Float.NaN, n, x, 0, want, 0);
        assertThrows(IllegalStateException.class, () -> Verify.elementwise("gelu_tanh", x, got, want));
    }
}
