package io.simdnn.cli;

import io.simdnn.train.data.Dataset;
import java.util.Locale;

/** Data that reads correctly but cannot train a model, caught before training with the reason. */
final class DataChecks {
    /**
     * The largest |feature| trained on without standardisation: the squares of gradients (Adam, RMSprop, AdaGrad)
     * must stay within float32, and a gradient grows with the feature.
     */
    static final double MAX_RAW_FEATURE = 1e15;

    private DataChecks() {}

    /** A classifier needs rows of two classes at least. */
    static void requireTwoClasses(Dataset d) {
        if (!d.isClassification()) return;
        int[] labels = d.labels();
        for (int label : labels) if (label != labels[0]) return;
        throw new UserException(d.name() + ": every row has class " + labels[0]
                + "; a classifier needs rows of at least two classes");
    }

    /** Without standardisation, every feature must be small enough for float32 training. */
    static void requireTrainableMagnitudes(Dataset d) {
        float[] x = d.features();
        int features = d.featureCount();
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) > MAX_RAW_FEATURE) {
                int column = i % features;
                throw new UserException(String.format(Locale.ROOT, "%s data row %d, feature %d (\"%s\"): %s is too"
                        + " large to train on without standardisation (|x| <= %.0e keeps squared gradients within"
                        + " float32); drop --no-standardize or rescale the column", d.name(), i / features + 1,
                        column + 1, d.featureNames().get(column), x[i], MAX_RAW_FEATURE));
            }
        }
    }
}
