package io.simdnn.train;

/**
 * A network's figures on a data set: mean loss, and for classification the accuracy, the confusion matrix
 * ({@code confusion[actual][predicted]}) and per-class precision and recall (NaN for a class never predicted or
 * never present). Accuracy is NaN and the arrays empty for regression.
 */
public record Evaluation(double loss, double accuracy, int[][] confusion, double[] precision, double[] recall) {

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
