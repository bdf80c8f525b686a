package io.simdnn.train.data;

/**
 * A per-feature affine scaling fitted on training data: {@code x' = (x − a) / b} with one offset {@code a} and one
 * positive scale {@code b} per feature. Fit it on the training set only and apply the same scaler to validation,
 * test and prediction inputs, so that no statistic of held-out data leaks into training.
 */
public interface Scaler {

    /** A new data set with scaled features (the data set given is not changed). */
    Dataset transform(Dataset d);

    /**
     * Scales {@code count} rows of {@link #featureCount()} values each, in place, starting at {@code offset}.
     * Allocates nothing.
     */
    void transformInPlace(float[] rows, int offset, int count);

    /** {@code "standard"} or {@code "minmax"}: what {@link #of} accepts back. */
    String kind();

    /** The offsets {@code a} (the means, or the minimums); a copy. */
    float[] parameterA();

    /** The scales {@code b} (the standard deviations, or the ranges; 1 for a constant feature); a copy. */
    float[] parameterB();

    /** The number of features this scaler was fitted on. */
    int featureCount();

    /**
     * Rebuilds a scaler from its kind and parameters, e.g. from a model file.
     *
     * @throws IllegalArgumentException for an unknown kind, mismatched lengths, non-finite offsets or scales that
     *                                  are not finite and positive
     */
    static Scaler of(String kind, float[] a, float[] b) {
        return switch (kind) {
            case Standardizer.KIND -> new Standardizer(a.clone(), b.clone());
            case MinMaxScaler.KIND -> new MinMaxScaler(a.clone(), b.clone());
            case null, default -> throw new IllegalArgumentException("unknown scaler kind \"" + kind
                    + "\"; the kinds are " + Standardizer.KIND + ", " + MinMaxScaler.KIND);
        };
    }
}
