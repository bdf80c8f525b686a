package io.simdnn.train;

/**
 * A network's figures on a data set: mean loss, and for classification the accuracy, the confusion matrix
 * ({@code confusion[actual][predicted]}) and per-class precision and recall (NaN for a class never predicted or
 * never present). Accuracy is NaN and the arrays empty for regression.
 */
public record Evaluation(double loss, double accuracy, int[][] confusion, double[] precision, double[] recall) {

    /** Per-class F1, the harmonic mean of precision and recall (NaN where either is NaN, 0 where both are 0). */
    public double[] f1() {
        double[] f = new double[precision.length];
        for (int c = 0; c < f.length; c++) {
            double p = precision[c], r = recall[c];
            f[c] = Double.isNaN(p) || Double.isNaN(r) ? Double.NaN : p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        return f;
    }

    /**
     * Averages over the classes present in the data (with rows): the macro average weighs each class alike, the
     * weighted one by its rows. A present class that is never predicted counts with precision (and F1) 0, as
     * scikit-learn's {@code zero_division=0}.
     */
    public double macroPrecision() {
        return mean(precision, false);
    }

    public double macroRecall() {
        return mean(recall, false);
    }

    public double macroF1() {
        return mean(f1(), false);
    }

    public double weightedPrecision() {
        return mean(precision, true);
    }

    public double weightedRecall() {
        return mean(recall, true);
    }

    public double weightedF1() {
        return mean(f1(), true);
    }

    /** Rows of each actual class. */
    public int[] support() {
        int[] s = new int[confusion.length];
        for (int c = 0; c < s.length; c++) for (int v : confusion[c]) s[c] += v;
        return s;
    }

    private double mean(double[] values, boolean weighted) {
        int[] support = support();
        double sum = 0, total = 0;
        for (int c = 0; c < values.length; c++) {
            if (support[c] == 0) continue;
            double w = weighted ? support[c] : 1;
            sum += w * (Double.isNaN(values[c]) ? 0 : values[c]);
            total += w;
        }
        return total == 0 ? Double.NaN : sum / total;
    }

    /** The 0-1 error: 1 − accuracy. */
    public double errorRate() {
        return 1 - accuracy;
    }

    static Evaluation of(double loss, int[][] confusion) {
        int k = confusion.length;
        double[] precision = new double[k], recall = new double[k];
        long correct = 0, total = 0;
        for (int c = 0; c < k; c++) {
            long predicted = 0, actual = 0;
            for (int o = 0; o < k; o++) {
                predicted += confusion[o][c];
                actual += confusion[c][o];
            }
            precision[c] = predicted == 0 ? Double.NaN : confusion[c][c] / (double) predicted;
            recall[c] = actual == 0 ? Double.NaN : confusion[c][c] / (double) actual;
            correct += confusion[c][c];
            total += actual;
        }
        return new Evaluation(loss, k == 0 || total == 0 ? Double.NaN : correct / (double) total, confusion, precision,
                recall);
    }
}
