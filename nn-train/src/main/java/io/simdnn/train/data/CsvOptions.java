package io.simdnn.train.data;

import java.util.Locale;
import java.util.Objects;

/**
 * How to read a labelled CSV file.
 *
 * @param header      whether the first line holds column names, or {@link Header#DETECT} to decide from the line
 * @param labelColumn the label (or regression target) column: a column name from the header, or a 0-based index
 *                    written as text (a header name takes precedence over an index); null means the last column
 * @param regression  true to read the label column as a real-valued target, false to read it as a class label
 * @param delimiter   the cell separator, or {@link #DETECT_DELIMITER} to choose among {@code ,} {@code ;} and tab
 * @param missing     what an empty cell means
 */
public record CsvOptions(Header header, String labelColumn, boolean regression, char delimiter, Missing missing) {

    /** The delimiter value that asks {@link Csv} to detect the delimiter from the first lines. */
    public static final char DETECT_DELIMITER = '\0';

    /** Whether the first line is a header. */
    public enum Header {
        PRESENT, ABSENT,
        /**
         * A header when any of its cells outside the label column is not a number (so a headerless file with text
         * labels is still read as data), or when a label column given by name is one of its cells.
         */
        DETECT
    }

    /** What an empty cell means. */
    public enum Missing {
        /** An error naming the file, line and column (the default). */
        ERROR,
        /** The row is skipped. */
        DROP,
        /**
         * An empty feature cell is missing: the data set holds NaN there, to be filled by a {@link MeanImputer}
         * fitted on the training rows. An empty label is still an error.
         */
        MEAN;

        /** Parses {@code error}, {@code drop} or {@code mean}, ignoring case. */
        public static Missing parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown missing-value rule '" + name + "'; valid: error, drop,"
                        + " mean");
            }
        }
    }

    public CsvOptions {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(missing, "missing");
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
    }

    /** A fixed header rule and delimiter, empty cells an error. */
    public CsvOptions(boolean header, String labelColumn, boolean regression, char delimiter) {
        this(header ? Header.PRESENT : Header.ABSENT, labelColumn, regression, delimiter, Missing.ERROR);
    }

    /** Header and delimiter detected, the label in the last column, classification, empty cells an error. */
    public static CsvOptions defaults() {
        return new CsvOptions(Header.DETECT, null, false, DETECT_DELIMITER, Missing.ERROR);
    }

    public CsvOptions withHeader(boolean present) {
        return withHeader(present ? Header.PRESENT : Header.ABSENT);
    }

    public CsvOptions withHeader(Header rule) {
        return new CsvOptions(rule, labelColumn, regression, delimiter, missing);
    }

    public CsvOptions withLabelColumn(String labelColumn) {
        return new CsvOptions(header, labelColumn, regression, delimiter, missing);
    }

    public CsvOptions withRegression(boolean regression) {
        return new CsvOptions(header, labelColumn, regression, delimiter, missing);
    }

    public CsvOptions withDelimiter(char delimiter) {
        return new CsvOptions(header, labelColumn, regression, delimiter, missing);
    }

    public CsvOptions withMissing(Missing missing) {
        return new CsvOptions(header, labelColumn, regression, delimiter, missing);
    }
}
