package io.simdnn.spark;

import io.simdnn.train.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** simdnn data sets as Spark DataFrames, for examples and tests. */
public final class SparkData {
    private SparkData() {}

    /** The schema: {@code features} (vector) and {@code label} (double: the class, or the first target). */
    public static StructType schema() {
        return new StructType().add("features", SQLDataTypes.VectorType(), false)
                .add("label", DataTypes.DoubleType, false);
    }

    /**
     * {@code d} as a DataFrame of {@link #schema()} in {@code partitions} partitions of consecutive rows, in the
     * data set's order (so the row order is the one {@code Trainer} sees). The arrays are broadcast once and each
     * partition builds its rows from them: a DataFrame made with {@code parallelize} or {@code createDataFrame(List)}
     * carries its rows inside every task of every job that reads it, which would cost each training step the data's
     * transfer.
     */
    public static org.apache.spark.sql.Dataset<Row> toDataFrame(SparkSession spark, Dataset d, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions = " + partitions + " must be at least 1");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int n = d.featureCount(), rows = d.rows(), width = d.targetCount();
        boolean classification = d.isClassification();
        Broadcast<float[]> x = jsc.broadcast(d.features());
        Broadcast<float[]> y = jsc.broadcast(classification ? new float[0] : d.targets());
        Broadcast<int[]> labels = jsc.broadcast(classification ? d.labels() : new int[0]);
        List<Integer> slices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) slices.add(p);
        JavaRDD<Row> data = jsc.parallelize(slices, partitions).flatMap(p -> {
            int from = (int) ((long) rows * p / partitions), to = (int) ((long) rows * (p + 1) / partitions);
            float[] xs = x.value();
            List<Row> out = new ArrayList<>(to - from);
            for (int r = from; r < to; r++) {
                double[] v = new double[n];
                for (int j = 0; j < n; j++) v[j] = xs[r * n + j];
                double label = classification ? labels.value()[r] : y.value()[r * width];
                out.add(RowFactory.create(Vectors.dense(v), label));
            }
            return out.iterator();
        });
        return spark.createDataFrame(data, schema());
    }
}
