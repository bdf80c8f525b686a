package io.simdnn.train.data;

import java.util.Objects;

/** The shared arithmetic of the scalers: {@code x' = (x − a) / b} per feature. */
abstract sealed class AffineScaler implements Scaler permits Standardizer, MinMaxScaler {

    private final float[] offset;
    private final float[] scale;

    AffineScaler(float[] offset, float[] scale) {
        if (offset.length != scale.length || offset.length == 0) {
            throw new IllegalArgumentException(kind() + " scaler: " + offset.length + " offsets and " + scale.length
                    + " scales; both need one value per feature");
        }
        for (int j = 0; j < offset.length; j++) {
            if (!Float.isFinite(offset[j]) || !(scale[j] > 0) || !Float.isFinite(scale[j])) {
                throw new IllegalArgumentException(kind() + " scaler: feature " + j + " has offset " + offset[j]
                        + " and scale " + scale[j] + "; the offset must be finite and the scale finite and positive");
            }
        }
        this.offset = offset;
        this.scale = scale;
    }

    @Override
    public final Dataset transform(Dataset d) {
        Objects.requireNonNull(d, "d");
        checkFeatures(d);
        float[] x = d.features().clone();
        transformInPlace(x, 0, d.rows());
        return d.withFeatures(x, d.featureCount());
    }

    @Override
    public final void transformInPlace(float[] rows, int offset, int count) {
        int f = this.offset.length;
        Objects.checkFromIndexSize(offset, Math.multiplyExact(count, f), rows.length);
        for (int r = 0, i = offset; r < count; r++) {
            for (int j = 0; j < f; j++, i++) {
                rows[i] = (rows[i] - this.offset[j]) / scale[j];
            }
        }
    }

    @Override
    public final float[] parameterA() {
        return offset.clone();
    }

    @Override
    public final float[] parameterB() {
        return scale.clone();
    }

    @Override
    public final int featureCount() {
        return offset.length;
    }

    private void checkFeatures(Dataset d) {
        if (d.featureCount() != offset.length) {
            throw new IllegalArgumentException(kind() + " scaler fitted on " + offset.length + " features cannot scale "
                    + d.name() + " with " + d.featureCount() + " features");
        }
    }

    static void checkFittable(Dataset train) {
        Objects.requireNonNull(train, "train");
        if (train.rows() == 0) {
            throw new IllegalArgumentException("cannot fit a scaler on " + train.name() + ": it has no rows");
        }
        Dataset.requireComplete(train, "fit a scaler on");
    }

    /** Each feature's minimum and maximum over {@code rows} rows of {@code min.length} values (rows ≥ 1). */
    static void columnRanges(float[] x, int rows, float[] min, float[] max) {
        int f = min.length;
        System.arraycopy(x, 0, min, 0, f);
        System.arraycopy(x, 0, max, 0, f);
        for (int r = 0, i = 0; r < rows; r++) {
            for (int j = 0; j < f; j++, i++) {
                min[j] = Math.min(min[j], x[i]);
                max[j] = Math.max(max[j], x[i]);
            }
        }
    }

    /** A float scale from a double statistic: 1 for a constant feature; an error if it leaves the float range. */
    static float scaleOf(double value, int feature, String what) {
        float f = (float) value;
        if (f == 0f) {
            return 1f;
        }
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("feature " + feature + " has a " + what + " of " + value
                    + ", beyond the float range");
        }
        return f;
    }
}
