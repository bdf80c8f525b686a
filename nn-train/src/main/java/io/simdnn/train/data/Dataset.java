package io.simdnn.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable labelled table: {@code rows × featureCount} input features and, per row, either a class label
 * (classification) or {@code targetCount} real-valued targets (regression).
 *
 * <p>Arrays are stored row-major. The accessors {@link #features()}, {@link #targets()} and {@link #labels()}
 * return the internal arrays without copying, so that training can read them with no allocation; callers must not
 * modify them. The factories copy their inputs, so a caller keeps ownership of what it passes in.
 *
 * <p>For classification the targets are the one-hot rows of the labels ({@code targetCount == classCount}); the
 * class count belongs to the data set, not to the rows it holds, so a {@link #subset(int[]) subset} that happens to
 * miss a class keeps the full class count. Each class has a name ({@link #classNames()}): the label text it was
 * read from (see {@link Csv}), or its number.
 *
 * <p>A data set read with {@link CsvOptions.Missing#MEAN} may hold NaN features where cells were empty
 * ({@link #missingCount()}); such a set is filled by a {@link MeanImputer} before it is scaled or trained on.
 */
public final class Dataset {

    private final String name;
    private final int rows;
    private final int featureCount;
    private final float[] features;
    private final int targetCount;
    private final float[] targets;
    private final int[] labels;
    private final int classCount;
    private final List<String> featureNames;
    private final List<String> classNames;

    private Dataset(String name, int rows, int featureCount, float[] features, int targetCount, float[] targets,
                    int[] labels, int classCount, List<String> featureNames, List<String> classNames) {
        this.name = name;
        this.rows = rows;
        this.featureCount = featureCount;
        this.features = features;
        this.targetCount = targetCount;
        this.targets = targets;
        this.labels = labels;
        this.classCount = classCount;
        this.featureNames = featureNames;
        this.classNames = classNames;
    }

    /**
     * A classification data set.
     *
     * @param name         a name for messages (e.g. the file name)
     * @param x            {@code rows × features} values, row-major; every value finite
     * @param labels       one class per row, each in {@code [0, classCount)}
     * @param classCount   the number of classes, at least 1
     * @param featureNames one name per feature, or null for the names {@code x0, x1, …}
     * @throws IllegalArgumentException naming the first problem found
     */
    public static Dataset classification(String name, float[] x, int rows, int features, int[] labels,
                                         int classCount, List<String> featureNames) {
        return classification(name, x, rows, features, labels, numberNames(Math.max(classCount, 0)), featureNames);
    }

    /**
     * A classification data set with named classes: class {@code c} is {@code classNames.get(c)}.
     *
     * @param classNames one distinct name per class, at least one
     * @throws IllegalArgumentException naming the first problem found
     */
    public static Dataset classification(String name, float[] x, int rows, int features, int[] labels,
                                         List<String> classNames, List<String> featureNames) {
        Objects.requireNonNull(classNames, "classNames");
        checkShape(name, x, rows, features);
        checkFinite(name, "feature", x, features, featureNamesOrNull(featureNames, features, name));
        return create(name, x, rows, features, null, classNames.size(), labels, classNames, featureNames);
    }

    /**
     * The common factory; {@code y} null for classification. Features may be NaN (missing cells); the other checks
     * are those of the public factories.
     */
    static Dataset create(String name, float[] x, int rows, int features, float[] y, int targetCount, int[] labels,
                          List<String> classNames, List<String> featureNames) {
        if (y != null) {
            checkShape(name, x, rows, features);
            if (targetCount < 1) {
                throw new IllegalArgumentException(name + ": target count must be at least 1, got " + targetCount);
            }
            if (y.length != (long) rows * targetCount) {
                throw new IllegalArgumentException(name + ": " + y.length + " target values for " + rows
                        + " rows × " + targetCount + " targets");
            }
            checkFinite(name, "target", y, targetCount, null);
            return new Dataset(name, rows, features, x.clone(), targetCount, y.clone(), null, 0,
                    names(featureNames, features, name), null);
        }
        int classCount = targetCount;
        Objects.requireNonNull(labels, "labels");
        checkShape(name, x, rows, features);
        if (classCount < 1) {
            throw new IllegalArgumentException(name + ": class count must be at least 1, got " + classCount);
        }
        if ((long) rows * classCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": " + rows + " rows × " + classCount
                    + " classes of one-hot targets do not fit in one array");
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + rows + " rows");
        }
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= classCount) {
                throw new IllegalArgumentException(name + ": row " + r + " has label " + labels[r]
                        + ", outside 0.." + (classCount - 1));
            }
        }
        if (classNames.size() != classCount || classNames.stream().distinct().count() != classCount) {
            throw new IllegalArgumentException(name + ": " + classNames + " are not " + classCount
                    + " distinct class names");
        }
        int[] labelsCopy = labels.clone();
        return new Dataset(name, rows, features, x.clone(), classCount, oneHot(labelsCopy, classCount),
                labelsCopy, classCount, names(featureNames, features, name), List.copyOf(classNames));
    }

    /**
     * A regression data set.
     *
     * @param y           {@code rows × targetCount} target values, row-major; every value finite
     * @param targetCount the number of targets per row, at least 1
     * @throws IllegalArgumentException naming the first problem found
     */
    public static Dataset regression(String name, float[] x, int rows, int features, float[] y, int targetCount,
                                     List<String> featureNames) {
        Objects.requireNonNull(y, "y");
        checkShape(name, x, rows, features);
        checkFinite(name, "feature", x, features, featureNamesOrNull(featureNames, features, name));
        return create(name, x, rows, features, y, targetCount, null, null, featureNames);
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int featureCount() {
        return featureCount;
    }

    /** The features, {@code rows × featureCount} row-major; the internal array, not to be modified. */
    public float[] features() {
        return features;
    }

    /** Values per target row: the class count for classification. */
    public int targetCount() {
        return targetCount;
    }

    /** The targets, {@code rows × targetCount} row-major (one-hot rows for classification); not to be modified. */
    public float[] targets() {
        return targets;
    }

    /** The class of each row, or null for regression; the internal array, not to be modified. */
    public int[] labels() {
        return labels;
    }

    /** The number of classes, 0 for regression. */
    public int classCount() {
        return classCount;
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** One name per feature column (unmodifiable). */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * The name of each class, in class order (unmodifiable): the label text it was read from, or {@code "0"},
     * {@code "1"}, … for classes given as numbers; null for regression.
     */
    public List<String> classNames() {
        return classNames;
    }

    /** The number of missing feature values (NaN, from empty cells read with {@link CsvOptions.Missing#MEAN}). */
    public int missingCount() {
        int n = 0;
        for (float v : features) {
            if (Float.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Throws when {@code d} has missing values, for a use that needs every value (e.g. {@code "train on"}).
     *
     * @throws IllegalArgumentException naming the count and the remedy
     */
    public static void requireComplete(Dataset d, String use) {
        int missing = d.missingCount();
        if (missing > 0) {
            throw new IllegalArgumentException("cannot " + use + " " + d.name() + ": " + missing + " feature"
                    + (missing == 1 ? " value is" : " values are") + " missing; fill them with a MeanImputer"
                    + " fitted on the training rows first");
        }
    }

    /**
     * The same rows with classes numbered as in {@code classNames} (e.g. a model's classes): each row keeps its
     * class's name. A class of this data set that is not in the list is an error; a listed class that this data set
     * lacks simply has no rows.
     */
    public Dataset withClassNames(List<String> classNames) {
        if (labels == null) {
            throw new IllegalStateException(name + " is a regression data set: it has no classes");
        }
        int[] map = new int[classCount];
        for (int c = 0; c < classCount; c++) {
            map[c] = classNames.indexOf(this.classNames.get(c));
            if (map[c] < 0) {
                throw new IllegalArgumentException(name + ": class \"" + this.classNames.get(c) + "\" is not one of "
                        + classNames);
            }
        }
        int[] l = new int[rows];
        for (int r = 0; r < rows; r++) {
            l[r] = map[labels[r]];
        }
        return create(name, features, rows, featureCount, null, classNames.size(), l, classNames, featureNames);
    }

    /**
     * The rows at the given indices, in that order (an index may repeat). Class count, target count and feature
     * names are kept.
     */
    public Dataset subset(int[] rowIndices) {
        Objects.requireNonNull(rowIndices, "rowIndices");
        int n = rowIndices.length;
        float[] x = new float[Math.multiplyExact(n, featureCount)];
        float[] y = new float[Math.multiplyExact(n, targetCount)];
        int[] l = labels == null ? null : new int[n];
        for (int i = 0; i < n; i++) {
            int r = rowIndices[i];
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException(name + ": row index " + r + " at position " + i
                        + " is outside 0.." + (rows - 1));
            }
            System.arraycopy(features, r * featureCount, x, i * featureCount, featureCount);
            System.arraycopy(targets, r * targetCount, y, i * targetCount, targetCount);
            if (l != null) {
                l[i] = labels[r];
            }
        }
        return new Dataset(name, n, featureCount, x, targetCount, y, l, classCount, featureNames, classNames);
    }

    /**
     * The same rows and targets with new features (e.g. scaled, or encoded by another network). The feature names
     * are kept when the count is unchanged, otherwise they become {@code x0, x1, …}.
     *
     * @param newFeatures {@code rows × newFeatureCount} values, row-major; copied; every value finite
     */
    public Dataset withFeatures(float[] newFeatures, int newFeatureCount) {
        checkShape(name, newFeatures, rows, newFeatureCount);
        List<String> newNames = newFeatureCount == featureCount ? featureNames : names(null, newFeatureCount, name);
        checkFinite(name, "feature", newFeatures, newFeatureCount, newNames);
        return new Dataset(name, rows, newFeatureCount, newFeatures.clone(), targetCount, targets, labels, classCount,
                newNames, classNames);
    }

    /** The same data under another name. */
    public Dataset withName(String newName) {
        Objects.requireNonNull(newName, "newName");
        return new Dataset(newName, rows, featureCount, features, targetCount, targets, labels, classCount,
                featureNames, classNames);
    }

    /** A copy of one row's features. */
    public float[] featureRow(int row) {
        Objects.checkIndex(row, rows);
        return Arrays.copyOfRange(features, row * featureCount, (row + 1) * featureCount);
    }

    /** The number of rows of each class (classification only). */
    public int[] classCounts() {
        if (labels == null) {
            throw new IllegalStateException(name + " is a regression data set: it has no classes");
        }
        int[] counts = new int[classCount];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return name + " (" + rows + " rows × " + featureCount + " features, "
                + (isClassification() ? classCount + " classes" : targetCount + " targets") + ")";
    }

    private static void checkShape(String name, float[] x, int rows, int features) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        if (rows < 0) {
            throw new IllegalArgumentException(name + ": row count must not be negative, got " + rows);
        }
        if (features < 1) {
            throw new IllegalArgumentException(name + ": feature count must be at least 1, got " + features);
        }
        if (x.length != (long) rows * features) {
            throw new IllegalArgumentException(name + ": " + x.length + " feature values for " + rows + " rows × "
                    + features + " features");
        }
    }

    private static void checkFinite(String name, String what, float[] values, int cols, List<String> columnNames) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                int col = i % cols;
                String column = columnNames == null ? "column " + col : "column " + col + " (\"" + columnNames.get(col) + "\")";
                throw new IllegalArgumentException(name + ": " + what + " at row " + (i / cols) + ", " + column
                        + " is " + values[i] + "; values must be finite");
            }
        }
    }

    private static List<String> featureNamesOrNull(List<String> featureNames, int features, String name) {
        return featureNames == null ? null : names(featureNames, features, name);
    }

    private static List<String> names(List<String> featureNames, int features, String name) {
        if (featureNames == null) {
            List<String> generated = new ArrayList<>(features);
            for (int i = 0; i < features; i++) {
                generated.add("x" + i);
            }
            return List.copyOf(generated);
        }
        if (featureNames.size() != features) {
            throw new IllegalArgumentException(name + ": " + featureNames.size() + " feature names for " + features
                    + " features");
        }
        return List.copyOf(featureNames);
    }

    private static List<String> numberNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    private static float[] oneHot(int[] labels, int classCount) {
        float[] y = new float[labels.length * classCount];
        for (int r = 0; r < labels.length; r++) {
            y[r * classCount + labels[r]] = 1f;
        }
        return y;
    }
}
