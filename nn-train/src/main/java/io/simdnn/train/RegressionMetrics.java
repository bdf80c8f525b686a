package io.simdnn.train;

import io.simdnn.model.Network;
import io.simdnn.train.data.Dataset;
import java.util.Locale;
import java.util.Objects;

/**
 * A regression model's errors on a data set, over all rows and targets: mean squared error, its root, mean
 * absolute error, and the coefficient of determination R² = 1 − SS_res / SS_tot (per target, around the target's
 * mean on these rows, then averaged over the targets as scikit-learn's {@code r2_score} does; NaN for a constant
 * target).
 */
public record RegressionMetrics(double mse, double rmse, double mae, double r2, int rows) {

    /** The errors of the network's outputs against the data set's targets (the network's output link applied). */
    public static RegressionMetrics of(Network network, Dataset data) {
        Objects.requireNonNull(network, "network");
        if (data.isClassification()) {
            throw new IllegalArgumentException(data.name() + " is a classification data set: use Metrics.evaluate");
        }
        if (network.outputSize() != data.targetCount() || network.inputSize() != data.featureCount()) {
            throw new IllegalArgumentException(data.name() + " has " + data.featureCount() + " features and "
                    + data.targetCount() + " targets; the network maps " + network.inputSize() + " to "
                    + network.outputSize());
        }
        return of(network.predict(data.features()), data.targets(), data.rows(), data.targetCount());
    }

    /** The errors of predictions {@code y} against targets {@code t}, both {@code rows × targets} row-major. */
    public static RegressionMetrics of(float[] y, float[] t, int rows, int targets) {
        if (y.length != t.length || t.length != (long) rows * targets || rows < 1) {
            throw new IllegalArgumentException(y.length + " predictions and " + t.length + " targets for " + rows
                    + " rows × " + targets + " targets");
        }
        double sq = 0, abs = 0, r2 = 0;
        for (int j = 0; j < targets; j++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) mean += t[r * targets + j];
            mean /= rows;
            double res = 0, tot = 0;
            for (int r = 0; r < rows; r++) {
                double e = (double) y[r * targets + j] - t[r * targets + j];
                double d = t[r * targets + j] - mean;
                res += e * e;
                tot += d * d;
                abs += Math.abs(e);
            }
            sq += res;
            r2 += tot == 0 ? Double.NaN : 1 - res / tot;
        }
        double n = (double) rows * targets;
        return new RegressionMetrics(sq / n, Math.sqrt(sq / n), abs / n, r2 / targets, rows);
    }

    /** {@code MSE 0.1234, RMSE 0.3513, MAE 0.2801, R² 0.9132 on 30 rows}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MSE %.4g, RMSE %.4g, MAE %.4g, R² %.4f on %d rows", mse, rmse, mae, r2,
                rows);
    }
}
