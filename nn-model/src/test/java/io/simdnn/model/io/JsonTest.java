package io.simdnn.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static String error(String text) {
        return assertThrows(JsonException.class, () -> Json.parse(text)).getMessage();
    }

    @Test
    void parsesEveryKindOfValue() {
        Object value = Json.parse(" {\"b\": [1, -2.5, 3e2, true, false, null], \"a\": {\"x\": \"y\"}, \"c\": []} ");
        Map<?, ?> map = (Map<?, ?>) value;
        assertEquals(List.of("b", "a", "c"), new ArrayList<>(map.keySet()), "keys keep document order");
        List<?> b = (List<?>) map.get("b");
        assertEquals(1L, b.get(0));
        assertEquals(-2.5, b.get(1));
        assertEquals(300.0, b.get(2));
        assertEquals(true, b.get(3));
        assertEquals(false, b.get(4));
        assertNull(b.get(5));
        assertEquals(Map.of("x", "y"), map.get("a"));
        assertEquals(List.of(), map.get("c"));
    }

    @Test
    void integersAreLongsUntilTheyDoNotFit() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(new BigInteger("18446744073709551616"), Json.parse("18446744073709551616"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(1.0, Json.parse("1.0"));
    }

    @Test
    void stringEscapes() {
        assertEquals("a\"b\\c/d\b\f\n\r\t\u00e9\ud83d\ude00", Json.parse(
                "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\""));
        assertEquals("plain é 😀", Json.parse("\"plain é 😀\""));
    }

    @Test
    void errorsNameTheOffsetAndWhatWasExpected() {
        assertEquals("at offset 8: expected a string key, found '}'", error("{\"a\": 1,}"));
        assertEquals("at offset 6: expected ',' or '}' in an object, found '\"'", error("{\"a\":1\"b\":2}"));
        assertEquals("at offset 3: expected a value, found the end of the text", error("[1,"));
        assertEquals("at offset 1: expected no leading zero in a number, found '1'", error("01"));
        assertEquals("at offset 4: expected '\"' to close the string, found the end of the text", error("\"abc"));
        assertEquals("at offset 2: expected a character; control characters must be escaped in strings, found '\\u000a'",
                error("\"a\nb\""));
        assertEquals("at offset 2: expected one of \" \\ / b f n r t u after a backslash, found 'x'", error("\"\\x\""));
        assertEquals("at offset 4: expected 4 hexadecimal digits after \\u, found 'g'", error("\"\\u0g00\""));
        assertEquals("at offset 0: expected a value (object, array, string, number, true, false or null), found 'N'",
                error("NaN"));
        assertEquals("at offset 2: expected the end of the text after the value, found '2'", error("1 2"));
        assertEquals("at offset 0: expected a value, found the end of the text", error(""));
        assertEquals("at offset 0: expected 'true', found 't'", error("tru"));
        assertEquals("at offset 2: expected a digit after the decimal point, found the end of the text", error("1."));
        assertEquals("at offset 2: expected a digit in the exponent, found the end of the text", error("1e"));
        assertEquals("at offset 1: expected a digit, found 'a'", error("-a"));
        assertEquals("at offset 8: duplicate key \"a\"", error("{\"a\":1, \"a\":2}"));
        assertEquals("at offset 0: expected a number of at most 1000 characters, found '1'", error("1".repeat(1001)));
        assertEquals(3, assertThrows(JsonException.class, () -> Json.parse("[1,]")).offset());
    }

    @Test
    void limitsDepthAndLength() {
        String deep = "[".repeat(65) + "]".repeat(65);
        assertEquals("at offset 64: nesting deeper than the limit of 64", error(deep));
        assertEquals(List.of(List.of()), Json.parse("[[]]", 2, 100));
        assertThrows(JsonException.class, () -> Json.parse("[[[]]]", 2, 100));
        assertEquals("at offset 0: the text has 6 characters, more than the limit of 5",
                assertThrows(JsonException.class, () -> Json.parse("[1, 2]", 64, 5)).getMessage());
        // A hostile nesting far beyond the limit fails cleanly instead of overflowing the stack.
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(1_000_000)));
    }

    @Test
    void mangledTextFailsOnlyWithJsonException() {
        String valid = "{\"a\": [1, -2.5e3, \"s\\n\\u00e9\"], \"b\": {\"c\": null, \"d\": true}}";
        String alphabet = "{}[]\",:\\ -+.eE0123456789aeflnrstu\n";
        java.util.Random random = new java.util.Random(42);
        for (int trial = 0; trial < 5000; trial++) {
            StringBuilder text = new StringBuilder(valid);
            for (int k = 0; k <= random.nextInt(3); k++) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            try {
                Object parsed = Json.parse(text.toString());
                assertEquals(parsed, Json.parse(Json.write(parsed)), "whatever parses, writes back the same");
            } catch (JsonException expected) {
                assertTrue(expected.offset() >= 0 && expected.offset() <= text.length());
            }
        }
    }

    @Test
    void parseObjectWantsAnObject() {
        assertEquals(Map.of(), Json.parseObject("  {}  "));
        assertEquals("at offset 0: expected a JSON object starting with '{'",
                assertThrows(JsonException.class, () -> Json.parseObject("[1]")).getMessage());
    }

    @Test
    void writesCompactJsonInIterationOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", 1);
        map.put("a", List.of(1.5, -0.0f, 2L, "s"));
        map.put("n", null);
        map.put("arr", new long[] {3, 4});
        map.put("f", new float[] {0.1f});
        map.put("t", true);
        map.put("e", Thread.State.NEW);
        assertEquals("{\"z\":1,\"a\":[1.5,-0.0,2,\"s\"],\"n\":null,\"arr\":[3,4],\"f\":[0.1],\"t\":true,\"e\":\"NEW\"}",
                Json.write(map));
        assertEquals("\"q\\\"b\\\\n\\nt\\tc\\u0001é\"", Json.write("q\"b\\n\nt\tc\u0001é"));
    }

    @Test
    void writeRejectsWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Float.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }

    @Test
    void roundTrip() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("layers", List.of(Map.of("type", "dense", "units", 128L), Map.of("rate", 0.2)));
        map.put("text", "line\nbreak \"quoted\" ✓");
        map.put("big", new BigInteger("123456789012345678901234567890"));
        map.put("tiny", 1.0E-300);
        Object back = Json.parse(Json.write(map));
        assertEquals(map, back);
        assertEquals(0.1f, (float) (double) (Double) Json.parse(Json.write(0.1f)));
        assertTrue(Json.write(1e-5).contains("E"));
    }
}
