package io.simdnn.train.data;

/**
 * Min-max scaling to {@code [0, 1]} on the training data: {@code x' = (x − min) / (max − min)} per feature. A
 * constant feature gets range 1 (it maps to 0 on the training data). Held-out data may fall outside {@code [0, 1]}.
 */
public final class MinMaxScaler extends AffineScaler {

    static final String KIND = "minmax";

    MinMaxScaler(float[] min, float[] range) {
        super(min, range);
    }

    /** Fits the minimum and range of each of {@code train}'s features. */
    public static MinMaxScaler fit(Dataset train) {
        checkFittable(train);
        int n = train.rows();
        int f = train.featureCount();
        float[] x = train.features();
        float[] min = new float[f];
        float[] max = new float[f];
        System.arraycopy(x, 0, min, 0, f);
        System.arraycopy(x, 0, max, 0, f);
        for (int r = 0, i = 0; r < n; r++) {
            for (int j = 0; j < f; j++, i++) {
                min[j] = Math.min(min[j], x[i]);
                max[j] = Math.max(max[j], x[i]);
            }
        }
        float[] range = new float[f];
        for (int j = 0; j < f; j++) {
            range[j] = scaleOf((double) max[j] - min[j], j, "range");
        }
        return new MinMaxScaler(min, range);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The training minimums; a copy. */
    public float[] min() {
        return parameterA();
    }

    /** The training ranges (1 for constant features); a copy. */
    public float[] range() {
        return parameterB();
    }
}
