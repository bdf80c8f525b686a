package io.simdnn.spark;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Column checks with errors that name the column, its type and the columns there are. */
final class Schemas {
    private Schemas() {}

    static DataType type(StructType schema, String column) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("no column '" + column + "'; columns: "
                    + String.join(", ", schema.fieldNames()));
        }
        return schema.apply(column).dataType();
    }

    static void requireVector(StructType schema, String column) {
        DataType t = type(schema, column);
        if (!t.equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("column '" + column + "' must be a vector (org.apache.spark.ml.linalg),"
                    + " not " + t.simpleString() + "; a VectorAssembler makes one from numeric columns");
        }
    }

    static void requireNumeric(StructType schema, String column) {
        DataType t = type(schema, column);
        if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + column + "' must be numeric, not " + t.simpleString());
        }
    }

    static StructType append(StructType schema, StructField field) {
        if (Arrays.asList(schema.fieldNames()).contains(field.name())) {
            throw new IllegalArgumentException("output column '" + field.name() + "' already exists");
        }
        return schema.add(field);
    }
}
