package io.simdnn.model.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small, strict JSON parser and writer (RFC 8259), enough for model file headers and architecture descriptions.
 *
 * <p>Parsing maps objects to {@link LinkedHashMap}{@code <String, Object>} (keys in document order; a duplicate key
 * is an error), arrays to {@link List}{@code <Object>}, strings to {@link String}, {@code true}/{@code false} to
 * {@link Boolean}, {@code null} to null, and numbers to {@link Long} when they are integers that fit,
 * {@link BigInteger} for larger integers and {@link Double} when they have a fraction or an exponent. Nothing beyond
 * the standard is accepted: no comments, trailing commas, single quotes, {@code NaN}, leading zeros or unescaped
 * control characters. Nesting depth and text length are limited, so hostile input cannot exhaust the stack or the
 * heap. Errors are {@link JsonException}s naming the offset and what was expected.
 *
 * <p>Writing produces compact JSON (no spaces), keys in the map's iteration order, so the output is deterministic
 * for ordered maps.
 */
public final class Json {

    /** The default nesting limit: far above any real header or architecture, far below the stack's limit. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** The default text length limit, in characters (the safetensors header limit). */
    public static final int DEFAULT_MAX_LENGTH = 100_000_000;

    /** Longer number literals are refused: exact conversion of huge literals costs more than it is worth. */
    private static final int MAX_NUMBER_LENGTH = 1000;

    private Json() {
    }

    /** Parses one JSON value with the default limits. */
    public static Object parse(String text) {
        return parse(text, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH);
    }

