package io.simdnn.train.data;

/**
 * A bad cell or line in a data file. The message names the source, the 1-based line and column and the offending
 * text, e.g. {@code digits.csv line 17, column 5 ("pixel_0_4"): "abc" is not a number}.
 */
public final class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;

    /**
     * @param source the file or source name
     * @param line   1-based line number, or 0 when the problem is not on one line (e.g. an empty file)
     * @param column 1-based column number, or 0 when the problem concerns the whole line
     * @param message the full message
     */
    DataFormatException(String source, int line, int column, String message) {
        super(message);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** The file or source name. */
    public String source() {
        return source;
    }

    /** The 1-based line number, or 0 when the problem is not tied to one line. */
    public int line() {
        return line;
    }

    /** The 1-based column number, or 0 when the problem concerns a whole line. */
    public int column() {
        return column;
    }
}
