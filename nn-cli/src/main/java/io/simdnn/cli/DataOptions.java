package io.simdnn.cli;

import io.simdnn.train.data.Csv;
import io.simdnn.train.data.CsvOptions;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Where the labelled data comes from: an embedded data set by name, or a CSV file. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "NAME|FILE.csv", defaultValue = "digits",
            description = "An embedded data set (iris, digits, wine, breast-cancer) or a CSV file with a header line"
                    + " and a label column (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX",
            description = "CSV only: the label column, by header name or 0-based index (default: the last column).")
    String labelColumn;

    @Option(names = "--header", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "CSV only: whether the first line is a header (default: yes; --no-header if not).")
    boolean header;

    @Option(names = "--regression",
            description = "CSV only: the label column holds numeric targets (regression), not class numbers 0..k-1.")
    boolean regression;

    /** Loads the data set: a name of an embedded set unless a file of that name exists. */
    Dataset load() throws IOException {
        Path file = Path.of(data);
        boolean embedded = Datasets.names().contains(data.strip().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (embedded && !Files.exists(file)) {
            if (labelColumn != null || regression) {
                throw new UserException("--label-column and --regression apply to CSV files; '" + data
                        + "' is an embedded data set");
            }
            return Datasets.load(data);
        }
        if (!Files.exists(file)) {
            throw new UserException("file not found: " + data + " (nor is it an embedded data set: "
                    + String.join(", ", Datasets.names()) + ")");
        }
        if (Files.isDirectory(file)) throw new UserException(data + " is a directory, not a CSV file");
        try {
            return Csv.read(file, CsvOptions.defaults().withHeader(header).withLabelColumn(labelColumn)
                    .withRegression(regression));
        } catch (NoSuchFileException e) {
            throw new UserException("file not found: " + data, e);
        }
    }
}
