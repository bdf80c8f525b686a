package io.simdnn.spark;

import io.simdnn.model.Output;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * A simdnn MLP classifier trained on Spark: softmax output and cross-entropy for several classes, a sigmoid output
 * and binary cross-entropy for one output unit. The label column holds class indices 0, 1, …; the model appends the
 * predicted class and the class probabilities.
 *
 * <pre>{@code
 * SimdMlpClassifier mlp = new SimdMlpClassifier().setLayers(784, 256, 128, 10).setOptimizer("adam")
 *         .setLearningRate(1e-3).setEpochs(10).setBatchSize(128);
 * PipelineModel model = new Pipeline().setStages(new PipelineStage[] {assembler, mlp}).fit(train);
 * }</pre>
 */
public final class SimdMlpClassifier extends SimdMlpEstimator<SimdMlpClassifier> {

    public SimdMlpClassifier() {
        this(Identifiable.randomUID("simdMlpClassifier"));
    }

    public SimdMlpClassifier(String uid) {
        super(uid, "probability");
    }

    @Override
    Output output(int outputs) {
        return outputs == 1 ? Output.SIGMOID : Output.SOFTMAX;
    }

    public static MLReader<SimdMlpClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static SimdMlpClassifier load(String path) {
        return read().load(path);
    }
}
