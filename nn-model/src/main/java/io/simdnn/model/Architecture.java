package io.simdnn.model;

import io.simdnn.spi.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a network without its weights: input size, layers and output link. It names the parameter tensors
 * (see {@link #tensors()}) and is what a model file stores as JSON.
 *
 * <p>Tensor names follow a PyTorch {@code nn.Sequential} held in a field {@code layers}: every module takes an index,
 * in order. A dense layer is an {@code nn.Linear} ({@code layers.i.weight} [out, in], {@code layers.i.bias} [out]);
 * a non-identity activation after it is the next module (no tensors, except PReLU's slopes
 * {@code layers.j.weight} [units], as {@code nn.PReLU(units)}, and learnable Swish's {@code layers.j.beta}
 * [units]); maxout is a linear of units·pieces outputs then a maxout module; dropout is a module of its own. The
 * output link takes no index (it is applied after the last module).
 */
public record Architecture(int inputSize, List<LayerSpec> layers, Output output) {

    /** What a parameter tensor is, for rules such as "weight decay on weights, not biases". */
    public enum Kind { WEIGHT, BIAS, SLOPE, BETA }

    /** A parameter tensor: its name in model files, shape, kind, and the layer (index into {@link #layers()}). */
    public record Tensor(String name, int[] shape, Kind kind, int layer) {
        public int size() {
            int n = 1;
            for (int d : shape) n *= d;
            return n;
        }
    }

    public Architecture {
        if (inputSize < 1) throw new IllegalArgumentException("inputSize = " + inputSize + " must be at least 1");
        if (output == null) throw new NullPointerException("output");
        layers = List.copyOf(layers);
        if (layers.isEmpty()) throw new IllegalArgumentException("a network needs at least one dense layer");
        int width = inputSize;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l instanceof LayerSpec.Dropout d && d.units() != width) {
                throw new IllegalArgumentException("layer " + i + ": dropout over " + d.units() + " units follows a layer of "
                        + width);
            }
            width = l.units();
        }
        if (layers.getLast() instanceof LayerSpec.Dropout) {
            throw new IllegalArgumentException("the last layer cannot be dropout: end with a dense layer");
        }
        width = inputSize;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            long rows = l instanceof LayerSpec.Maxout m ? (long) m.units() * m.pieces() : l.units();
            if (rows * width > MAX_TENSOR) {
                throw new IllegalArgumentException("layer " + i + ": a weight tensor of " + rows + " x " + width
                        + " values exceeds the largest array (" + MAX_TENSOR + ")");
            }
            width = l.units();
        }
    }

    /** The most values one parameter tensor may hold (one Java array). */
    private static final long MAX_TENSOR = Integer.MAX_VALUE - 8;

    /** Width of the network's output. */
    public int outputSize() {
        return layers.getLast().units();
    }

    /** Width of the input of layer {@code i}. */
    public int inputSizeOf(int i) {
        return i == 0 ? inputSize : layers.get(i - 1).units();
    }

    /** The parameter tensors in order, named as in model files (see the class description). */
    public List<Tensor> tensors() {
        List<Tensor> out = new ArrayList<>();
        int module = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            int in = inputSizeOf(i);
            switch (l) {
                case LayerSpec.Dense d -> {
                    linear(out, module++, d.units(), in, d.bias(), i);
                    if (d.activation() != Activation.IDENTITY) module++;
                }
                case LayerSpec.PRelu p -> {
                    linear(out, module++, p.units(), in, p.bias(), i);
                    out.add(new Tensor("layers." + module++ + ".weight", new int[] {p.units()}, Kind.SLOPE, i));
                }
                case LayerSpec.Swish s -> {
                    linear(out, module++, s.units(), in, s.bias(), i);
                    out.add(new Tensor("layers." + module++ + ".beta", new int[] {s.units()}, Kind.BETA, i));
                }
                case LayerSpec.Maxout m -> {
                    linear(out, module++, m.units() * m.pieces(), in, m.bias(), i);
                    module++;
                }
                case LayerSpec.Dropout d -> module++;
            }
        }
        return out;
    }

    private static void linear(List<Tensor> out, int module, int units, int in, boolean bias, int layer) {
        out.add(new Tensor("layers." + module + ".weight", new int[] {units, in}, Kind.WEIGHT, layer));
        if (bias) out.add(new Tensor("layers." + module + ".bias", new int[] {units}, Kind.BIAS, layer));
    }

    /**
     * A network from a size spec such as {@code "64-128-10"} (input, hidden sizes, output): hidden layers use
     * {@code hidden}, the last layer is linear with the given output link.
     */
    public static Architecture parse(String spec, Activation hidden, Output output) {
        String[] parts = spec.trim().split("\\s*[-x,]\\s*");
        if (parts.length < 2) {
            throw new IllegalArgumentException("architecture '" + spec + "' needs at least an input and an output size, "
                    + "as in 64-128-10");
        }
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("architecture '" + spec + "': '" + parts[i] + "' is not a layer size");
            }
            if (sizes[i] < 1) throw new IllegalArgumentException("architecture '" + spec + "': size " + sizes[i]
                    + " must be at least 1");
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 1; i < sizes.length; i++) {
            Activation f = i == sizes.length - 1 ? Activation.IDENTITY : hidden;
            layers.add(new LayerSpec.Dense(sizes[i], f, Float.NaN, true));
        }
        return new Architecture(sizes[0], layers, output);
    }

    /** Compact one-line description, as {@code 4-6(sigmoid)-3 softmax}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(inputSize);
        for (LayerSpec l : layers) {
            s.append('-');
            switch (l) {
                case LayerSpec.Dense d -> s.append(d.units()).append(d.activation() == Activation.IDENTITY ? ""
                        : "(" + lower(d.activation().name()) + ")");
                case LayerSpec.PRelu p -> s.append(p.units()).append("(prelu)");
                case LayerSpec.Swish w -> s.append(w.units()).append("(swish-beta)");
                case LayerSpec.Maxout m -> s.append(m.units()).append("(maxout ").append(m.pieces()).append(')');
                case LayerSpec.Dropout d -> s.append("dropout(").append(d.rate()).append(')');
            }
        }
        return s.append(' ').append(lower(output.name())).toString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
