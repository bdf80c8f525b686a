package io.simdnn.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    private static Dataset read(String text, CsvOptions options) throws IOException {
        return Csv.read(new StringReader(text), "t.csv", options);
    }

    private static String error(String text, CsvOptions options) {
        return assertThrows(DataFormatException.class, () -> read(text, options)).getMessage();
    }

    @Test
    void readsHeaderFeaturesAndLastColumnLabels() throws IOException {
        Dataset d = read("a,b,label\n1,2.5,1\n-3e2, 4 ,0\n", CsvOptions.defaults());
        assertEquals(List.of("a", "b"), d.featureNames());
        assertEquals(2, d.rows());
        assertEquals(2, d.classCount());
        assertArrayEquals(new float[] {1, 2.5f, -300, 4}, d.features());
        assertArrayEquals(new int[] {1, 0}, d.labels());
    }

    @Test
    void labelColumnByNameOrIndex() throws IOException {
        Dataset byName = read("y,a,b\n2,1,2\n0,3,4\n", CsvOptions.defaults().withLabelColumn("y"));
        assertArrayEquals(new int[] {2, 0}, byName.labels());
        assertEquals(3, byName.classCount());
        assertEquals(List.of("a", "b"), byName.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, byName.features());
        Dataset byIndex = read("1,2,0\n3,4,1\n", CsvOptions.defaults().withHeader(false).withLabelColumn("1"));
        assertArrayEquals(new int[] {2, 4}, byIndex.labels());
        assertArrayEquals(new float[] {1, 0, 3, 1}, byIndex.features());
        assertEquals(List.of("x0", "x1"), byIndex.featureNames());
    }

    @Test
    void regressionTargets() throws IOException {
        Dataset d = read("x,y\n1,0.5\n2,-1.5\n", CsvOptions.defaults().withRegression(true));
        assertEquals(1, d.targetCount());
        assertArrayEquals(new float[] {0.5f, -1.5f}, d.targets());
    }

    @Test
    void quotesBomBlankLinesDelimiterAndIntegralLabels() throws IOException {
        Dataset d = read("\uFEFF\"a;1\";\"b \"\"q\"\"\";label\r\n\n 1 ; \"2\" ; 1.0 \r\n\n",
                CsvOptions.defaults().withDelimiter(';'));
        assertEquals(List.of("a;1", "b \"q\""), d.featureNames());
        assertArrayEquals(new float[] {1, 2}, d.features());
        assertArrayEquals(new int[] {1}, d.labels());
    }

    @Test
    void badCellNamesLineColumnAndText() {
        String text = "a,b,label\n1,2,0\n\n1,abc,1\n";
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(text, CsvOptions.defaults()));
        assertEquals("t.csv line 4, column 2 (\"b\"): \"abc\" is not a number", e.getMessage());
        assertEquals(4, e.line());
        assertEquals(2, e.column());
        assertEquals("t.csv", e.source());
        assertEquals("t.csv line 1, column 1: \"NaN\" is not a number",
                error("NaN,0\n", CsvOptions.defaults().withHeader(false)));
        assertEquals("t.csv line 2, column 1 (\"a\"): \"1e39\" is outside the float range",
                error("a,l\n1e39,0\n", CsvOptions.defaults()));
        assertEquals("t.csv line 2, column 1 (\"a\"): empty cell where a number is expected",
                error("a,l\n,0\n", CsvOptions.defaults()));
        assertEquals("t.csv line 2, column 1 (\"a\"): \"0x10\" is not a number",
                error("a,l\n0x10,0\n", CsvOptions.defaults()));
    }

    @Test
    void theDigitsMessage() {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < 64; c++) {
            text.append("pixel_").append(c / 8).append('_').append(c % 8).append(',');
        }
        text.append("label\n");
        for (int line = 2; line <= 17; line++) {
            for (int c = 0; c < 64; c++) {
                text.append(line == 17 && c == 4 ? "abc" : "0").append(',');
            }
            text.append("3\n");
        }
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Csv.read(new StringReader(text.toString()), "digits.csv", CsvOptions.defaults()));
        assertEquals("digits.csv line 17, column 5 (\"pixel_0_4\"): \"abc\" is not a number", e.getMessage());
    }

    @Test
    void badLabels() {
        assertEquals("t.csv line 2, column 2 (\"l\"): \"1.5\" is not an integer class label",
                error("a,l\n1,1.5\n", CsvOptions.defaults()));
        assertEquals("t.csv line 3, column 2 (\"l\"): \"-1\" is a negative class label; classes are numbered from 0",
                error("a,l\n1,0\n1,-1\n", CsvOptions.defaults()));
        assertEquals("t.csv line 2, column 2 (\"l\"): \"cat\" is not a class label (an integer 0..65535)",
                error("a,l\n1,cat\n", CsvOptions.defaults()));
        assertEquals("t.csv line 2, column 2 (\"l\"): \"70000\" is larger than the largest class label 65535",
                error("a,l\n1,70000\n", CsvOptions.defaults()));
    }

    @Test
    void structuralErrors() {
        assertEquals("t.csv is empty", error("", CsvOptions.defaults()));
        assertEquals("t.csv is empty", error("\n  \n", CsvOptions.defaults()));
        assertEquals("t.csv has a header but no data rows", error("a,label\n", CsvOptions.defaults()));
        assertEquals("t.csv line 3: 2 cells but the header has 3", error("a,b,l\n1,2,0\n1,0\n", CsvOptions.defaults()));
        assertEquals("t.csv line 2: 3 cells but the first line has 2",
                error("1,0\n1,2,0\n", CsvOptions.defaults().withHeader(false)));
        assertEquals("t.csv: no label column named \"y\"; the columns are [a, b]",
                error("a,b\n1,0\n", CsvOptions.defaults().withLabelColumn("y")));
        assertEquals("t.csv: label column index 5 is outside 0..1 (the file has 2 columns)",
                error("a,b\n1,0\n", CsvOptions.defaults().withLabelColumn("5")));
        assertEquals("t.csv: label column \"y\" is given by name but the file has no header; give a 0-based index instead",
                error("1,0\n", CsvOptions.defaults().withHeader(false).withLabelColumn("y")));
        assertEquals("t.csv line 1: 1 column; a labelled file needs at least one feature and a label",
                error("label\n0\n", CsvOptions.defaults()));
        assertEquals("t.csv line 2, column 1: the quote opened at character 1 is not closed on this line",
                error("a,l\n\"1,0\n", CsvOptions.defaults()));
        assertEquals("t.csv line 2, column 1: text after the closing quote at character 4",
                error("a,l\n\"1\"x,0\n", CsvOptions.defaults()));
    }

    @Test
    void readsFilesAndTables(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("in.csv");
        Files.writeString(file, "p,q\n1,2\n3,4\n5,6\n");
        Table t = Csv.readTable(file, true);
        assertEquals(List.of("p", "q"), t.header());
        assertEquals(3, t.rows());
        assertEquals(2, t.cols());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.values());
        assertEquals("in.csv line 1, column 1: \"p\" is not a number",
                assertThrows(DataFormatException.class, () -> Csv.readTable(file, false)).getMessage());
        Files.writeString(dir.resolve("raw.csv"), "1,2\n");
        assertEquals(List.of(), Csv.readTable(dir.resolve("raw.csv"), false).header());
        Dataset d = Csv.read(file, CsvOptions.defaults().withRegression(true));
        assertEquals("in.csv", d.name());
        assertArrayEquals(new float[] {2, 4, 6}, d.targets());
    }
}
