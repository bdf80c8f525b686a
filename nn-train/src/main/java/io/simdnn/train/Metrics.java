package io.simdnn.train;

import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.model.Workspace;
import io.simdnn.train.data.Dataset;

/** Evaluates a network on a data set: loss, accuracy, confusion matrix, per-class precision and recall. */
public final class Metrics {
    private static final int CHUNK = 256;

    private Metrics() {}

    /** With the loss matching the network's output link ({@link Loss#defaultFor}). */
    public static Evaluation evaluate(Network network, Dataset data) {
        return evaluate(network, data, Loss.defaultFor(network.output()));
    }

    public static Evaluation evaluate(Network network, Dataset data, Loss loss) {
        TrainingData d = TrainingData.of(data, network.architecture(), "evaluation");
        Workspace ws = new Workspace(network.architecture(), network.backend(), Math.min(CHUNK, d.rows()));
        return evaluate(ws, network.parameters(), d, loss);
    }

    /** Evaluates in chunks of the workspace's size, dropout off. */
    static Evaluation evaluate(Workspace ws, Parameters params, TrainingData d, Loss loss) {
        int k = d.classCount();
        int[][] confusion = new int[k][k];
        int[] predicted = new int[Math.min(ws.maxRows(), d.rows())];
        double sum = 0;
        int in = d.features(), out = d.targetWidth();
        for (int r = 0; r < d.rows(); r += ws.maxRows()) {
            int m = Math.min(ws.maxRows(), d.rows() - r);
            ws.forward(params, d.x(), r * in, m, false, null);
            sum += ws.loss(loss, d.targets(), r * out) * m;
            if (k > 0) {
                predictedClasses(ws, m, out, predicted);
                for (int i = 0; i < m; i++) confusion[d.labels()[r + i]][predicted[i]]++;
            }
        }
        return Evaluation.of(sum / d.rows(), confusion);
    }

    private static void predictedClasses(Workspace ws, int m, int out, int[] predicted) {
        float[] z = ws.logits();
        if (out == 1) {
            boolean linear = ws.architecture().output() == io.simdnn.model.Output.LINEAR;
            for (int i = 0; i < m; i++) predicted[i] = (linear ? z[i] >= 0.5f : z[i] > 0f) ? 1 : 0;
        } else {
            ws.backend().argmaxRows(m, out, z, 0, predicted, 0);
        }
    }
}
