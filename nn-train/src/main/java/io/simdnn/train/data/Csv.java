package io.simdnn.train.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads numeric CSV files: an optional header line, one row per line, cells separated by a delimiter. A cell may be
 * quoted with {@code "…"} (a doubled quote inside stands for one quote); whitespace around cells is ignored, blank
 * lines are skipped and a UTF-8 byte-order mark is tolerated. Every data line must have as many cells as the first
 * line. Any bad cell or line is a {@link DataFormatException} naming the source, the 1-based line and column and the
 * offending text.
 *
 * <p>Class labels are integers {@code 0..k−1} ({@value #MAX_CLASS_LABEL} at most); the class count is the largest
 * label plus one.
 */
public final class Csv {

    /** The largest class label accepted: beyond it the one-hot targets would be mostly a typo's cost in memory. */
    public static final int MAX_CLASS_LABEL = 65_535;

    private Csv() {
    }

    /** Reads a labelled data set from a UTF-8 file; messages name the file by its file name. */
    public static Dataset read(Path file, CsvOptions options) throws IOException {
        Objects.requireNonNull(file, "file");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, String.valueOf(file.getFileName()), options);
        }
    }

    /**
     * Reads a labelled data set.
     *
     * @param sourceName the name used for the data set and in error messages
     */
    public static Dataset read(Reader reader, String sourceName, CsvOptions options) throws IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(options, "options");
        Parser parser = new Parser(reader, sourceName, options.delimiter());
        List<String> first = parser.nextRow();
        if (first == null) {
            throw new DataFormatException(sourceName, 0, 0, sourceName + " is empty");
        }
        int cols = first.size();
        List<String> header = options.header() ? first : null;
        int labelCol = labelColumn(options.labelColumn(), header, cols, sourceName, parser.lineNumber());
        if (cols < 2) {
            throw new DataFormatException(sourceName, parser.lineNumber(), 0, sourceName + " line "
                    + parser.lineNumber() + ": 1 column; a labelled file needs at least one feature and a label");
        }
        int features = cols - 1;
        FloatList x = new FloatList(sourceName);
        FloatList y = new FloatList(sourceName);
        IntList labels = new IntList();
        int maxLabel = -1;
        List<String> row = options.header() ? parser.nextRow() : first;
        if (row == null) {
            throw new DataFormatException(sourceName, parser.lineNumber(), 0, sourceName
                    + " has a header but no data rows");
        }
        int rows = 0;
        for (; row != null; row = parser.nextRow()) {
            int line = parser.lineNumber();
            checkCellCount(row, cols, sourceName, line, header != null);
            for (int c = 0; c < cols; c++) {
                String cell = row.get(c);
                if (c == labelCol) {
                    if (options.regression()) {
                        y.add(number(cell, sourceName, line, c, header));
                    } else {
                        int label = classLabel(cell, sourceName, line, c, header);
                        labels.add(label);
                        maxLabel = Math.max(maxLabel, label);
                    }
                } else {
                    x.add(number(cell, sourceName, line, c, header));
                }
            }
            rows++;
        }
        List<String> featureNames = null;
        if (header != null) {
            featureNames = new ArrayList<>(header);
            featureNames.remove(labelCol);
        }
        if (options.regression()) {
            return Dataset.regression(sourceName, x.toArray(), rows, features, y.toArray(), 1, featureNames);
        }
        return Dataset.classification(sourceName, x.toArray(), rows, features, labels.toArray(), maxLabel + 1,
                featureNames);
    }

    /** Reads an unlabelled numeric table from a UTF-8, comma-separated file. */
    public static Table readTable(Path file, boolean header) throws IOException {
        return readTable(file, header, ',');
    }

    /** Reads an unlabelled numeric table from a UTF-8 file. */
    public static Table readTable(Path file, boolean header, char delimiter) throws IOException {
        Objects.requireNonNull(file, "file");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readTable(reader, String.valueOf(file.getFileName()), header, delimiter);
        }
    }

    /** Reads an unlabelled numeric table; every cell must be a finite number. */
    public static Table readTable(Reader reader, String sourceName, boolean header, char delimiter)
            throws IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(sourceName, "sourceName");
        new CsvOptions(header, null, false, delimiter); // validates the delimiter
        Parser parser = new Parser(reader, sourceName, delimiter);
        List<String> first = parser.nextRow();
        if (first == null) {
            throw new DataFormatException(sourceName, 0, 0, sourceName + " is empty");
        }
        int cols = first.size();
        List<String> names = header ? first : null;
        List<String> row = header ? parser.nextRow() : first;
        if (row == null) {
            throw new DataFormatException(sourceName, parser.lineNumber(), 0, sourceName
                    + " has a header but no data rows");
        }
        FloatList values = new FloatList(sourceName);
        int rows = 0;
        for (; row != null; row = parser.nextRow()) {
            int line = parser.lineNumber();
            checkCellCount(row, cols, sourceName, line, names != null);
            for (int c = 0; c < cols; c++) {
                values.add(number(row.get(c), sourceName, line, c, names));
            }
            rows++;
        }
        return new Table(names == null ? List.of() : names, rows, cols, values.toArray());
    }

    private static int labelColumn(String spec, List<String> header, int cols, String source, int line) {
        if (spec == null) {
            return cols - 1;
        }
        if (header != null) {
            int byName = header.indexOf(spec.strip());
            if (byName >= 0) {
                return byName;
            }
        }
        String s = spec.strip();
        if (!s.isEmpty() && s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            int index;
            try {
                index = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                index = Integer.MAX_VALUE;
            }
            if (index < cols) {
                return index;
            }
            throw new DataFormatException(source, line, 0, source + ": label column index " + s
                    + " is outside 0.." + (cols - 1) + " (the file has " + cols + " columns)");
        }
        if (header == null) {
            throw new DataFormatException(source, line, 0, source + ": label column \"" + spec
                    + "\" is given by name but the file has no header; give a 0-based index instead");
        }
        throw new DataFormatException(source, line, 0, source + ": no label column named \"" + spec
                + "\"; the columns are " + header);
    }

    private static void checkCellCount(List<String> row, int cols, String source, int line, boolean header) {
        if (row.size() != cols) {
            throw new DataFormatException(source, line, 0, source + " line " + line + ": " + row.size()
                    + (row.size() == 1 ? " cell" : " cells") + " but " + (header ? "the header has " : "the first line has ")
                    + cols);
        }
    }

    private static float number(String cell, String source, int line, int col, List<String> header) {
        if (cell.isEmpty()) {
            throw cellError(source, line, col, header, "empty cell where a number is expected");
        }
        if (!isDecimal(cell)) {
            throw cellError(source, line, col, header, quote(cell) + " is not a number");
        }
        float value = Float.parseFloat(cell);
        if (!Float.isFinite(value)) {
            throw cellError(source, line, col, header, quote(cell) + " is outside the float range");
        }
        return value;
    }

    private static int classLabel(String cell, String source, int line, int col, List<String> header) {
        if (cell.isEmpty()) {
            throw cellError(source, line, col, header, "empty cell where a class label is expected");
        }
        if (!isDecimal(cell)) {
            throw cellError(source, line, col, header, quote(cell) + " is not a class label (an integer 0.."
                    + MAX_CLASS_LABEL + ")");
        }
        double value = Double.parseDouble(cell);
        if (value != Math.rint(value)) {
            throw cellError(source, line, col, header, quote(cell) + " is not an integer class label");
        }
        if (value < 0) {
            throw cellError(source, line, col, header, quote(cell) + " is a negative class label; classes are numbered from 0");
        }
        if (value > MAX_CLASS_LABEL) {
            throw cellError(source, line, col, header, quote(cell) + " is larger than the largest class label "
                    + MAX_CLASS_LABEL);
        }
        return (int) value;
    }

    /** A plain decimal: optional sign, digits with an optional point, optional exponent. No NaN, Infinity or hex. */
    private static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static DataFormatException cellError(String source, int line, int col, List<String> header, String what) {
        String column = "column " + (col + 1) + (header == null ? "" : " (" + quote(header.get(col)) + ")");
        return new DataFormatException(source, line, col + 1, source + " line " + line + ", " + column + ": " + what);
    }

    private static String quote(String cell) {
        String shown = cell.length() > 40 ? cell.substring(0, 40) + "…" : cell;
        return "\"" + shown + "\"";
    }

    /** Splits lines into trimmed cells, honouring quotes; counts physical lines for messages. */
    private static final class Parser {
        private final BufferedReader in;
        private final String source;
        private final char delimiter;
        private int lineNumber;

        Parser(Reader reader, String source, char delimiter) {
            this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
            this.source = source;
            this.delimiter = delimiter;
        }

        int lineNumber() {
            return lineNumber;
        }

        /** The cells of the next non-blank line, or null at the end. */
        List<String> nextRow() throws IOException {
            String line;
            do {
                try {
                    line = in.readLine();
                } catch (CharacterCodingException e) {
                    // The reader decodes ahead of the lines it returns: the bad bytes are on this line or a later one.
                    throw new DataFormatException(source, lineNumber + 1, 0, source + ": bytes that are not UTF-8"
                            + " text at line " + (lineNumber + 1) + " or after; save the file as UTF-8");
                }
                if (line == null) {
                    return null;
                }
                lineNumber++;
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
            } while (line.isBlank());
            return split(line);
        }

        private List<String> split(String line) {
            List<String> cells = new ArrayList<>();
            int i = 0;
            int n = line.length();
            while (true) {
                while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                String cell;
                if (i < n && line.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    int start = i;
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new DataFormatException(source, lineNumber, cells.size() + 1, source + " line "
                                    + lineNumber + ", column " + (cells.size() + 1) + ": the quote opened at character "
                                    + (start + 1) + " is not closed on this line");
                        }
                        char c = line.charAt(i++);
                        if (c == '"') {
                            if (i < n && line.charAt(i) == '"') {
                                sb.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            sb.append(c);
                        }
                    }
                    while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
                        i++;
                    }
                    if (i < n && line.charAt(i) != delimiter) {
                        throw new DataFormatException(source, lineNumber, cells.size() + 1, source + " line "
                                + lineNumber + ", column " + (cells.size() + 1)
                                + ": text after the closing quote at character " + (i + 1));
                    }
                    cell = sb.toString().strip();
                } else {
                    int start = i;
                    while (i < n && line.charAt(i) != delimiter) {
                        i++;
                    }
                    cell = line.substring(start, i).strip();
                }
                cells.add(cell);
                if (i >= n) {
                    return cells;
                }
                i++; // the delimiter
            }
        }
    }

    /** A growable float array that refuses to grow beyond what one Java array can hold. */
    private static final class FloatList {
        private final String source;
        private float[] data = new float[1024];
        private int size;

        FloatList(String source) {
            this.source = source;
        }

        void add(float v) {
            if (size == data.length) {
                if (size >= Integer.MAX_VALUE - 8) {
                    throw new DataFormatException(source, 0, 0, source + " has more values than one array can hold");
                }
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * size));
            }
            data[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }

    private static final class IntList {
        private int[] data = new int[256];
        private int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, 2 * size);
            }
            data[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
