package io.simdnn.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The classic UCI data sets embedded as resources, so that examples and tests run with no download (UCI Machine
 * Learning Repository, CC BY 4.0; see the NOTICE file):
 * <ul>
 *   <li>{@code iris}: 150 rows, 4 features, 3 classes (rows 0–49 class 0, 50–99 class 1, 100–149 class 2);</li>
 *   <li>{@code digits}: 1797 rows, 64 features (8×8 pixel counts 0–16), 10 classes;</li>
 *   <li>{@code wine}: 178 rows, 13 features, 3 classes;</li>
 *   <li>{@code breast-cancer}: 569 rows, 30 features, 2 classes.</li>
 * </ul>
 * Each load parses the resource afresh and returns a new {@link Dataset}.
 */
public final class Datasets {

    private static final Map<String, String> RESOURCES = Map.of(
            "iris", "iris.csv",
            "digits", "digits.csv",
            "wine", "wine.csv",
            "breast-cancer", "breast_cancer.csv");

    private static final List<String> NAMES = List.of("iris", "digits", "wine", "breast-cancer");

    private Datasets() {
    }

    /** The names {@link #load(String)} accepts. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Loads an embedded data set by name (case-insensitive; {@code breast_cancer} is accepted for
     * {@code breast-cancer}). The data set is named after the canonical name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Dataset load(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        String resource = RESOURCES.get(key);
        if (resource == null) {
            throw new IllegalArgumentException("unknown data set \"" + name + "\"; the embedded data sets are "
                    + String.join(", ", NAMES));
        }
        // Class.getResourceAsStream resolves the name relative to this package and, in a named module, reads from
        // this class's own module: the resources need no 'opens' because the lookup is made by their own module.
        InputStream in = Datasets.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the embedded resource " + resource + " for data set \"" + key
                    + "\" is missing from the simdnn training library");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Csv.read(reader, resource, CsvOptions.defaults()).withName(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded data set " + resource, e);
        }
    }
}
