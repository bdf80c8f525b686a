package io.simdnn.cli;

import io.simdnn.train.data.Csv;
import io.simdnn.train.data.CsvOptions;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.MeanImputer;
import io.simdnn.train.data.Splits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the labelled data comes from: an embedded data set by name, or a CSV file. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "NAME|FILE.csv", defaultValue = "digits",
            description = "An embedded data set (iris, digits, wine, breast-cancer) or a CSV file of numeric"
                    + " features and a label column; class labels may be any text (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX",
            description = "CSV only: the label column, by header name or 0-based index (default: the last column).")
    String labelColumn;

    @Option(names = "--regression",
            description = "CSV only: the label column holds a numeric target (regression), not class labels.")
    boolean regression;

    @Mixin
    CsvFormatOptions format;

    /** Fitted on the training rows by {@link #impute(Splits.Split)} when the data has missing values. */
    private MeanImputer imputer;

    /** Loads the data set: a name of an embedded set unless a file of that name exists. */
    Dataset load() throws IOException {
        Path file = Path.of(data);
        boolean embedded = Datasets.names().contains(data.strip().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (embedded && !Files.exists(file)) {
            if (labelColumn != null || regression || format.given()) {
                throw new UsageException("--label-column, --regression, --header, --delimiter and --missing apply to"
                        + " CSV files; '" + data + "' is an embedded data set");
            }
            return Datasets.load(data);
        }
        if (!Files.exists(file)) {
            throw new UserException("file not found: " + data + " (nor is it an embedded data set: "
                    + String.join(", ", Datasets.names()) + ")");
        }
        if (Files.isDirectory(file)) throw new UserException(data + " is a directory, not a CSV file");
        try {
            return Csv.read(file, new CsvOptions(format.headerRule(), labelColumn, regression,
                    format.delimiterOrDetect(), format.missing));
        } catch (NoSuchFileException e) {
            throw new UserException("file not found: " + data, e);
        }
    }

    /**
     * The split with its missing values (--missing mean) filled with the means of its training rows; the split
     * itself when nothing is missing.
     */
    Splits.Split impute(Splits.Split split) {
        if (split.train().missingCount() == 0 && missing(split.validation()) == 0 && missing(split.test()) == 0) {
            return split;
        }
        imputer = MeanImputer.fit(split.train());
        return new Splits.Split(imputer.transform(split.train()), fill(split.validation()), fill(split.test()));
    }

    /** The rows with missing values filled: by the imputer of {@link #impute} if fitted, else by their own means. */
    Dataset complete(Dataset d) {
        if (d.missingCount() == 0) return d;
        return (imputer != null ? imputer : MeanImputer.fit(d)).transform(d);
    }

    private Dataset fill(Dataset d) {
        return d == null ? null : imputer.transform(d);
    }

    private static int missing(Dataset d) {
        return d == null ? 0 : d.missingCount();
    }

    /** "3 classes" and, when the classes are not simply 0..k-1, their names (the first ten). */
    static String classes(Dataset d) {
        List<String> names = d.classNames();
        String count = d.classCount() + " classes";
        boolean numbered = true;
        for (int c = 0; c < names.size(); c++) numbered &= names.get(c).equals(Integer.toString(c));
        if (numbered) return count;
        String shown = String.join(", ", names.subList(0, Math.min(10, names.size())));
        return count + " (" + shown + (names.size() > 10 ? ", ..." : "") + ")";
    }
}
