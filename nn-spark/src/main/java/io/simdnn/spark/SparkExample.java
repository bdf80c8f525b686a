package io.simdnn.spark;

import io.simdnn.train.data.Datasets;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a classifier on the embedded digits data set (1797 8×8 images) with a Spark ML Pipeline: standardisation,
 * then a simdnn MLP trained data-parallel; prints the per-epoch metrics and the test accuracy. Runs on
 * {@code local[*]} unless a master is given (spark-submit's {@code --master}). Arguments (optional): partitions
 * (default 2), epochs (default 15), a directory to save the fitted pipeline to.
 */
public final class SparkExample {
    private SparkExample() {}

    public static void main(String[] args) throws java.io.IOException {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        SparkSession.Builder builder = SparkSession.builder().appName("simdnn digits");
        if (!new SparkConf().contains("spark.master")) builder = builder.master("local[*]");
        SparkSession spark = builder.getOrCreate();
        try {
            Dataset<Row> digits = SparkData.toDataFrame(spark, Datasets.load("digits"), partitions);
            Dataset<Row>[] split = digits.randomSplit(new double[] {0.8, 0.2}, 1);
            Dataset<Row> train = split[0].cache(), test = split[1];

            StandardScaler scaler = new StandardScaler().setInputCol("features").setOutputCol("scaled")
                    .setWithMean(true).setWithStd(true);
            SimdMlpClassifier mlp = new SimdMlpClassifier().setFeaturesCol("scaled").setLayers(64, 128, 10)
                    .setOptimizer("adam").setLearningRate(0.01).setBatchSize(128).setEpochs(epochs).setSeed(5)
                    .addListener(new io.simdnn.train.TrainingListener() {
                        @Override
                        public void onEpochEnd(io.simdnn.train.EpochMetrics m) {
                            System.out.println(m);
                        }
                    });
            PipelineModel model = new Pipeline().setStages(new PipelineStage[] {scaler, mlp}).fit(train);

            double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                    .evaluate(model.transform(test));
            SimdMlpModel trained = (SimdMlpModel) model.stages()[1];
            System.out.printf("Test accuracy: %.2f%% on %d rows; %s trained on %d partitions%n", 100 * accuracy,
                    test.count(), trained.network(), train.rdd().getNumPartitions());
            if (args.length > 2) {
                model.write().overwrite().save(args[2]);
                System.out.println("Saved the pipeline to " + args[2] + "; the network is stages/1_*/"
                        + SimdMlpModel.MODEL_FILE);
            }
        } finally {
            spark.stop();
        }
    }
}
