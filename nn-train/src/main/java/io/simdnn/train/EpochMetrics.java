package io.simdnn.train;

/**
 * What one epoch measured. {@code trainLoss} is the mean loss over the epoch's batches (plus ½λ‖W‖² with weight
 * decay) and {@code trainAccuracy} the share of correctly classified training samples as they went through the
 * epoch's forward passes; the validation figures (NaN without a validation set) are measured after the epoch, with
 * dropout off, and {@code validation} holds their confusion matrix and per-class precision and recall (null without
 * a validation set). Accuracies are NaN for regression.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy, double learningRate, long nanos, Evaluation validation) {

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "epoch %d: loss %.6g", epoch,
                trainLoss));
        if (!Double.isNaN(trainAccuracy)) s.append(String.format(java.util.Locale.ROOT, ", accuracy %.4f", trainAccuracy));
        if (!Double.isNaN(validationLoss)) {
            s.append(String.format(java.util.Locale.ROOT, ", validation loss %.6g", validationLoss));
        }
        if (!Double.isNaN(validationAccuracy)) {
            s.append(String.format(java.util.Locale.ROOT, ", validation accuracy %.4f", validationAccuracy));
        }
        return s.append(String.format(java.util.Locale.ROOT, ", lr %.4g, %.1f ms", learningRate, nanos / 1e6))
                .toString();
    }
}
