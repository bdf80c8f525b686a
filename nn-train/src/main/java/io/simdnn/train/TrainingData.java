package io.simdnn.train;

import io.simdnn.model.Architecture;
import io.simdnn.train.data.Dataset;

/**
 * A data set as a network reads it: contiguous feature rows, target rows of the network's output width, labels.
 * A two-class data set feeds a one-output network its labels as 0/1 targets.
 */
record TrainingData(String name, int rows, int features, float[] x, int targetWidth, float[] targets, int[] labels,
        int classCount) {

    static TrainingData of(Dataset d, Architecture a, String role) {
        if (d.featureCount() != a.inputSize()) {
            throw new IllegalArgumentException(role + " data set '" + d.name() + "' has " + d.featureCount()
                    + " features but the network takes " + a.inputSize() + " inputs");
        }
        Dataset.requireComplete(d, "use the " + role + " data set");
        if (d.rows() < 1) throw new IllegalArgumentException(role + " data set '" + d.name() + "' has no rows");
        int out = a.outputSize();
        float[] t = d.targets();
        if (d.targetCount() != out) {
            if (d.isClassification() && d.classCount() == 2 && out == 1) {
                t = new float[d.rows()];
                int[] labels = d.labels();
                for (int i = 0; i < t.length; i++) t[i] = labels[i];
            } else {
                throw new IllegalArgumentException(role + " data set '" + d.name() + "' has " + d.targetCount()
                        + " targets per row but the network outputs " + out + " values");
            }
        }
        int classes = d.isClassification() ? Math.max(d.classCount(), 2) : 0;
        return new TrainingData(d.name(), d.rows(), d.featureCount(), d.features(), out, t,
                d.isClassification() ? d.labels() : null, classes);
    }
}
