package io.simdnn.spark;

import io.simdnn.model.Output;
import io.simdnn.model.Predictor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition in batches with one {@link Predictor} (one per task): reads up to {@code batch} rows, runs
 * them through the network at once, then hands them out with the prediction (and the probabilities) appended.
 */
final class Scorer implements Iterator<Row> {
    private final Iterator<Row> input;
    private final Predictor predictor;
    private final int featuresIndex, inputs, outputs;
    private final String featuresCol;
    private long seen;
    private final boolean classification, probabilities;
    private final Row[] rows;
    private final float[] x, y;
    private int size, next;

    Scorer(SharedNetwork shared, Iterator<Row> input, String featuresCol, int featuresIndex, int batch,
            boolean probabilities) {
        this.input = input;
        this.featuresCol = featuresCol;
        this.predictor = shared.network().newPredictor(batch);
        this.featuresIndex = featuresIndex;
        this.inputs = predictor.network().inputSize();
        this.outputs = predictor.network().outputSize();
        this.classification = predictor.network().output() != Output.LINEAR;
        this.probabilities = probabilities && classification;
        this.rows = new Row[batch];
        this.x = new float[batch * inputs];
        this.y = new float[batch * outputs];
    }

    @Override
    public boolean hasNext() {
        if (next < size) return true;
        fill();
        return size > 0;
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        int i = next++;
        Row in = rows[i];
        rows[i] = null;
        int width = in.length();
        Object[] out = new Object[width + (probabilities ? 2 : 1)];
        for (int c = 0; c < width; c++) out[c] = in.get(c);
        int o = i * outputs;
        if (!classification) {
            if (outputs == 1) {
                out[width] = (double) y[o];
            } else {
                double[] v = new double[outputs];
                for (int k = 0; k < outputs; k++) v[k] = y[o + k];
                out[width] = Vectors.dense(v);
            }
            return RowFactory.create(out);
        }
        double[] p;
        int best = 0;
        if (outputs == 1) {
            p = new double[] {1 - (double) y[o], y[o]};
            best = y[o] > 0.5f ? 1 : 0;
        } else {
            p = new double[outputs];
            for (int k = 0; k < outputs; k++) {
                p[k] = y[o + k];
                if (y[o + k] > y[o + best]) best = k;
            }
        }
        out[width] = (double) best;
        if (probabilities) out[width + 1] = Vectors.dense(p);
        return RowFactory.create(out);
    }

    private void fill() {
        size = 0;
        next = 0;
        while (size < rows.length && input.hasNext()) {
            Row r = input.next();
            String problem = Packing.copy(r.isNullAt(featuresIndex) ? null
                    : (org.apache.spark.ml.linalg.Vector) r.get(featuresIndex), inputs, x, size * inputs);
            if (problem != null) {
                throw new IllegalArgumentException(Packing.where(org.apache.spark.TaskContext.getPartitionId(), (int) seen,
                        featuresCol) + " " + problem);
            }
            seen++;
            rows[size++] = r;
        }
        if (size > 0) predictor.predict(size, x, 0, y, 0);
    }
}
