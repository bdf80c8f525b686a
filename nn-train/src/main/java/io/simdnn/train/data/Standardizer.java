package io.simdnn.train.data;

/**
 * Standardisation: {@code x' = (x − mean) / std} per feature, with the population standard deviation of the
 * training data. A constant feature gets scale 1 (it maps to 0 on the training data), never a division by zero.
 */
public final class Standardizer extends AffineScaler {

    static final String KIND = "standard";

    Standardizer(float[] mean, float[] std) {
        super(mean, std);
    }

    /** Fits the means and standard deviations of {@code train}'s features (in double precision). */
    public static Standardizer fit(Dataset train) {
        checkFittable(train);
        int n = train.rows();
        int f = train.featureCount();
        float[] x = train.features();
        double[] sum = new double[f];
        float[] min = new float[f];
        float[] max = new float[f];
        System.arraycopy(x, 0, min, 0, f);
        System.arraycopy(x, 0, max, 0, f);
        for (int r = 0, i = 0; r < n; r++) {
            for (int j = 0; j < f; j++, i++) {
                sum[j] += x[i];
                min[j] = Math.min(min[j], x[i]);
                max[j] = Math.max(max[j], x[i]);
            }
        }
        double[] mean = new double[f];
        for (int j = 0; j < f; j++) {
            // A constant column gets its exact value as the mean, so that it maps to exactly 0.
            mean[j] = min[j] == max[j] ? min[j] : sum[j] / n;
        }
        double[] squares = new double[f];
        for (int r = 0, i = 0; r < n; r++) {
            for (int j = 0; j < f; j++, i++) {
                double d = x[i] - mean[j];
                squares[j] += d * d;
            }
        }
        float[] a = new float[f];
        float[] b = new float[f];
        for (int j = 0; j < f; j++) {
            a[j] = (float) mean[j];
            b[j] = min[j] == max[j] ? 1f : scaleOf(Math.sqrt(squares[j] / n), j, "standard deviation");
        }
        return new Standardizer(a, b);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The training means; a copy. */
    public float[] mean() {
        return parameterA();
    }

    /** The training standard deviations (1 for constant features); a copy. */
    public float[] std() {
        return parameterB();
    }
}
