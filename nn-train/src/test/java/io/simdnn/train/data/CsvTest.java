package io.simdnn.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertArrayEquals(new int[] {1, 0}, byName.labels());
        assertEquals(2, byName.classCount());
        assertEquals(List.of("0", "2"), byName.classNames());
        assertEquals(List.of("a", "b"), byName.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, byName.features());
        Dataset byIndex = read("1,2,0\n3,4,1\n", CsvOptions.defaults().withHeader(false).withLabelColumn("1"));
        assertArrayEquals(new int[] {0, 1}, byIndex.labels());
        assertEquals(List.of("2", "4"), byIndex.classNames());
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
        assertArrayEquals(new int[] {0}, d.labels());
        assertEquals(List.of("1"), d.classNames());
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
        assertEquals("t.csv line 3, column 2 (\"l\"): \"1.5\" is not an integer class label; a numeric target needs"
                        + " regression (--regression on the command line)",
                error("a,l\n1,1\n1,1.5\n2,2\n", CsvOptions.defaults()));
        assertEquals("t.csv line 2, column 2 (\"l\"): empty cell where a class label is expected",
                error("a,l\n1,\n", CsvOptions.defaults()));
        assertEquals("t.csv line 2, column 2 (\"l\"): empty cell where a target is expected (a label is not imputed;"
                + " drop such rows)", error("a,l\n1,\n", CsvOptions.defaults().withRegression(true)
                .withMissing(CsvOptions.Missing.MEAN)));
    }

    @Test
    void textLabelsBecomeSortedClassesAndIntegersKeepTheirOrder() throws IOException {
        Dataset d = read("5.1,3.5,setosa\n6.2,2.9,versicolor\n4.9,3.0,setosa\n6.3,3.3,virginica\n",
                CsvOptions.defaults());
        assertEquals(4, d.rows(), "a headerless file with text labels: the first line is data");
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 0, 2}, d.labels());
        Dataset oneToThree = read("a,l\n1,3\n2,1\n3,2.0\n4,10\n", CsvOptions.defaults());
        assertEquals(List.of("1", "2", "3", "10"), oneToThree.classNames(), "numeric order, no empty class 0");
        assertArrayEquals(new int[] {2, 0, 1, 3}, oneToThree.labels());
        Dataset negative = read("a,l\n1,-1\n2,1\n", CsvOptions.defaults());
        assertEquals(List.of("-1", "1"), negative.classNames());
        Dataset mixed = read("a,l\n1,yes\n2,no\n3,2\n", CsvOptions.defaults());
        assertEquals(List.of("2", "no", "yes"), mixed.classNames());
        // The same label values give the same classes whatever the row order.
        Dataset reordered = read("6.3,3.3,virginica\n5.1,3.5,setosa\n6.2,2.9,versicolor\n", CsvOptions.defaults());
        assertEquals(d.classNames(), reordered.classNames());
        // Renumbered to another list of classes (e.g. a model's), each row keeps its class name.
        Dataset renumbered = reordered.withClassNames(List.of("virginica", "versicolor", "setosa", "other"));
        assertArrayEquals(new int[] {0, 2, 1}, renumbered.labels());
        assertEquals(4, renumbered.classCount());
        assertThrows(IllegalArgumentException.class, () -> d.withClassNames(List.of("setosa")));
    }

    @Test
    void delimiterAndHeaderDetection() throws IOException {
        Dataset semicolon = read("a;b;l\r\n1;2;x\r\n3;4;y\r\n", CsvOptions.defaults());
        assertEquals(List.of("a", "b"), semicolon.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, semicolon.features());
        Dataset tab = read("\uFEFF1\t2\t0\n3\t4\t1\n", CsvOptions.defaults());
        assertEquals(2, tab.rows(), "no header: every cell a number");
        assertArrayEquals(new float[] {1, 2, 3, 4}, tab.features());
        // A comma inside quotes does not count; semicolons with decimal commas would not parse as numbers anyway.
        Dataset quoted = read("\"a,1\",b,l\n1,2,0\n3,4,1\n", CsvOptions.defaults());
        assertEquals(List.of("a,1", "b"), quoted.featureNames());
        assertEquals(';', Csv.detectDelimiter(List.of("1;2,5;3", "4;5,5;6")));
        assertEquals(',', Csv.detectDelimiter(List.of("a,b;c,d", "1,2,3")));
        assertEquals(';', Csv.detectDelimiter(List.of("1;2;3", "4;5;6")));
        assertEquals(',', Csv.detectDelimiter(List.of("1")));
        Dataset forced = read("1,2,0\n3,4,1\n", CsvOptions.defaults().withHeader(true));
        assertEquals(1, forced.rows());
        Dataset named = read("1,2,y\n3,4,1\n", CsvOptions.defaults().withLabelColumn("y"));
        assertEquals(1, named.rows(), "a label column given by name makes the first line a header");
    }

    @Test
    void emptyCellsAreAnErrorDroppedOrImputedWithTrainingMeans() throws IOException {
        String text = "a,b,l\n1,,0\n3,4,1\n5,8,1\n";
        assertEquals("t.csv line 2, column 2 (\"b\"): empty cell where a number is expected",
                error(text, CsvOptions.defaults()));
        Dataset dropped = read(text, CsvOptions.defaults().withMissing(CsvOptions.Missing.DROP));
        assertEquals(2, dropped.rows());
        assertArrayEquals(new float[] {3, 4, 5, 8}, dropped.features());
        Dataset holed = read(text, CsvOptions.defaults().withMissing(CsvOptions.Missing.MEAN));
        assertEquals(1, holed.missingCount());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(holed)).getMessage()
                .contains("1 feature value is missing"));
        // Fitted on the last row alone (as on training rows): only the fitted rows count.
        MeanImputer imputer = MeanImputer.fit(holed.subset(new int[] {2}));
        assertArrayEquals(new float[] {5, 8}, imputer.means());
        Dataset filled = imputer.transform(holed);
        assertEquals(0, filled.missingCount());
        assertArrayEquals(new float[] {1, 8, 3, 4, 5, 8}, filled.features());
        assertEquals("t.csv is empty", error("", CsvOptions.defaults().withMissing(CsvOptions.Missing.DROP)));
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
