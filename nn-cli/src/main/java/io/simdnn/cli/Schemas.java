package io.simdnn.cli;

import io.simdnn.model.Network;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.spi.Backend;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Scaler;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The model schema the commands write ({@code train}) and read ({@code eval}, {@code predict}). */
final class Schemas {
    private Schemas() {}

    /**
     * The schema of a model trained on {@code all} (features, label column, classes, task), whose input scaling
     * {@code scaler} (null: none) is folded into its first layer.
     */
    static ModelSchema of(Network trained, Dataset all, String labelColumn, Scaler scaler, Dataset train, long seed,
            Backend backend) {
        List<String> classes = all.isClassification() ? all.classNames() : null;
        return new ModelSchema(named(all.featureNames()) ? all.featureNames() : null, labelColumn, classes,
                ModelSchema.Task.of(all.isClassification(), trained.output(), trained.outputSize()),
                scaler == null ? null : new ModelSchema.Scaling(scaler.kind(), scaler.parameterA(),
                        scaler.parameterB(), true),
                new ModelSchema.Provenance(all.name(), (long) train.rows(), seed, backend.name(),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), SimdnnCli.version()));
    }

    /** Whether the names came from a header (not the generated x0, x1, ... of a file without one). */
    static boolean named(List<String> names) {
        for (int i = 0; i < names.size(); i++) if (!names.get(i).equals("x" + i)) return true;
        return false;
    }

    /**
     * {@code data} with its features in the model's order, matched by name; refused, with the difference, when the
     * names differ.
     */
    static Dataset matchFeatures(ModelSchema schema, Dataset data) {
        if (schema == null || schema.featureNames() == null || schema.featureNames().equals(data.featureNames())) {
            return data;
        }
        int[] columns;
        try {
            columns = schema.columnsIn(data.featureNames());
        } catch (IllegalArgumentException e) {
            throw new UserException(data.name() + ": " + e.getMessage());
        }
        if (columns.length != data.featureCount()) {
            List<String> extra = new ArrayList<>(data.featureNames());
            extra.removeAll(schema.featureNames());
            throw new UserException(data.name() + ": the columns do not match the model's features: not in the model "
                    + extra + "; the model takes " + schema.featureNames());
        }
        int f = data.featureCount(), rows = data.rows();
        float[] x = data.features(), y = new float[x.length];
        for (int r = 0; r < rows; r++) for (int j = 0; j < f; j++) y[r * f + j] = x[r * f + columns[j]];
        return data.withFeatures(y, f);
    }

    /**
     * {@code data} with its classes numbered as the model's (by name), so that a file lacking one of the model's
     * classes, or listing them in another order, is evaluated against the right outputs; a class the model does not
     * know is refused.
     */
    static Dataset matchClasses(ModelSchema schema, Dataset data) {
        if (schema == null || schema.classNames() == null || !data.isClassification()
                || schema.classNames().equals(data.classNames())) {
            return data;
        }
        try {
            return data.withClassNames(schema.classNames());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage() + ", the classes of the model");
        }
    }

    /** Scales raw inputs in place when the schema's scaling is not folded into the network. */
    static void scaleInputs(ModelSchema schema, float[] x, int rows) {
        if (schema != null && schema.scaling() != null && !schema.scaling().folded()) schema.scaling().apply(x, rows);
    }
}
