package io.simdnn.cli;

import io.simdnn.train.data.CsvOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How a CSV file is laid out: the same options, and the same detection rules, for train, eval, elm and predict. */
final class CsvFormatOptions {

    @Option(names = "--header", negatable = true, fallbackValue = "true",
            description = "CSV: whether the first line is a header (default: detected: a header when one of its"
                    + " cells outside the label column is not a number).")
    Boolean header;

    @Option(names = "--delimiter", paramLabel = "CHAR", converter = DelimiterConverter.class,
            description = "CSV: the cell separator: ',' ';' 'tab' or another single character (default: detected"
                    + " from the first lines among tab, ';' and ',').")
    Character delimiter;

    @Option(names = "--missing", paramLabel = "RULE", defaultValue = "error", converter = MissingConverter.class,
            description = "CSV: what an empty cell means: error, drop (skip the row) or mean (the feature's mean"
                    + " over the training rows; eval and predict use the file's own rows) (default:"
                    + " ${DEFAULT-VALUE}).")
    CsvOptions.Missing missing;

    CsvOptions.Header headerRule() {
        return header == null ? CsvOptions.Header.DETECT : header ? CsvOptions.Header.PRESENT
                : CsvOptions.Header.ABSENT;
    }

    char delimiterOrDetect() {
        return delimiter == null ? CsvOptions.DETECT_DELIMITER : delimiter;
    }

    /** Whether any of these options was given (they apply to CSV files only). */
    boolean given() {
        return header != null || delimiter != null || missing != CsvOptions.Missing.ERROR;
    }

    static final class DelimiterConverter implements ITypeConverter<Character> {
        @Override
        public Character convert(String value) {
            String v = value.equalsIgnoreCase("tab") || value.equals("\\t") ? "\t" : value;
            if (v.length() != 1 || v.equals("\"") || v.equals("\n") || v.equals("\r")) {
                throw new TypeConversionException("'" + value + "' is not a delimiter: give one character such as"
                        + " ',' or ';', or 'tab'");
            }
            return v.charAt(0);
        }
    }

    static final class MissingConverter implements ITypeConverter<CsvOptions.Missing> {
        @Override
        public CsvOptions.Missing convert(String value) {
            try {
                return CsvOptions.Missing.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