    /**
     * Parses one JSON value (surrounded by optional whitespace).
     *
     * @param maxDepth  the deepest nesting of arrays and objects accepted
     * @param maxLength the longest text accepted, in characters
     * @throws JsonException naming the offset of the first problem
     */
    public static Object parse(String text, int maxDepth, int maxLength) {
        Objects.requireNonNull(text, "text");
        if (text.length() > maxLength) {
            throw new JsonException(0, "the text has " + text.length() + " characters, more than the limit of "
                    + maxLength);
        }
        Parser p = new Parser(text, maxDepth);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("expected the end of the text after the value");
        }
        return value;
    }

    /** Parses a JSON object with the default limits. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        int start = 0;
        while (start < text.length() && isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start >= text.length() || text.charAt(start) != '{') {
            throw new JsonException(start, "expected a JSON object starting with '{'");
        }
        return (Map<String, Object>) parse(text);
    }

    /**
     * Writes a value as compact JSON: {@link Map} (String keys, in iteration order), {@link Collection}, arrays of
     * primitives or objects, {@link CharSequence}, {@link Enum} (its name), {@link Boolean}, null and
     * {@link Number}s (integers exactly; {@code float} and {@code double} in their shortest round-trip form, which
     * must be finite).
     *
     * @throws IllegalArgumentException for a non-finite number, a non-String key or an unsupported type
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (depth > 1000) {
            throw new IllegalArgumentException("the value is nested more than 1000 levels deep (a cycle?)");
        }
        switch (value) {
            case null -> out.append("null");
            case CharSequence s -> writeString(s, out);
            case Boolean b -> out.append(b.booleanValue());
            case Double d -> writeFloating(d, Double.toString(d), out);
            case Float f -> writeFloating(f, Float.toString(f), out);
            case Long l -> out.append(l.longValue());
            case Integer i -> out.append(i.intValue());
            case Short s -> out.append(s.shortValue());
            case Byte b -> out.append(b.byteValue());
            case BigInteger b -> out.append(b);
            case Enum<?> e -> writeString(e.name(), out);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys must be strings, got "
                                + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                    }
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(key, out);
                    out.append(':');
                    write(e.getValue(), out, depth + 1);
                }
                out.append('}');
            }
            case Collection<?> c -> {
                out.append('[');
                boolean first = true;
                for (Object element : c) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(element, out, depth + 1);
                }
                out.append(']');
            }
            case long[] a -> writeArray(a.length, i -> out.append(a[i]), out);
            case int[] a -> writeArray(a.length, i -> out.append(a[i]), out);
            case float[] a -> writeArray(a.length, i -> writeFloating(a[i], Float.toString(a[i]), out), out);
            case double[] a -> writeArray(a.length, i -> writeFloating(a[i], Double.toString(a[i]), out), out);
            case boolean[] a -> writeArray(a.length, i -> out.append(a[i]), out);
            case Object[] a -> writeArray(a.length, i -> write(a[i], out, depth + 1), out);
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName()
                    + " as JSON");
        }
    }

    private static void writeArray(int length, java.util.function.IntConsumer element, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(',');
            }
            element.accept(i);
        }
        out.append(']');
    }

    private static void writeFloating(double value, String text, StringBuilder out) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no representation for " + value);
        }
        // Java's shortest round-trip form ("1.0E-5", "3.0") is valid JSON as it stands.
        out.append(text);
    }

    private static void writeString(CharSequence s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** A recursive-descent parser over the text; depth-limited. */
    private static final class Parser {
        private final String text;
        private final int maxDepth;
        private int pos;

        Parser(String text, int maxDepth) {
            this.text = text;
            this.maxDepth = maxDepth;
        }

        JsonException error(String message) {
            String found = pos < text.length() ? "'" + printable(text.charAt(pos)) + "'" : "the end of the text";
            return new JsonException(pos, message + ", found " + found);
        }

        private static String printable(char c) {
            return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }

        void skipWhitespace() {
            while (pos < text.length() && isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        Object value(int depth) {
            if (pos >= text.length()) {
                throw error("expected a value");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("expected a value (object, array, string, number, true, false or null)");
                }
            };
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("expected '" + word + "'");
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object(int depth) {
            checkDepth(depth);
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (pos >= text.length() || text.charAt(pos) != '"') {
                    throw error("expected a string key");
                }
                int keyOffset = pos;
                String key = string();
                skipWhitespace();
                expect(':', "expected ':' after the key");
                skipWhitespace();
                Object value = value(depth);
                if (map.containsKey(key)) {
                    throw new JsonException(keyOffset, "duplicate key \"" + key + "\"");
                }
                map.put(key, value);
                skipWhitespace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect('}', "expected ',' or '}' in an object");
                return map;
            }
        }

        private List<Object> array(int depth) {
            checkDepth(depth);
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth));
                skipWhitespace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect(']', "expected ',' or ']' in an array");
                return list;
            }
        }

        private void checkDepth(int depth) {
            if (depth > maxDepth) {
                throw new JsonException(pos, "nesting deeper than the limit of " + maxDepth);
            }
        }

        private void expect(char c, String message) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error(message);
            }
            pos++;
        }

        private String string() {
            pos++; // opening quote
            StringBuilder sb = null;
            int runStart = pos;
            while (true) {
                if (pos >= text.length()) {
                    throw error("expected '\"' to close the string");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    String s = sb == null ? text.substring(runStart, pos)
                            : sb.append(text, runStart, pos).toString();
                    pos++;
                    return s;
                }
                if (c < 0x20) {
                    throw error("expected a character; control characters must be escaped in strings");
                }
                if (c == '\\') {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(text, runStart, pos);
                    pos++;
                    if (pos >= text.length()) {
                        throw error("expected an escape character");
                    }
                    char e = text.charAt(pos);
                    switch (e) {
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        case '/' -> sb.append('/');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            int code = 0;
                            for (int k = 1; k <= 4; k++) {
                                int digit = pos + k < text.length() ? Character.digit(text.charAt(pos + k), 16) : -1;
                                if (digit < 0) {
                                    pos += k;
                                    throw error("expected 4 hexadecimal digits after \\u");
                                }
                                code = code * 16 + digit;
                            }
                            sb.append((char) code);
                            pos += 4;
                        }
                        default -> throw error("expected one of \" \\ / b f n r t u after a backslash");
                    }
                    pos++;
                    runStart = pos;
                } else {
                    pos++;
                }
            }
        }

        private Object number() {
            int start = pos;
            if (text.charAt(pos) == '-') {
                pos++;
            }
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw error("expected a digit");
            }
            if (text.charAt(pos) == '0') {
                pos++;
                if (pos < text.length() && isDigit(text.charAt(pos))) {
                    throw error("expected no leading zero in a number");
                }
            } else {
                digits();
            }
            boolean integer = true;
            if (pos < text.length() && text.charAt(pos) == '.') {
                integer = false;
                pos++;
                if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                    throw error("expected a digit after the decimal point");
                }
                digits();
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                integer = false;
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                    throw error("expected a digit in the exponent");
                }
                digits();
            }
            if (pos - start > MAX_NUMBER_LENGTH) {
                pos = start;
                throw error("expected a number of at most " + MAX_NUMBER_LENGTH + " characters");
            }
            String literal = text.substring(start, pos);
            if (!integer) {
                return Double.parseDouble(literal);
            }
            // Up to 18 digits always fit in a long; longer literals are checked exactly.
            if (literal.length() <= 18) {
                return Long.parseLong(literal);
            }
            BigInteger big = new BigInteger(literal);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }

        private void digits() {
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
