package io.simdnn.train.data;

/**
 * How to read a labelled CSV file.
 *
 * @param header      whether the first line holds column names
 * @param labelColumn the label (or regression target) column: a column name from the header, or a 0-based index
 *                    written as text (a header name takes precedence over an index); null means the last column
 * @param regression  true to read the label column as a real-valued target, false to read it as an integer class
 *                    label {@code 0..k−1}
 * @param delimiter   the cell separator, usually {@code ','}
 */
public record CsvOptions(boolean header, String labelColumn, boolean regression, char delimiter) {

    public CsvOptions {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
    }

    /** A header line, the label in the last column, classification, comma-separated. */
    public static CsvOptions defaults() {
        return new CsvOptions(true, null, false, ',');
    }

    public CsvOptions withHeader(boolean header) {
        return new CsvOptions(header, labelColumn, regression, delimiter);
    }

    public CsvOptions withLabelColumn(String labelColumn) {
        return new CsvOptions(header, labelColumn, regression, delimiter);
    }

    public CsvOptions withRegression(boolean regression) {
        return new CsvOptions(header, labelColumn, regression, delimiter);
    }

    public CsvOptions withDelimiter(char delimiter) {
        return new CsvOptions(header, labelColumn, regression, delimiter);
    }
}
