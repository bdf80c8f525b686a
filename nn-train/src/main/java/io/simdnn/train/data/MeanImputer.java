package io.simdnn.train.data;

import java.util.List;
import java.util.Objects;

/**
 * Fills missing feature values (NaN, from empty cells read with {@link CsvOptions.Missing#MEAN}) with each feature's
 * mean over the rows it was fitted on: fit it on the training rows only, so that validation and test rows do not
 * leak into training, then transform every part.
 */
public final class MeanImputer {
    private final float[] means;

    private MeanImputer(float[] means) {
        this.means = means;
    }

    /**
     * The mean of each feature over its present values in {@code d}.
     *
     * @throws IllegalArgumentException when a feature has no present value at all
     */
    public static MeanImputer fit(Dataset d) {
        Objects.requireNonNull(d, "d");
        float[] x = d.features();
        int cols = d.featureCount();
        float[] means = new float[cols];
        double[] sum = new double[cols];
        int[] count = new int[cols];
        for (int i = 0; i < x.length; i++) {
            if (!Float.isNaN(x[i])) {
                sum[i % cols] += x[i];
                count[i % cols]++;
            }
        }
        for (int c = 0; c < cols; c++) {
            if (count[c] == 0) {
                throw new IllegalArgumentException(d.name() + ": feature \"" + d.featureNames().get(c)
                        + "\" has no value in the " + d.rows() + " rows the imputer is fitted on");
            }
            means[c] = (float) (sum[c] / count[c]);
        }
        return new MeanImputer(means);
    }

    /** The fitted mean of each feature (a copy). */
    public float[] means() {
        return means.clone();
    }

    /** The data set with each missing value replaced by its feature's mean (the same set when none is missing). */
    public Dataset transform(Dataset d) {
        if (d.featureCount() != means.length) {
            throw new IllegalArgumentException(d.name() + " has " + d.featureCount() + " features; the imputer was"
                    + " fitted on " + means.length);
        }
        if (d.missingCount() == 0) {
            return d;
        }
        float[] x = d.features().clone();
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i])) {
                x[i] = means[i % means.length];
            }
        }
        return d.withFeatures(x, means.length);
    }

    /** Fills the NaN cells of a row-major table with their column's mean over the table's own rows. */
    static void fillWithColumnMeans(float[] values, int rows, int cols, String source, List<String> names) {
        if (rows == 0) {
            return;
        }
        Dataset table = Dataset.create(source, values, rows, cols, new float[rows], 1, null, null,
                names == null ? null : names);
        float[] filled = fit(table).transform(table).features();
        System.arraycopy(filled, 0, values, 0, values.length);
    }
}
