package io.simdnn.spark;

import io.simdnn.train.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
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
     * data set's order (so the row order is the one {@code Trainer} sees).
     */
    public static org.apache.spark.sql.Dataset<Row> toDataFrame(SparkSession spark, Dataset d, int partitions) {
        int n = d.featureCount();
        float[] x = d.features();
        List<Row> rows = new ArrayList<>(d.rows());
        for (int r = 0; r < d.rows(); r++) {
            double[] v = new double[n];
            for (int j = 0; j < n; j++) v[j] = x[r * n + j];
            double label = d.isClassification() ? d.labels()[r] : d.targets()[r * d.targetCount()];
            rows.add(RowFactory.create(Vectors.dense(v), label));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), schema());
    }
}
