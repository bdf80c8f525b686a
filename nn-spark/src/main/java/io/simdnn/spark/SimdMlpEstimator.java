package io.simdnn.spark;

import io.simdnn.model.Architecture;
import io.simdnn.model.Init;
import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.train.Optimizer;
import io.simdnn.train.Optimizers;
import io.simdnn.train.TrainingConfig;
import io.simdnn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * The Params and training shared by {@link SimdMlpClassifier} and {@link SimdMlpRegressor}: an MLP of
 * {@code layers} sizes (input, hidden…, output) trained by {@link SparkTrainer}.
 */
public abstract class SimdMlpEstimator<E extends SimdMlpEstimator<E>> extends Estimator<SimdMlpModel>
        implements DefaultParamsWritable {
    private final String uid;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final Param<String> featuresCol, labelCol, predictionCol, probabilityCol, activation, init, optimizer, loss;
    private final IntArrayParam layers;
    private final DoubleParam learningRate, momentum, decoupledWeightDecay, weightDecay, clipNorm;
    private final IntParam epochs, batchSize, aggregationDepth, localSteps, scoringBatchSize;
    private final LongParam seed;
    private final BooleanParam shuffle;

    SimdMlpEstimator(String uid, String defaultProbabilityCol) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "features column: vectors of the input layer's size");
        labelCol = new Param<>(this, "labelCol", "label column: the class index (classifier) or the target");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        probabilityCol = new Param<>(this, "probabilityCol", "column of class probabilities (empty: none)");
        layers = new IntArrayParam(this, "layers", "layer sizes: input, hidden..., output (e.g. 784, 256, 128, 10)");
        activation = new Param<>(this, "activation", "hidden activation: relu, sigmoid, tanh, gelu, ... (simdnn names)");
        init = new Param<>(this, "init", "weight initialisation: xavier, he, ... (empty: he for ReLU-like, else xavier)");
        optimizer = new Param<>(this, "optimizer", "optimizer: " + String.join(", ", Optimizers.names()));
        learningRate = new DoubleParam(this, "learningRate", "learning rate", ParamValidators.gt(0));
        momentum = new DoubleParam(this, "momentum", "momentum of momentum and nesterov",
                ParamValidators.inRange(0, 1, true, false));
        decoupledWeightDecay = new DoubleParam(this, "decoupledWeightDecay", "AdamW's decoupled weight decay",
                ParamValidators.gtEq(0));
        weightDecay = new DoubleParam(this, "weightDecay", "coupled L2 weight decay λ on the weights",
                ParamValidators.gtEq(0));
        clipNorm = new DoubleParam(this, "clipNorm", "clip the gradient's global L2 norm to this (0: off)",
                ParamValidators.gtEq(0));
        loss = new Param<>(this, "loss", "loss (empty: the default of the output: softmax/sigmoid cross-entropy, mse)");
        epochs = new IntParam(this, "epochs", "passes over the data", ParamValidators.gtEq(1));
        batchSize = new IntParam(this, "batchSize", "rows per global mini-batch (0: full batch)", ParamValidators.gtEq(0));
        seed = new LongParam(this, "seed", "seed of the initial weights, the shuffling and dropout");
        shuffle = new BooleanParam(this, "shuffle", "reshuffle the rows every epoch");
        aggregationDepth = new IntParam(this, "aggregationDepth", "depth of treeAggregate", ParamValidators.gtEq(1));
        localSteps = new IntParam(this, "localSteps",
                "global batches per round of local SGD then weight-change averaging (1: synchronous SGD)",
                ParamValidators.gtEq(1));
        scoringBatchSize = new IntParam(this, "scoringBatchSize", "rows per forward pass when scoring",
                ParamValidators.gtEq(1));
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, defaultProbabilityCol);
        setDefault(activation, "relu");
        setDefault(init, "");
        setDefault(optimizer, "adam");
        setDefault(learningRate, 1e-3);
        setDefault(momentum, 0.9);
        setDefault(decoupledWeightDecay, 0.01);
        setDefault(weightDecay, 0.0);
        setDefault(clipNorm, 0.0);
        setDefault(loss, "");
        setDefault(epochs, 10);
        setDefault(batchSize, 32);
        setDefault(seed, 42L);
        setDefault(shuffle, true);
        setDefault(aggregationDepth, 2);
        setDefault(localSteps, 1);
        setDefault(scoringBatchSize, 256);
    }

    /** The output link of the network this estimator trains. */
    abstract Output output(int outputs);

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> probabilityCol() { return probabilityCol; }
    public IntArrayParam layers() { return layers; }
    public Param<String> activation() { return activation; }
    public Param<String> init() { return init; }
    public Param<String> optimizer() { return optimizer; }
    public DoubleParam learningRate() { return learningRate; }
    public DoubleParam momentum() { return momentum; }
    public DoubleParam decoupledWeightDecay() { return decoupledWeightDecay; }
    public DoubleParam weightDecay() { return weightDecay; }
    public DoubleParam clipNorm() { return clipNorm; }
    public Param<String> loss() { return loss; }
    public IntParam epochs() { return epochs; }
    public IntParam batchSize() { return batchSize; }
    public LongParam seed() { return seed; }
    public BooleanParam shuffle() { return shuffle; }
    public IntParam aggregationDepth() { return aggregationDepth; }
    public IntParam localSteps() { return localSteps; }
    public IntParam scoringBatchSize() { return scoringBatchSize; }

    public E setFeaturesCol(String v) { set(featuresCol, v); return self(); }
    public E setLabelCol(String v) { set(labelCol, v); return self(); }
    public E setPredictionCol(String v) { set(predictionCol, v); return self(); }
    public E setProbabilityCol(String v) { set(probabilityCol, v); return self(); }
    public E setLayers(int... v) { set(layers, v); return self(); }
    public E setActivation(String v) { set(activation, v); return self(); }
    public E setInit(String v) { set(init, v); return self(); }
    public E setOptimizer(String v) { set(optimizer, v); return self(); }
    public E setLearningRate(double v) { set(learningRate, v); return self(); }
    public E setMomentum(double v) { set(momentum, v); return self(); }
    public E setDecoupledWeightDecay(double v) { set(decoupledWeightDecay, v); return self(); }
    public E setWeightDecay(double v) { set(weightDecay, v); return self(); }
    public E setClipNorm(double v) { set(clipNorm, v); return self(); }
    public E setLoss(String v) { set(loss, v); return self(); }
    public E setEpochs(int v) { set(epochs, v); return self(); }
    public E setBatchSize(int v) { set(batchSize, v); return self(); }
    public E setSeed(long v) { set(seed, v); return self(); }
    public E setShuffle(boolean v) { set(shuffle, v); return self(); }
    public E setAggregationDepth(int v) { set(aggregationDepth, v); return self(); }
    public E setLocalSteps(int v) { set(localSteps, v); return self(); }
    public E setScoringBatchSize(int v) { set(scoringBatchSize, v); return self(); }

    /** Adds a progress listener, called on the driver (not a Param: it is neither saved nor part of a ParamMap). */
    public E addListener(TrainingListener l) {
        listeners.add(java.util.Objects.requireNonNull(l, "listener"));
        return self();
    }

    /** The architecture the Params describe. */
    public Architecture architecture() {
        if (!isDefined(layers)) {
            throw new IllegalArgumentException("set the layers first, e.g. setLayers(784, 256, 128, 10)");
        }
        int[] sizes = getOrDefault(layers);
        StringBuilder spec = new StringBuilder();
        for (int s : sizes) spec.append(spec.isEmpty() ? "" : "-").append(s);
        return Architecture.parse(spec.toString(), Activation.parse(getOrDefault(activation)),
                output(sizes[sizes.length - 1]));
    }

    /** The single-JVM {@code TrainingConfig} the Params describe (with this estimator's listeners). */
    public TrainingConfig trainingConfig() {
        String name = getOrDefault(optimizer).trim().toLowerCase(Locale.ROOT);
        double lr = ((Double) getOrDefault(learningRate));
        Optimizer o = switch (name) {
            case "momentum" -> Optimizers.momentum(lr, ((Double) getOrDefault(momentum)));
            case "nesterov" -> Optimizers.nesterov(lr, ((Double) getOrDefault(momentum)));
            case "adamw" -> Optimizers.adamw(lr, ((Double) getOrDefault(decoupledWeightDecay)));
            default -> Optimizers.parse(name, lr);
        };
        String l = getOrDefault(loss);
        TrainingConfig.Builder b = TrainingConfig.builder().optimizer(o).loss(l.isBlank() ? null : Loss.parse(l))
                .epochs(((Integer) getOrDefault(epochs))).batchSize(((Integer) getOrDefault(batchSize))).weightDecay(((Double) getOrDefault(weightDecay)))
                .clipNorm(((Double) getOrDefault(clipNorm))).seed(((Long) getOrDefault(seed))).shuffle(((Boolean) getOrDefault(shuffle)));
        listeners.forEach(b::listener);
        return b.build();
    }

    /** The initial network: the architecture with weights drawn from {@code init} with {@code seed}. */
    public Network initialNetwork() {
        String i = getOrDefault(init);
        return Network.create(architecture(), i.isBlank() ? null : Init.parse(i), ((Long) getOrDefault(seed)), null);
    }

    @Override
    public SimdMlpModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        SparkTrainingResult r = new SparkTrainer(trainingConfig()).aggregationDepth(((Integer) getOrDefault(aggregationDepth)))
                .localSteps(((Integer) getOrDefault(localSteps)))
                .fit(initialNetwork(), dataset.toDF(), getOrDefault(featuresCol), getOrDefault(labelCol));
        SimdMlpModel model = new SimdMlpModel(uid, r.network(), r.epochs());
        copyValues(model, new ParamMap());
        model.setParent(this);
        return model;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        Architecture a = architecture();
        String label = getOrDefault(labelCol);
        if (java.util.Arrays.asList(schema.fieldNames()).contains(label)) {
            if (a.output() != Output.LINEAR || a.outputSize() == 1) Schemas.requireNumeric(schema, label);
            else Schemas.requireVector(schema, label);
        }
        return SimdMlpModel.outputSchema(schema, a.output(), a.outputSize(), getOrDefault(featuresCol),
                getOrDefault(predictionCol), a.output() == Output.LINEAR ? "" : getOrDefault(probabilityCol));
    }

    @Override
    public E copy(ParamMap extra) {
        E copy = defaultCopy(extra);
        ((SimdMlpEstimator<?>) copy).listeners.addAll(listeners);
        return copy;
    }
}
