package io.simdnn.train.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads CSV files of numbers with a label column: an optional header line, one row per line, cells separated by a
 * delimiter. A cell may be quoted with {@code "…"} (a doubled quote inside stands for one quote); whitespace around
 * cells is ignored, blank lines are skipped, a UTF-8 byte-order mark is tolerated and lines may end in CRLF. Every
 * data line must have as many cells as the first line. Any bad cell or line is a {@link DataFormatException} naming
 * the source, the 1-based line and column and the offending text.
 *
 * <p>The same rules hold for labelled files and for {@link #readTable tables}:
 * <ul>
 *   <li><b>Delimiter</b> ({@link CsvOptions#DETECT_DELIMITER}): of tab, {@code ;} and {@code ,}, the first (in that
 *   order) that occurs outside quotes equally often, and at least once, on each of the first
 *   {@value #SAMPLE_LINES} non-blank lines; failing that, the one most frequent on the first line; comma when none
 *   occurs. Semicolon precedes comma because files that separate cells with {@code ;} often write decimal commas.</li>
 *   <li><b>Header</b> ({@link CsvOptions.Header#DETECT}): the first line is a header when one of its cells outside
 *   the label column is neither empty nor a number, or when a label column given by name is one of its cells.</li>
 *   <li><b>Empty cells</b> ({@link CsvOptions.Missing}): an error, the row dropped, or (features only) missing
 *   values for a {@link MeanImputer}.</li>
 * </ul>
 *
 * <p><b>Class labels</b> are any text ({@code setosa}, {@code yes}, {@code 3}). The classes are the distinct values
 * that occur, in sorted order: numerically when every value is an integer ({@code 1}, {@code 2.0}, {@code 10}: so
 * labels 1..3 give three classes, not an empty class 0, and labels 0..k−1 keep their numbers), otherwise as text
 * (by {@link String#compareTo}). Sorting, rather than order of appearance, gives the same classes for the same
 * label values whatever the order of the rows. {@link Dataset#classNames()} keeps the mapping. Numbers that are not
 * all integers are refused as labels (they are a regression target).
 */
public final class Csv {

    /** The largest class index: at most 65,536 distinct labels (beyond, a column is rather a numeric target). */
    public static final int MAX_CLASS_LABEL = 65_535;

    /** How many non-blank lines the delimiter detection looks at. */
    public static final int SAMPLE_LINES = 20;

    private static final char[] DELIMITERS = {'\t', ';', ','};

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
     * Reads a labelled data set. With {@link CsvOptions.Missing#MEAN} the data set holds NaN for each empty feature
     * cell ({@link Dataset#missingCount()}).
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
        boolean hasHeader = switch (options.header()) {
            case PRESENT -> true;
            case ABSENT -> false;
            case DETECT -> looksLikeHeader(first, options.labelColumn(), options.regression());
        };
        List<String> header = hasHeader ? first : null;
        int labelCol = labelColumn(options.labelColumn(), header, cols, sourceName, parser.lineNumber());
        if (cols < 2) {
            throw new DataFormatException(sourceName, parser.lineNumber(), 0, sourceName + " line "
                    + parser.lineNumber() + ": 1 column; a labelled file needs at least one feature and a label");
        }
        int features = cols - 1;
        CsvOptions.Missing missing = options.missing();
        FloatList x = new FloatList(sourceName);
        FloatList y = new FloatList(sourceName);
        Labels labels = new Labels();
        List<String> row = hasHeader ? parser.nextRow() : first;
        if (row == null) {
            throw new DataFormatException(sourceName, parser.lineNumber(), 0, sourceName
                    + " has a header but no data rows");
        }
        int rows = 0;
        for (; row != null; row = parser.nextRow()) {
            int line = parser.lineNumber();
            checkCellCount(row, cols, sourceName, line, header != null);
            if (missing == CsvOptions.Missing.DROP && row.contains("")) {
                continue;
            }
            for (int c = 0; c < cols; c++) {
                String cell = row.get(c);
                if (c == labelCol) {
                    if (cell.isEmpty()) {
                        throw cellError(sourceName, line, c, header, "empty cell where "
                                + (options.regression() ? "a target" : "a class label") + " is expected"
                                + (missing == CsvOptions.Missing.MEAN ? " (a label is not imputed; drop such rows)"
                                : ""));
                    }
                    if (options.regression()) {
                        y.add(number(cell, sourceName, line, c, header));
                    } else {
                        labels.add(cell, line, c);
                    }
                } else if (cell.isEmpty() && missing == CsvOptions.Missing.MEAN) {
                    x.add(Float.NaN);
                } else {
                    x.add(number(cell, sourceName, line, c, header));
                }
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataFormatException(sourceName, 0, 0, sourceName + ": every row has an empty cell, and"
                    + " rows with empty cells are dropped");
        }
        List<String> featureNames = null;
        if (header != null) {
            featureNames = new ArrayList<>(header);
            featureNames.remove(labelCol);
        }
        if (options.regression()) {
            return Dataset.create(sourceName, x.toArray(), rows, features, y.toArray(), 1, null, null, featureNames);
        }
        List<String> classNames = labels.classNames(sourceName, header);
        return Dataset.create(sourceName, x.toArray(), rows, features, null, classNames.size(),
                labels.classes(), classNames, featureNames);
    }

    /** Reads an unlabelled numeric table from a UTF-8, comma-separated file. */
    public static Table readTable(Path file, boolean header) throws IOException {
        return readTable(file, header, ',');
    }

    /** Reads an unlabelled numeric table from a UTF-8 file. */
    public static Table readTable(Path file, boolean header, char delimiter) throws IOException {
        return readTable(file, header ? CsvOptions.Header.PRESENT : CsvOptions.Header.ABSENT, delimiter,
                CsvOptions.Missing.ERROR);
    }

    /**
     * Reads an unlabelled numeric table from a UTF-8 file with the same header, delimiter and empty-cell rules as a
     * labelled file ({@link CsvOptions.Header#DETECT}: a header when any cell of the first line is not a number).
     * With {@link CsvOptions.Missing#MEAN} an empty cell takes the mean of its column over this table's rows.
     */
    public static Table readTable(Path file, CsvOptions.Header header, char delimiter, CsvOptions.Missing missing)
            throws IOException {
        return readTable(file, header, delimiter, missing, null);
    }

    /**
     * As {@link #readTable(Path, CsvOptions.Header, char, CsvOptions.Missing)}, leaving out one column (e.g. a label
     * column of text) that is then neither parsed nor returned.
     *
     * @param skipColumn the column to leave out, by header name or 0-based index; null for none
     */
    public static Table readTable(Path file, CsvOptions.Header header, char delimiter, CsvOptions.Missing missing,
                                  String skipColumn) throws IOException {
        Objects.requireNonNull(file, "file");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readTable(reader, String.valueOf(file.getFileName()), header, delimiter, missing, skipColumn);
        }
    }

    /** Reads an unlabelled numeric table; every cell must be a finite number. */
    public static Table readTable(Reader reader, String sourceName, boolean header, char delimiter)
            throws IOException {
        return readTable(reader, sourceName, header ? CsvOptions.Header.PRESENT : CsvOptions.Header.ABSENT,
                delimiter, CsvOptions.Missing.ERROR);
    }

    /** Reads an unlabelled numeric table; see {@link #readTable(Path, CsvOptions.Header, char, CsvOptions.Missing)}. */
    public static Table readTable(Reader reader, String sourceName, CsvOptions.Header header, char delimiter,
                                  CsvOptions.Missing missing) throws IOException {
        return readTable(reader, sourceName, header, delimiter, missing, null);
    }

    /** See {@link #readTable(Path, CsvOptions.Header, char, CsvOptions.Missing, String)}. */
    public static Table readTable(Reader reader, String sourceName, CsvOptions.Header header, char delimiter,
                                  CsvOptions.Missing missing, String skipColumn) throws IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(sourceName, "sourceName");
        new CsvOptions(header, null, false, delimiter, missing); // validates the options
        Parser parser = new Parser(reader, sourceName, delimiter);
        List<String> first = parser.nextRow();
        if (first == null) {
            throw new DataFormatException(sourceName, 0, 0, sourceName + " is empty");
        }
        int cols = first.size();
        boolean hasHeader = switch (header) {
            case PRESENT -> true;
            case ABSENT -> false;
            case DETECT -> skipColumn == null ? looksLikeHeader(first, null, true)
                    : looksLikeHeader(first, skipColumn, false);
        };
        List<String> names = hasHeader ? first : null;
        int skip = skipColumn == null ? -1 : labelColumn(skipColumn, names, cols, sourceName, parser.lineNumber());
        List<String> row = hasHeader ? parser.nextRow() : first;
        if (row == null) {
            throw new DataFormatException(sourceName, parser.lineNumber(), 0, sourceName
                    + " has a header but no data rows");
        }
        FloatList values = new FloatList(sourceName);
        int rows = 0;
        for (; row != null; row = parser.nextRow()) {
            int line = parser.lineNumber();
            checkCellCount(row, cols, sourceName, line, names != null);
            if (missing == CsvOptions.Missing.DROP && row.contains("")) {
                continue;
            }
            for (int c = 0; c < cols; c++) {
                if (c == skip) {
                    continue;
                }
                String cell = row.get(c);
                values.add(cell.isEmpty() && missing == CsvOptions.Missing.MEAN ? Float.NaN
                        : number(cell, sourceName, line, c, names));
            }
            rows++;
        }
        float[] v = values.toArray();
        int kept = skip < 0 ? cols : cols - 1;
        List<String> keptNames = names == null ? null : new ArrayList<>(names);
        if (keptNames != null && skip >= 0) {
            keptNames.remove(skip);
        }
        if (missing == CsvOptions.Missing.MEAN) {
            MeanImputer.fillWithColumnMeans(v, rows, kept, sourceName, keptNames);
        }
        return new Table(keptNames == null ? List.of() : keptNames, rows, kept, v);
    }

    /**
     * The header rule: a first line is a header when a cell outside the label column is neither empty nor a
     * number (the label column counts too for a numeric target), or when it holds a label column given by name.
     */
    static boolean looksLikeHeader(List<String> first, String labelSpec, boolean numericLabel) {
        if (labelSpec != null && first.contains(labelSpec.strip()) && !isDecimal(labelSpec.strip())) {
            return true;
        }
        int label = first.size() - 1;
        if (labelSpec != null) {
            String s = labelSpec.strip();
            label = !s.isEmpty() && s.length() < 10 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    ? Integer.parseInt(s) : -1;
        }
        for (int c = 0; c < first.size(); c++) {
            String cell = first.get(c);
            if ((c != label || numericLabel) && !cell.isEmpty() && !isDecimal(cell)) {
                return true;
            }
        }
        return false;
    }

    /** The delimiter rule of the class comment, applied to raw lines (blank lines already left out). */
    static char detectDelimiter(List<String> lines) {
        if (lines.isEmpty()) {
            return ',';
        }
        for (char d : DELIMITERS) {
            int expected = countOutsideQuotes(lines.getFirst(), d);
            boolean consistent = expected > 0;
            for (int i = 1; consistent && i < lines.size(); i++) {
                consistent = countOutsideQuotes(lines.get(i), d) == expected;
            }
            if (consistent) {
                return d;
            }
        }
        char best = ',';
        int bestCount = 0;
        for (char d : DELIMITERS) {
            int n = countOutsideQuotes(lines.getFirst(), d);
            if (n > bestCount) {
                best = d;
                bestCount = n;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char d) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == d && !quoted) {
                n++;
            }
        }
        return n;
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

    /** A plain decimal: optional sign, digits with an optional point, optional exponent. No NaN, Infinity or hex. */
    static boolean isDecimal(String s) {
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
        private final ArrayDeque<String> peeked = new ArrayDeque<>();
        private int lineNumber;
        private boolean started;

        Parser(Reader reader, String source, char delimiter) throws IOException {
            this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
            this.source = source;
            if (delimiter != CsvOptions.DETECT_DELIMITER) {
                this.delimiter = delimiter;
                return;
            }
            List<String> sample = new ArrayList<>();
            while (sample.size() < SAMPLE_LINES) {
                String line = rawLine();
                if (line == null) {
                    break;
                }
                peeked.add(line);
                if (!line.isBlank()) {
                    sample.add(line);
                }
            }
            this.delimiter = detectDelimiter(sample);
        }

        int lineNumber() {
            return lineNumber;
        }

        /** The next physical line (the byte-order mark of the first removed), not yet counted. */
        private String rawLine() throws IOException {
            String line;
            try {
                line = in.readLine();
            } catch (CharacterCodingException e) {
                // The reader decodes ahead of the lines it returns: the bad bytes are on this line or a later one.
                throw new DataFormatException(source, lineNumber + 1, 0, source + ": bytes that are not UTF-8"
                        + " text at line " + (lineNumber + 1) + " or after; save the file as UTF-8");
            }
            if (!started && line != null) {
                started = true;
                if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
            }
            return line;
        }

        /** The cells of the next non-blank line, or null at the end. */
        List<String> nextRow() throws IOException {
            String line;
            do {
                line = peeked.isEmpty() ? rawLine() : peeked.poll();
                if (line == null) {
                    return null;
                }
                lineNumber++;
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

    /**
     * The label text of each row as the index of its first occurrence; at the end, the sorted classes and each
     * row's class.
     */
    private static final class Labels {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> texts = new ArrayList<>();
        private final IntList firstLines = new IntList();
        private final IntList rowIds = new IntList();
        private int column;
        private int[] classOfId;

        void add(String text, int line, int col) {
            Integer id = ids.get(text);
            if (id == null) {
                id = texts.size();
                ids.put(text, id);
                texts.add(text);
                firstLines.add(line);
            }
            column = col;
            rowIds.add(id);
        }

        /** The class names in sorted order; fills the id-to-class map. */
        List<String> classNames(String source, List<String> header) {
            int n = texts.size();
            long[] integers = new long[n];
            boolean allIntegers = true;
            int firstFraction = -1;
            for (int i = 0; i < n && (allIntegers || firstFraction < 0); i++) {
                String t = texts.get(i);
                if (isDecimal(t)) {
                    double v = Double.parseDouble(t);
                    if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
                        integers[i] = (long) v;
                        continue;
                    }
                    if (firstFraction < 0) {
                        firstFraction = i;
                    }
                }
                allIntegers = false;
            }
            if (!allIntegers && firstFraction >= 0 && texts.stream().allMatch(Csv::isDecimal)) {
                throw cellError(source, firstLines.get(firstFraction), column, header,
                        quote(texts.get(firstFraction)) + " is not an integer class label; a numeric target"
                                + " needs regression (--regression on the command line)");
            }
            // Sorted distinct classes; "2" and "2.0" are one class when every label is an integer.
            Map<String, Integer> classIndex = new HashMap<>();
            List<String> names = new ArrayList<>();
            List<String> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add(allIntegers ? Long.toString(integers[i]) : texts.get(i));
            }
            List<String> sorted = keys.stream().distinct().sorted(allIntegers
                    ? java.util.Comparator.comparingLong(Long::parseLong) : java.util.Comparator.naturalOrder())
                    .toList();
            if (sorted.size() > MAX_CLASS_LABEL + 1) {
                throw new DataFormatException(source, 0, column + 1, source + ": the label column holds "
                        + sorted.size() + " distinct values, more than " + (MAX_CLASS_LABEL + 1) + " classes; a"
                        + " numeric target needs regression (--regression on the command line)");
            }
            for (String s : sorted) {
                classIndex.put(s, names.size());
                names.add(s);
            }
            classOfId = new int[n];
            for (int i = 0; i < n; i++) {
                classOfId[i] = classIndex.get(keys.get(i));
            }
            return names;
        }

        /** Each row's class; after {@link #classNames}. */
        int[] classes() {
            int[] rows = rowIds.toArray();
            for (int r = 0; r < rows.length; r++) {
                rows[r] = classOfId[rows[r]];
            }
            return rows;
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

        int get(int i) {
            return data[i];
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
