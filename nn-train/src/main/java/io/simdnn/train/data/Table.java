package io.simdnn.train.data;

import java.util.List;

/**
 * An unlabelled numeric table, e.g. the inputs given to {@code predict}.
 *
 * @param header the column names, or an empty list when the file has no header line
 * @param rows   the number of data rows
 * @param cols   the number of columns
 * @param values {@code rows × cols} values, row-major
 */
public record Table(List<String> header, int rows, int cols, float[] values) {

    public Table {
        header = List.copyOf(header);
        if (!header.isEmpty() && header.size() != cols) {
            throw new IllegalArgumentException(header.size() + " column names for " + cols + " columns");
        }
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(values.length + " values for " + rows + " rows × " + cols + " columns");
        }
    }
}
