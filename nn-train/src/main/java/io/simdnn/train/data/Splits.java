package io.simdnn.train.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Train / validation / test splits. A split never shares a row between its parts, and the same data and seed always
 * give the same split.
 */
public final class Splits {

    private Splits() {
    }

    /**
     * The parts of a split. {@code validation} or {@code test} is null when its fraction was zero (or, for
     * {@link #firstPerClass}, when no row is left for it); {@code train} is never null or empty.
     */
    public record Split(Dataset train, Dataset validation, Dataset test) {
        public Split {
            Objects.requireNonNull(train, "train");
        }
    }

    /**
     * A seeded random split. The validation and test parts hold {@code round(rows × fraction)} rows (at least one
     * when the fraction is positive); the training part holds the rest. A classification data set is split by
     * class (stratified): each part receives every class in proportion to its size, the rounding remainders going
     * to the classes with the largest fractional shares. Within each part the rows are shuffled.
     *
     * @throws IllegalArgumentException for fractions outside {@code [0, 1)}, a sum of at least 1, or too few rows
     *                                  to leave a training row
     */
    public static Split random(Dataset d, double validationFraction, double testFraction, long seed) {
        Objects.requireNonNull(d, "d");
        checkFraction("validation", validationFraction);
        checkFraction("test", testFraction);
        if (validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " + test fraction "
                    + testFraction + " leave no training rows; their sum must be below 1");
        }
        int n = d.rows();
        int nTest = partSize(n, testFraction);
        int nVal = partSize(n, validationFraction);
        if (n - nTest - nVal < 1) {
            throw new IllegalArgumentException(d.name() + ": " + n + " rows are too few for a split with "
                    + nVal + " validation and " + nTest + " test rows and at least one training row");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] train;
        int[] val;
        int[] test;
        if (d.isClassification()) {
            int[][] byClass = rowsByClass(d);
            int[] classSizes = new int[byClass.length];
            for (int c = 0; c < byClass.length; c++) {
                shuffle(byClass[c], random);
                classSizes[c] = byClass[c].length;
            }
            int[] testPerClass = apportion(classSizes, nTest);
            int[] remaining = new int[byClass.length];
            for (int c = 0; c < byClass.length; c++) {
                remaining[c] = classSizes[c] - testPerClass[c];
            }
            int[] valPerClass = apportion(remaining, nVal);
            test = new int[nTest];
            val = new int[nVal];
            train = new int[n - nTest - nVal];
            int ti = 0;
            int vi = 0;
            int ri = 0;
            for (int c = 0; c < byClass.length; c++) {
                int[] rows = byClass[c];
                int t = testPerClass[c];
                int v = valPerClass[c];
                System.arraycopy(rows, 0, test, ti, t);
                System.arraycopy(rows, t, val, vi, v);
                System.arraycopy(rows, t + v, train, ri, rows.length - t - v);
                ti += t;
                vi += v;
                ri += rows.length - t - v;
            }
            shuffle(train, random);
            shuffle(val, random);
            shuffle(test, random);
        } else {
            int[] all = identity(n);
            shuffle(all, random);
            test = Arrays.copyOfRange(all, 0, nTest);
            val = Arrays.copyOfRange(all, nTest, nTest + nVal);
            train = Arrays.copyOfRange(all, nTest + nVal, n);
        }
        return new Split(d.subset(train), nVal == 0 ? null : d.subset(val), nTest == 0 ? null : d.subset(test));
    }

    /**
     * The first {@code perClassTrain} rows of each class (in data set order) for training, the rest for testing, in
     * data set order; no validation part. With Iris and 40 this is the course notes' split: 120 training rows and 30
     * test rows.
     *
     * @throws IllegalArgumentException for a regression data set or a class with fewer than {@code perClassTrain}
     *                                  rows
     */
    public static Split firstPerClass(Dataset d, int perClassTrain) {
        Objects.requireNonNull(d, "d");
        if (!d.isClassification()) {
            throw new IllegalArgumentException(d.name() + " is a regression data set; a per-class split needs classes");
        }
        if (perClassTrain < 1) {
            throw new IllegalArgumentException("rows per class for training must be at least 1, got " + perClassTrain);
        }
        int[] counts = d.classCounts();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < perClassTrain) {
                throw new IllegalArgumentException(d.name() + ": class " + c + " has " + counts[c]
                        + " rows, fewer than the " + perClassTrain + " asked for training");
            }
        }
        int[] labels = d.labels();
        int[] taken = new int[counts.length];
        int[] train = new int[perClassTrain * counts.length];
        int[] test = new int[d.rows() - train.length];
        int ri = 0;
        int ti = 0;
        for (int r = 0; r < d.rows(); r++) {
            int c = labels[r];
            if (taken[c] < perClassTrain) {
                taken[c]++;
                train[ri++] = r;
            } else {
                test[ti++] = r;
            }
        }
        return new Split(d.subset(train), null, test.length == 0 ? null : d.subset(test));
    }

    private static void checkFraction(String what, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException(what + " fraction must be in [0, 1), got " + fraction);
        }
    }

    private static int partSize(int rows, double fraction) {
        if (fraction == 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round(rows * fraction));
    }

    private static int[][] rowsByClass(Dataset d) {
        int[] counts = d.classCounts();
        int[][] byClass = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[counts.length];
        int[] labels = d.labels();
        for (int r = 0; r < labels.length; r++) {
            byClass[labels[r]][fill[labels[r]]++] = r;
        }
        return byClass;
    }

    /**
     * Splits {@code total} among groups in proportion to their sizes (largest remainder method, in exact integer
     * arithmetic; ties go to the lower group index). No group receives more than its size.
     */
    static int[] apportion(int[] sizes, int total) {
        long sum = 0;
        for (int s : sizes) {
            sum += s;
        }
        int[] share = new int[sizes.length];
        if (total == 0 || sum == 0) {
            return share;
        }
        long[] remainder = new long[sizes.length];
        int given = 0;
        for (int g = 0; g < sizes.length; g++) {
            long scaled = (long) sizes[g] * total;
            share[g] = (int) (scaled / sum);
            remainder[g] = scaled % sum;
            given += share[g];
        }
        for (; given < total; given++) {
            int best = -1;
            for (int g = 0; g < sizes.length; g++) {
                if (share[g] < sizes[g] && (best < 0 || remainder[g] > remainder[best])) {
                    best = g;
                }
            }
            share[best]++;
            remainder[best] = -1;
        }
        return share;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Fisher–Yates, driven by the split's generator so that one seed fixes every step. */
    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
