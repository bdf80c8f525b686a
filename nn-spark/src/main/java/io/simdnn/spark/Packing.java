package io.simdnn.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** DataFrame rows to one {@link RowBlock} per partition, checked row by row with errors naming the row. */
final class Packing {
    private Packing() {}

    /**
     * Packs {@code featuresCol} (vectors of {@code inputs} values) and {@code labelCol}: a class index in
     * {@code [0, max(outputs, 2))} for classification (one-hot targets, or 0/1 for one output), else the target (a
     * number for one output, a vector of {@code outputs} values for several).
     */
    static JavaRDD<RowBlock> blocks(Dataset<Row> data, String featuresCol, String labelCol, int inputs, int outputs,
            boolean classification) {
        Schemas.requireVector(data.schema(), featuresCol);
        if (classification || outputs == 1) Schemas.requireNumeric(data.schema(), labelCol);
        else Schemas.requireVector(data.schema(), labelCol);
        int classes = Math.max(outputs, 2);
        JavaRDD<Row> rows = data.select(functions.col(featuresCol), functions.col(labelCol)).javaRDD();
        return rows.mapPartitionsWithIndex((partition, it) -> List.of(
                pack(partition, it, featuresCol, labelCol, inputs, outputs, classification, classes)).iterator(), true);
    }

    private static RowBlock pack(int partition, Iterator<Row> it, String featuresCol, String labelCol, int inputs,
            int outputs, boolean classification, int classes) {
        float[] x = new float[inputs * 64], t = new float[outputs * 64];
        int[] labels = classification ? new int[64] : null;
        int n = 0;
        while (it.hasNext()) {
            Row row = it.next();
            if ((long) (n + 1) * Math.max(inputs, outputs) > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("partition " + partition + " has more rows than one float block "
                        + "holds (" + n + " × " + inputs + " values); repartition the data into more partitions");
            }
            if ((n + 1) * inputs > x.length) x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, 2L * x.length));
            if ((n + 1) * outputs > t.length) t = Arrays.copyOf(t, (int) Math.min(Integer.MAX_VALUE - 8, 2L * t.length));
            copy(partition, n, featuresCol, row.isNullAt(0) ? null : (Vector) row.get(0), inputs, x, n * inputs);
            if (row.isNullAt(1)) throw new IllegalArgumentException(where(partition, n, labelCol) + " is null");
            if (classification) {
                double v = ((Number) row.get(1)).doubleValue();
                if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                    throw new IllegalArgumentException(where(partition, n, labelCol) + " = " + v
                            + " is not a class index in 0.." + (classes - 1));
                }
                if (n == labels.length) labels = Arrays.copyOf(labels, 2 * n);
                int c = (int) v;
                labels[n] = c;
                if (outputs == 1) t[n] = c;
                else t[n * outputs + c] = 1f;
            } else if (outputs == 1) {
                double v = ((Number) row.get(1)).doubleValue();
                if (!Double.isFinite(v)) throw new IllegalArgumentException(where(partition, n, labelCol) + " = " + v);
                t[n] = (float) v;
            } else {
                copy(partition, n, labelCol, (Vector) row.get(1), outputs, t, n * outputs);
            }
            n++;
        }
        return new RowBlock(partition, n, inputs, Arrays.copyOf(x, n * inputs), outputs, Arrays.copyOf(t, n * outputs),
                labels == null ? null : Arrays.copyOf(labels, n));
    }

    /**
     * Copies a vector of {@code width} finite values into {@code dst[off…]}; returns null, or what is wrong with it
     * (the caller names the row).
     */
    static String copy(Vector v, int width, float[] dst, int off) {
        if (v == null) return "is null";
        if (v.size() != width) return "has " + v.size() + " values; the network needs " + width;
        double[] values = v instanceof DenseVector d ? d.values() : v.toArray();
        for (int i = 0; i < width; i++) {
            double e = values[i];
            if (!Double.isFinite(e)) return "holds " + e + " at index " + i;
            dst[off + i] = (float) e;
        }
        return null;
    }

    private static void copy(int partition, int row, String column, Vector v, int width, float[] dst, int off) {
        String problem = copy(v, width, dst, off);
        if (problem != null) throw new IllegalArgumentException(where(partition, row, column) + " " + problem);
    }

    static String where(int partition, int row, String column) {
        return "column '" + column + "' of row " + row + " in partition " + partition;
    }
}
