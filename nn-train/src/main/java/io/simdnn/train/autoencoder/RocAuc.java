package io.simdnn.train.autoencoder;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/** Area under the ROC curve, to measure how well an anomaly score (such as a reconstruction error) ranks. */
public final class RocAuc {
    private RocAuc() {}

    /**
     * The probability that a random positive (anomalous) row scores above a random negative one, ties counting one
     * half: the rank-sum (Mann–Whitney) formula, O(n log n).
     *
     * @throws IllegalArgumentException when the lengths differ, a score is NaN, or a class is empty
     */
    public static double of(double[] scores, boolean[] positive) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(positive, "positive");
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("score " + i + " is NaN");
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) j++;
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("ROC AUC needs both classes; got " + positives + " positive and "
                    + negatives + " negative rows");
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
