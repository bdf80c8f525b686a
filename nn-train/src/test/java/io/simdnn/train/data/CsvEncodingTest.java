package io.simdnn.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not UTF-8 is a format error naming the file and where the bad bytes are, not a decoder's failure. */
class CsvEncodingTest {
    @TempDir
    Path dir;

    @Test
    void bytesThatAreNotUtf8NameTheFileAndLine() throws Exception {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'a', ',', 'b', '\n', '1', ',', '2', '\n', (byte) 0xE9, ',', '3', '\n'});
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Csv.read(latin1, CsvOptions.defaults().withHeader(false)));
        assertEquals("latin1.csv: bytes that are not UTF-8 text at line 1 or after; save the file as UTF-8",
                e.getMessage());
        assertEquals(1, e.line());
        assertThrows(DataFormatException.class, () -> Csv.readTable(latin1, false));
    }
}
