package io.simdnn.spark;

import io.simdnn.model.Output;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * A simdnn MLP regressor trained on Spark: a linear output and, by default, the mean squared error. The label column
 * is a number (one output) or a vector (several outputs); the model appends the prediction of the same shape.
 */
public final class SimdMlpRegressor extends SimdMlpEstimator<SimdMlpRegressor> {

    public SimdMlpRegressor() {
        this(Identifiable.randomUID("simdMlpRegressor"));
    }

    public SimdMlpRegressor(String uid) {
        super(uid, "");
    }

    @Override
    Output output(int outputs) {
        return Output.LINEAR;
    }

    public static MLReader<SimdMlpRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static SimdMlpRegressor load(String path) {
        return read().load(path);
    }
}
