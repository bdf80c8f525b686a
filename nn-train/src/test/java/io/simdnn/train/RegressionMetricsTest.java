package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    @Test
    void figuresAgreeWithTheirDefinitions() {
        // Targets 1, 2, 3, 4 (mean 2.5, SS_tot 5); predictions off by 0.5, −0.5, 1, 0.
        RegressionMetrics m = RegressionMetrics.of(new float[] {1.5f, 1.5f, 4, 4}, new float[] {1, 2, 3, 4}, 4, 1);
        assertEquals(1.5 / 4, m.mse(), 1e-12);
        assertEquals(Math.sqrt(1.5 / 4), m.rmse(), 1e-12);
        assertEquals(2.0 / 4, m.mae(), 1e-12);
        assertEquals(1 - 1.5 / 5, m.r2(), 1e-12);
        assertEquals(1.0, RegressionMetrics.of(new float[] {1, 2}, new float[] {1, 2}, 2, 1).r2());
        assertTrue(Double.isNaN(RegressionMetrics.of(new float[] {1, 2}, new float[] {3, 3}, 2, 1).r2()));
        assertEquals("MSE 0.3750, RMSE 0.6124, MAE 0.5000, R² 0.7000 on 4 rows", m.toString());
    }
}
