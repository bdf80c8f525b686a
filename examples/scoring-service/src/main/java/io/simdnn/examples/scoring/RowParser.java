package io.simdnn.examples.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the rows of a request body, JSON or CSV, straight from its bytes into a float buffer that grows to the
 * largest request seen and is then reused. Numbers are read with {@link Float#parseFloat}, so a value printed with
 * {@link Float#toString} arrives as the same float. Every refusal is a {@link BadRequest} whose message names the
 * row and column (or the byte offset) and what was wrong. Not thread-safe: one per worker thread.
 *
 * <p>JSON: {@code {"rows": [[x, x, ...], ...]}} or a bare array of rows; strict JSON numbers, no NaN or infinities.
 * CSV: one row per line, comma-separated numbers, blank lines ignored, a first line that is a header only when the
 * media type says {@code header=present} (RFC 4180).
 */
final class RowParser {

    /** The longest piece of a refused token quoted back to the client. */
    private static final int EXCERPT = 24;

    private final int features;
    private float[] values;
    private int rows;
    private byte[] b;
    private int pos, end;

    RowParser(int features) {
        this.features = features;
        this.values = new float[64 * features];
    }

    /** The rows read by the last parse, row-major. */
    float[] values() {
        return values;
    }

    int rows() {
        return rows;
    }

    /** A request the service refuses: the HTTP status and the reason, which is sent back. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    // ---------------------------------------------------------------- JSON

    void parseJson(byte[] body, int length) throws BadRequest {
        b = body;
        pos = 0;
        end = length;
        rows = 0;
        skipWhitespace();
        if (pos < end && b[pos] == '{') {
            pos++;
            skipWhitespace();
            String key = jsonKey();
            if (!key.equals("rows")) {
                throw bad("unknown key " + quote(key) + ": the object takes one key, \"rows\"");
            }
            skipWhitespace();
            expect(':', "after the key \"rows\"");
            skipWhitespace();
            jsonRows();
            skipWhitespace();
            if (pos >= end || b[pos] != '}') {
                throw bad("expected '}' after the rows at offset " + pos + " (the object takes one key, \"rows\")");
            }
            pos++;
        } else if (pos < end && b[pos] == '[') {
            jsonRows();
        } else {
            throw bad(pos >= end ? "the body is empty" : "expected {\"rows\": [[...], ...]} or an array of rows at offset "
                    + pos + ", found " + excerptAt(pos));
        }
        skipWhitespace();
        if (pos < end) throw bad("unexpected text after the JSON value at offset " + pos + ": " + excerptAt(pos));
    }

    private String jsonKey() throws BadRequest {
        if (pos >= end || b[pos] != '"') throw bad("expected the key \"rows\" at offset " + pos);
        int start = ++pos;
        while (pos < end && b[pos] != '"') {
            if (b[pos] == '\\' || (b[pos] & 0xff) < 0x20) throw bad("expected the key \"rows\" at offset " + start);
            pos++;
        }
        if (pos >= end) throw bad("unterminated key at offset " + (start - 1));
        return new String(b, start, pos++ - start, StandardCharsets.UTF_8);
    }

    private void jsonRows() throws BadRequest {
        expect('[', "to open the rows");
        skipWhitespace();
        if (pos < end && b[pos] == ']') throw bad("no rows: send at least one row of " + features + " numbers");
        while (true) {
            jsonRow(rows);
            rows++;
            skipWhitespace();
            if (pos < end && b[pos] == ',') {
                pos++;
                skipWhitespace();
            } else if (pos < end && b[pos] == ']') {
                pos++;
                return;
            } else {
                throw bad("expected ',' or ']' after rows[" + (rows - 1) + "] at offset " + pos
                        + (pos < end ? ", found " + excerptAt(pos) : ", found the end of the body"));
            }
        }
    }

    private void jsonRow(int r) throws BadRequest {
        if (pos >= end || b[pos] != '[') {
            throw bad("rows[" + r + "] is not an array of numbers (at offset " + pos + (pos < end ? ": "
                    + excerptAt(pos) : "") + ")");
        }
        pos++;
        reserve(r + 1);
        skipWhitespace();
        int c = 0;
        if (pos < end && b[pos] == ']') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                int start = pos;
                while (pos < end && !isJsonDelimiter(b[pos])) pos++;
                float v = number(start, pos, false, r, c);
                if (c < features) values[r * features + c] = v;
                c++;
                skipWhitespace();
                if (pos < end && b[pos] == ',') {
                    pos++;
                } else if (pos < end && b[pos] == ']') {
                    pos++;
                    break;
                } else {
                    throw bad("expected ',' or ']' after " + where(false, r, c - 1) + " at offset " + pos
                            + (pos < end ? ", found " + excerptAt(pos) : ", found the end of the body"));
                }
            }
        }
        if (c != features) throw bad("rows[" + r + "] has " + c + " values; the model takes " + features);
    }

    private static boolean isJsonDelimiter(byte c) {
        return c == ',' || c == ']' || c == '[' || c == '{' || c == '}' || c == ' ' || c == '\t' || c == '\n'
                || c == '\r';
    }

    private void skipWhitespace() {
        while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) pos++;
    }

    private void expect(char c, String what) throws BadRequest {
        if (pos >= end || b[pos] != c) {
            throw bad("expected '" + c + "' " + what + " at offset " + pos
                    + (pos < end ? ", found " + excerptAt(pos) : ", found the end of the body"));
        }
        pos++;
    }

    // ---------------------------------------------------------------- CSV

    void parseCsv(byte[] body, int length, boolean header) throws BadRequest {
        b = body;
        end = length;
        rows = 0;
        boolean skipHeader = header;
        int line = 0;
        for (int start = 0; start < end; ) {
            int stop = start;
            while (stop < end && b[stop] != '\n') stop++;
            int next = stop + 1;
            if (stop > start && b[stop - 1] == '\r') stop--;
            line++;
            if (!isBlank(start, stop)) {
                if (skipHeader) {
                    skipHeader = false;
                } else {
                    csvLine(line, start, stop);
                    rows++;
                }
            }
            start = next;
        }
        if (rows == 0) {
            throw bad("no rows: send at least one line of " + features + " comma-separated numbers"
                    + (header ? " after the header" : ""));
        }
    }

    private void csvLine(int line, int start, int stop) throws BadRequest {
        reserve(rows + 1);
        int c = 0;
        for (int cell = start; ; ) {
            int cellEnd = cell;
            while (cellEnd < stop && b[cellEnd] != ',') cellEnd++;
            int s = cell, e = cellEnd;
            while (s < e && (b[s] == ' ' || b[s] == '\t')) s++;
            while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) e--;
            float v;
            try {
                v = number(s, e, true, line, c);
            } catch (BadRequest notANumber) {
                if (line == 1 && rows == 0 && c == 0 && !looksNumeric(s, e)) {
                    throw bad(notANumber.getMessage() + " (a header line needs the media type text/csv; header=present)");
                }
                throw notANumber;
            }
            if (c < features) values[rows * features + c] = v;
            c++;
            if (cellEnd >= stop) break;
            cell = cellEnd + 1;
        }
        if (c != features) throw bad("line " + line + " has " + c + " columns; the model takes " + features);
    }

    private boolean isBlank(int start, int stop) {
        for (int i = start; i < stop; i++) if (b[i] != ' ' && b[i] != '\t') return false;
        return true;
    }

    private boolean looksNumeric(int s, int e) {
        return s < e && (Character.isDigit(b[s]) || b[s] == '-' || b[s] == '+' || b[s] == '.');
    }

    // ---------------------------------------------------------------- numbers

    /**
     * The float in {@code b[s, e)}: a decimal number (JSON's grammar; in CSV also a leading '+', "1." and ".5"),
     * finite after rounding to float.
     */
    private float number(int s, int e, boolean csv, int row, int column) throws BadRequest {
        if (s != e && isDecimal(s, e, csv)) {
            float v = Float.parseFloat(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
            if (Float.isFinite(v)) return v;
        }
        String where = where(csv, row, column);
        if (s == e) throw bad(where + ": expected a number" + (csv ? "" : " at offset " + s));
        if (!isDecimal(s, e, csv)) {
            String token = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
            String t = token.toLowerCase(java.util.Locale.ROOT).replaceFirst("^[+-]", "");
            if (t.equals("nan") || t.equals("inf") || t.equals("infinity")) {
                throw bad(where + " is " + excerpt(s, e) + ": the model takes finite numbers only");
            }
            if (b[s] == '"') throw bad(where + " is a string, " + excerpt(s, e) + "; numbers must not be quoted");
            throw bad(where + ": " + excerpt(s, e) + " is not a number");
        }
        throw bad(where + " = " + excerpt(s, e) + " is outside the range of a float");
    }

    /** Where a value is, built only for a message: {@code rows[r][c]} in JSON, line and column (from 1) in CSV. */
    private static String where(boolean csv, int row, int column) {
        return csv ? "line " + row + ", column " + (column + 1) : "rows[" + row + "][" + column + "]";
    }

    private boolean isDecimal(int s, int e, boolean lenient) {
        int i = s;
        if (i < e && (b[i] == '-' || (lenient && b[i] == '+'))) i++;
        int intStart = i;
        while (i < e && isDigit(b[i])) i++;
        int intDigits = i - intStart;
        if (!lenient && intDigits > 1 && b[intStart] == '0') return false;
        int fractionDigits = 0;
        if (i < e && b[i] == '.') {
            int f = ++i;
            while (i < e && isDigit(b[i])) i++;
            fractionDigits = i - f;
            if (!lenient && fractionDigits == 0) return false;
        }
        if (intDigits == 0 && (!lenient || fractionDigits == 0)) return false;
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < e && (b[i] == '+' || b[i] == '-')) i++;
            int x = i;
            while (i < e && isDigit(b[i])) i++;
            if (i == x) return false;
        }
        return i == e;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    // ---------------------------------------------------------------- helpers

    private void reserve(int rowCount) {
        long need = (long) rowCount * features;
        if (need > values.length) values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8,
                Math.max(need, 2L * values.length)));
    }

    private String excerptAt(int at) {
        int e = at;
        while (e < end && e - at < EXCERPT && b[e] != '\n') e++;
        return excerpt(at, Math.max(e, Math.min(at + 1, end)));
    }

    /** The bytes quoted for a message, cut at {@value #EXCERPT} (the JSON writer escapes what needs it). */
    private String excerpt(int s, int e) {
        boolean cut = e - s > EXCERPT;
        return quote(new String(b, s, Math.min(e - s, EXCERPT), StandardCharsets.ISO_8859_1) + (cut ? "..." : ""));
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }

    private static BadRequest bad(String reason) {
        return new BadRequest(400, reason);
    }
}
