package io.simdnn.spark;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.model.io.ModelFile;
import io.simdnn.train.EpochMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained simdnn network as a Spark ML {@code Model}: {@code transform} appends the prediction (the class index for
 * a classifier, the value for a regressor, a vector for several regression outputs) and, for a classifier, the class
 * probabilities as a vector. Each partition is scored in batches of {@link #scoringBatchSize()} rows with one
 * {@code Predictor} per task; the network is broadcast once and shared by an executor's tasks.
 *
 * <p>Saved as a directory: {@code metadata/} (Spark's Params JSON) and {@code model.safetensors}, a simdnn model file
 * that {@code ModelFile.load} and the command line read; {@link #fromNetwork} wraps any simdnn network, e.g. one
 * loaded from such a file.
 */
public final class SimdMlpModel extends Model<SimdMlpModel> implements MLWritable {
    /** The simdnn model file inside a saved model's directory. */
    public static final String MODEL_FILE = "model.safetensors";

    private final String uid;
    private final Network network;
    private final List<EpochMetrics> history;
    private final Param<String> featuresCol, predictionCol, probabilityCol;
    private final IntParam scoringBatchSize;

    SimdMlpModel(String uid, Network network, List<EpochMetrics> history) {
        this.uid = uid;
        this.network = network;
        this.history = List.copyOf(history);
        this.featuresCol = new Param<>(this, "featuresCol", "features column: vectors of the network's input size");
        this.predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        this.probabilityCol = new Param<>(this, "probabilityCol",
                "column of class probabilities (classification; empty: none)");
        this.scoringBatchSize = new IntParam(this, "scoringBatchSize", "rows per forward pass when scoring",
                ParamValidators.gtEq(1));
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, network.output() == Output.LINEAR ? "" : "probability");
        setDefault(scoringBatchSize, 256);
    }

    /** A model of any simdnn network (for instance one loaded with {@code ModelFile.load}). */
    public static SimdMlpModel fromNetwork(Network network) {
        return new SimdMlpModel(Identifiable.randomUID("simdMlpModel"), network, List.of());
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The trained network (immutable; {@code network().newPredictor()} scores in-process). */
    public Network network() {
        return network;
    }

    /** The metrics of every training epoch (empty for a loaded model). */
    public List<EpochMetrics> history() {
        return history;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public IntParam scoringBatchSize() {
        return scoringBatchSize;
    }

    public SimdMlpModel setFeaturesCol(String c) {
        set(featuresCol, c);
        return this;
    }

    public SimdMlpModel setPredictionCol(String c) {
        set(predictionCol, c);
        return this;
    }

    public SimdMlpModel setProbabilityCol(String c) {
        set(probabilityCol, c);
        return this;
    }

    public SimdMlpModel setScoringBatchSize(int n) {
        set(scoringBatchSize, n);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, network.output(), network.outputSize(), getOrDefault(featuresCol),
                getOrDefault(predictionCol), probabilityColumn());
    }

    static StructType outputSchema(StructType schema, Output output, int outputs, String features, String prediction,
            String probability) {
        Schemas.requireVector(schema, features);
        boolean vectorPrediction = output == Output.LINEAR && outputs > 1;
        StructType out = Schemas.append(schema, DataTypes.createStructField(prediction,
                vectorPrediction ? SQLDataTypes.VectorType() : DataTypes.DoubleType, false));
        if (!probability.isEmpty()) {
            out = Schemas.append(out, DataTypes.createStructField(probability, SQLDataTypes.VectorType(), false));
        }
        return out;
    }

    private String probabilityColumn() {
        return network.output() == Output.LINEAR ? "" : getOrDefault(probabilityCol);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        Dataset<Row> df = dataset.toDF();
        String features = getOrDefault(featuresCol);
        int index = df.schema().fieldIndex(features);
        int batch = (Integer) getOrDefault(scoringBatchSize);
        boolean probabilities = !probabilityColumn().isEmpty();
        Broadcast<SharedNetwork> shared = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext())
                .broadcast(new SharedNetwork(network));
        return df.mapPartitions((MapPartitionsFunction<Row, Row>) rows ->
                new Scorer(shared.value(), rows, features, index, batch, probabilities), Encoders.row(out));
    }

    @Override
    public SimdMlpModel copy(ParamMap extra) {
        SimdMlpModel m = new SimdMlpModel(uid, network, history);
        copyValues(m, extra);
        if (hasParent()) m.setParent(parent());
        return m;
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<SimdMlpModel> read() {
        return new Reader();
    }

    public static SimdMlpModel load(String path) {
        return read().load(path);
    }

    private static final class Writer extends MLWriter {
        private final SimdMlpModel model;

        Writer(SimdMlpModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            try {
                java.nio.file.Path local = Files.createTempFile("simdnn-model", ".safetensors");
                try {
                    ModelFile.save(model.network, local);
                    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(path, MODEL_FILE);
                    FileSystem fs = target.getFileSystem(sc().hadoopConfiguration());
                    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), target);
                } finally {
                    Files.deleteIfExists(local);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the model to " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class Reader extends MLReader<SimdMlpModel> {
        @Override
        public SimdMlpModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    SimdMlpModel.class.getName());
            Network network;
            try {
                java.nio.file.Path local = Files.createTempFile("simdnn-model", ".safetensors");
                try {
                    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(path, MODEL_FILE);
                    FileSystem fs = source.getFileSystem(sc().hadoopConfiguration());
                    fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(local.toUri()), true);
                    network = ModelFile.load(local);
                } finally {
                    Files.deleteIfExists(local);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the model from " + path + ": " + e.getMessage(), e);
            }
            SimdMlpModel m = new SimdMlpModel(metadata.uid(), network, List.of());
            metadata.getAndSetParams(m, scala.Option.empty());
            return m;
        }
    }
}
