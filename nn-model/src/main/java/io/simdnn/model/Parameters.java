package io.simdnn.model;

import java.util.Arrays;
import java.util.List;

/**
 * The parameter tensors of a network (or a gradient of the same shapes), in {@link Architecture#tensors()} order:
 * one float array each, mutable. A {@link Network} keeps its own private copy.
 */
public final class Parameters {
    private final List<Architecture.Tensor> tensors;
    private final float[][] values;

    /** Zero-filled tensors for {@code architecture}. */
    public Parameters(Architecture architecture) {
        this.tensors = architecture.tensors();
        this.values = new float[tensors.size()][];
        for (int i = 0; i < values.length; i++) values[i] = new float[tensors.get(i).size()];
    }

    private Parameters(List<Architecture.Tensor> tensors, float[][] values) {
        this.tensors = tensors;
        this.values = values;
    }

    public int count() {
        return values.length;
    }

    public Architecture.Tensor tensor(int i) {
        return tensors.get(i);
    }

    public List<Architecture.Tensor> tensors() {
        return tensors;
    }

    /** The live values of tensor {@code i} (row-major in its shape). */
    public float[] values(int i) {
        return values[i];
    }

    /** Index of the tensor called {@code name}, or −1. */
    public int indexOf(String name) {
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).name().equals(name)) return i;
        }
        return -1;
    }

    /** The live values of the tensor called {@code name}; the error lists the names. */
    public float[] values(String name) {
        int i = indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no parameter tensor '" + name + "'; tensors: " + names());
        return values[i];
    }

    public List<String> names() {
        return tensors.stream().map(Architecture.Tensor::name).toList();
    }

    /** Total number of scalars. */
    public long size() {
        long n = 0;
        for (float[] v : values) n += v.length;
        return n;
    }

    /** A deep copy. */
    public Parameters copy() {
        float[][] v = new float[values.length][];
        for (int i = 0; i < v.length; i++) v[i] = values[i].clone();
        return new Parameters(tensors, v);
    }

    /** Overwrites every tensor with {@code other}'s values (same architecture). */
    public void copyFrom(Parameters other) {
        if (other.values.length != values.length) throw new IllegalArgumentException("parameters of another architecture");
        for (int i = 0; i < values.length; i++) {
            if (other.values[i].length != values[i].length) {
                throw new IllegalArgumentException("tensor " + tensors.get(i).name() + " has " + other.values[i].length
                        + " values, expected " + values[i].length);
            }
            System.arraycopy(other.values[i], 0, values[i], 0, values[i].length);
        }
    }

    /** Sets every value to 0. */
    public void zero() {
        for (float[] v : values) Arrays.fill(v, 0f);
    }

    /** Throws naming the first tensor and index holding NaN or ±∞. */
    public void requireFinite(String what) {
        for (int i = 0; i < values.length; i++) {
            float[] v = values[i];
            for (int j = 0; j < v.length; j++) {
                if (!Float.isFinite(v[j])) {
                    throw new IllegalArgumentException(what + ": tensor " + tensors.get(i).name() + " holds " + v[j]
                            + " at index " + j + " (weights must be finite)");
                }
            }
        }
    }

    boolean sameShapes(Parameters other) {
        if (other.values.length != values.length) return false;
        for (int i = 0; i < values.length; i++) {
            if (!Arrays.equals(tensors.get(i).shape(), other.tensors.get(i).shape())
                    || !tensors.get(i).name().equals(other.tensors.get(i).name())) return false;
        }
        return true;
    }
}
