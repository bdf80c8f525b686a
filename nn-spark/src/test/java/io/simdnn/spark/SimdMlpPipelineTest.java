package io.simdnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Network;
import io.simdnn.model.Predictor;
import io.simdnn.model.io.ModelFile;
import io.simdnn.train.Trainer;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimdMlpPipelineTest {
    static final SparkSession SPARK = TestSpark.session();
    static final Dataset IRIS = Datasets.load("iris");

    /** Iris as four numeric columns and a label, in two partitions. */
    static org.apache.spark.sql.Dataset<Row> irisColumns() {
        StructType schema = new StructType();
        for (int j = 0; j < 4; j++) schema = schema.add("x" + j, DataTypes.DoubleType, false);
        schema = schema.add("label", DataTypes.DoubleType, false);
        List<Row> rows = new ArrayList<>();
        float[] x = IRIS.features();
        for (int r = 0; r < IRIS.rows(); r++) {
            rows.add(RowFactory.create((double) x[4 * r], (double) x[4 * r + 1], (double) x[4 * r + 2],
                    (double) x[4 * r + 3], (double) IRIS.labels()[r]));
        }
        return SPARK.createDataFrame(rows, schema).repartition(2);
    }

    static SimdMlpClassifier classifier() {
        return new SimdMlpClassifier().setLayers(4, 16, 3).setActivation("tanh").setOptimizer("adam")
                .setLearningRate(0.05).setEpochs(60).setBatchSize(0).setSeed(3).setScoringBatchSize(7);
    }

    @Test
    void aPipelineWithAVectorAssemblerTrainsSavesAndLoads(@TempDir Path dir) throws IOException {
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"})
                .setOutputCol("features");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, classifier()});
        org.apache.spark.sql.Dataset<Row> data = irisColumns();
        PipelineModel fitted = pipeline.fit(data);
        List<Row> scored = fitted.transform(data).select("label", "prediction", "probability").collectAsList();
        long hits = scored.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
        assertTrue(hits >= 0.95 * IRIS.rows(), "training accuracy " + hits + "/" + IRIS.rows());
        for (Row r : scored) assertEquals(1.0, sum(r.getAs(2)), 1e-5);

        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertEquals(scored, loaded.transform(data).select("label", "prediction", "probability").collectAsList());

        SimdMlpModel model = (SimdMlpModel) fitted.stages()[1];
        SimdMlpModel reloaded = (SimdMlpModel) loaded.stages()[1];
        SparkTrainerTest.assertBitIdentical(model.network(), reloaded.network(), "reloaded");
        assertEquals(7, (int) (Integer) reloaded.getOrDefault(reloaded.scoringBatchSize()));
        // The model directory holds a plain simdnn model file.
        try (var files = Files.walk(Path.of(path))) {
            Path file = files.filter(p -> p.getFileName().toString().equals(SimdMlpModel.MODEL_FILE)).findFirst()
                    .orElseThrow();
            SparkTrainerTest.assertBitIdentical(model.network(), ModelFile.load(file), "model file");
        }
        // The unfitted pipeline keeps the estimator's Params.
        pipeline.write().overwrite().save(dir.resolve("unfitted").toString());
        SimdMlpClassifier c = (SimdMlpClassifier) Pipeline.load(dir.resolve("unfitted").toString()).getStages()[1];
        assertEquals(0.05, (Double) c.getOrDefault(c.learningRate()));
        assertEquals(List.of(4, 16, 3), java.util.Arrays.stream(c.getOrDefault(c.layers())).boxed().toList());
    }

    @Test
    void theEstimatorOnOnePartitionEqualsTheSingleJvmTrainer() {
        SimdMlpClassifier c = classifier().setEpochs(5).setBatchSize(16).setWeightDecay(1e-3);
        SimdMlpModel m = c.fit(SparkData.toDataFrame(SPARK, IRIS, 1));
        Network single = Trainer.train(c.initialNetwork(), IRIS, null, c.trainingConfig()).network();
        SparkTrainerTest.assertBitIdentical(single, m.network(), "estimator");
        assertEquals(5, m.history().size());
    }

    @Test
    void transformEqualsThePredictorAndAFileSavedOutsideSparkLoads(@TempDir Path dir) throws IOException {
        SimdMlpClassifier c = classifier().setEpochs(3);
        Network net = Trainer.train(c.initialNetwork(), IRIS, null, c.trainingConfig()).network();
        Path file = dir.resolve("iris.safetensors");
        ModelFile.save(net, file);
        SimdMlpModel model = SimdMlpModel.fromNetwork(ModelFile.load(file)).setScoringBatchSize(5);
        List<Row> rows = model.transform(SparkData.toDataFrame(SPARK, IRIS, 3))
                .select("features", "prediction", "probability").collectAsList();
        Predictor p = net.newPredictor();
        float[] out = new float[3];
        for (Row r : rows) {
            double[] v = ((Vector) r.get(0)).toArray();
            float[] x = new float[v.length];
            for (int j = 0; j < v.length; j++) x[j] = (float) v[j];
            p.predict(x, 0, out, 0);
            double[] prob = ((Vector) r.get(2)).toArray();
            int best = 0;
            for (int k = 0; k < 3; k++) {
                assertEquals(out[k], prob[k], 0.0, "probability " + k);
                if (out[k] > out[best]) best = k;
            }
            assertEquals(best, r.getDouble(1), 0.0);
        }
        assertEquals(IRIS.rows(), rows.size());

        String saved = dir.resolve("model").toString();
        model.write().save(saved);
        SparkTrainerTest.assertBitIdentical(net, ModelFile.load(Path.of(saved, SimdMlpModel.MODEL_FILE)), "saved");
        SparkTrainerTest.assertBitIdentical(net, SimdMlpModel.load(saved).network(), "loaded");
    }

    @Test
    void aRegressorFitsAFunction() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double a = (i % 20) / 10.0 - 1, b = (i / 20) / 5.0 - 1;
            rows.add(RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(a, b), a * b + 0.5 * a));
        }
        org.apache.spark.sql.Dataset<Row> data = SPARK.createDataFrame(rows, SparkData.schema()).repartition(2);
        SimdMlpModel m = new SimdMlpRegressor().setLayers(2, 16, 1).setActivation("tanh").setLearningRate(0.05)
                .setEpochs(80).setBatchSize(0).fit(data);
        double first = m.history().getFirst().trainLoss(), last = m.history().getLast().trainLoss();
        assertTrue(last < 0.05 * first, "MSE " + first + " → " + last);
        Row r = m.transform(data).select("label", "prediction").first();
        assertEquals(r.getDouble(0), r.getDouble(1), 0.15);
        assertTrue(!java.util.Arrays.asList(m.transform(data).columns()).contains("probability"));
    }

    @Test
    void badInputIsNamed() {
        org.apache.spark.sql.Dataset<Row> iris = SparkData.toDataFrame(SPARK, IRIS, 2);
        var e1 = assertThrows(IllegalArgumentException.class, () -> new SimdMlpClassifier().fit(iris));
        assertTrue(e1.getMessage().contains("setLayers"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> classifier().setFeaturesCol("pixels").fit(iris));
        assertTrue(e2.getMessage().contains("no column 'pixels'"), e2.getMessage());
        var e3 = assertThrows(Exception.class, () -> classifier().setLayers(5, 8, 3).setEpochs(1).fit(iris));
        assertTrue(rootMessage(e3).contains("has 4 values; the network needs 5"),
                rootMessage(e3));
        var e4 = assertThrows(Exception.class, () -> classifier().setLayers(4, 8, 2).setEpochs(1).fit(iris));
        assertTrue(rootMessage(e4).contains("is not a class index in 0..1"), rootMessage(e4));
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    private static double sum(Vector v) {
        double s = 0;
        for (double d : v.toArray()) s += d;
        return s;
    }
}
