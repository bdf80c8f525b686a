package io.simdnn.model;

import io.simdnn.spi.Backend;
import io.simdnn.spi.QuantizedMatrix;
import io.simdnn.spi.QuantizedMatrix.Format;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A network for inference whose dense layers read quantised weights ({@link QuantizedMatrix}, BF16 or INT8): each
 * dense layer's weight matrix is quantised once; biases, PReLU slopes, Swish β and the weights of PReLU, Swish and
 * maxout layers stay float32. Batch-1 inference streams 2× (BF16) or about 4× (INT8) fewer weight bytes.
 *
 * <p>Immutable and thread-safe like {@link Network}: each thread predicts through its own {@link Predictor}
 * ({@link #newPredictor}), which allocates nothing per call. {@link #network()} is the float32 network over the
 * dequantised weights, the reference that the quantised kernels match within the conformance bounds.
 */
public final class QuantizedNetwork {
    private final Network network;
    private final Format format;
    private final QuantizedMatrix[] byTensor;
    private final Map<String, QuantizedMatrix> weights;

    private QuantizedNetwork(Network network, Format format, QuantizedMatrix[] byTensor,
            Map<String, QuantizedMatrix> weights) {
        this.network = network;
        this.format = format;
        this.byTensor = byTensor;
        this.weights = weights;
    }

    /** Quantises every dense layer's weights of {@code network} to {@code format}. */
    public static QuantizedNetwork of(Network network, Format format) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(format, "format");
        Map<String, QuantizedMatrix> weights = new LinkedHashMap<>();
        Parameters p = network.parameters();
        for (Stage s : network.stages()) {
            if (s instanceof Stage.Dense d) {
                weights.put(p.tensor(d.w).name(), QuantizedMatrix.quantize(format, d.out, d.in, p.values(d.w), 0,
                        Math.max(1, d.in)));
            }
        }
        return ofWeights(network, weights);
    }

    /**
     * A network whose dense layers read {@code weights} (by tensor name, e.g. {@code layers.0.weight}; one for each
     * dense layer, all of one format and each of its layer's shape); the other parameters are {@code network}'s.
     *
     * @throws IllegalArgumentException naming the tensor that is missing, extra, of another shape or format
     */
    public static QuantizedNetwork ofWeights(Network network, Map<String, QuantizedMatrix> weights) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(weights, "weights");
        Parameters p = network.parameters();
        QuantizedMatrix[] byTensor = new QuantizedMatrix[p.count()];
        Map<String, QuantizedMatrix> own = new LinkedHashMap<>();
        Format format = null;
        for (Stage s : network.stages()) {
            if (!(s instanceof Stage.Dense d)) continue;
            String name = p.tensor(d.w).name();
            QuantizedMatrix q = weights.get(name);
            if (q == null) throw new IllegalArgumentException("no quantised weights for dense layer tensor " + name);
            if (q.rows() != d.out || q.cols() != d.in) {
                throw new IllegalArgumentException("quantised " + name + " is " + q.rows() + "x" + q.cols()
                        + " but the layer needs " + d.out + "x" + d.in + " ([out, in], as nn.Linear)");
            }
            if (format == null) format = q.format();
            if (q.format() != format) {
                throw new IllegalArgumentException("quantised " + name + " is " + q.format() + " but the others are "
                        + format + " (one format per network)");
            }
            byTensor[d.w] = q;
            own.put(name, q);
            q.dequantize(p.values(d.w), 0, Math.max(1, d.in));
        }
        for (String name : weights.keySet()) {
            if (!own.containsKey(name)) {
                throw new IllegalArgumentException("quantised weights for " + name
                        + ", which is not the weight tensor of a dense layer; dense weights: " + own.keySet());
            }
        }
        if (format == null) throw new IllegalArgumentException("the network has no dense layer to quantise");
        return new QuantizedNetwork(network.withParameters(p), format, byTensor, Collections.unmodifiableMap(own));
    }

    /** The names of the tensors a quantised network of {@code a} stores quantised: each dense layer's weight. */
    public static java.util.List<String> quantizedTensors(Architecture a) {
        return a.tensors().stream().filter(t -> t.kind() == Architecture.Kind.WEIGHT
                && a.layers().get(t.layer()) instanceof LayerSpec.Dense).map(Architecture.Tensor::name).toList();
    }

    public Format format() {
        return format;
    }

    /** The float32 network over the dequantised weights. */
    public Network network() {
        return network;
    }

    /** The quantised weights by tensor name, in layer order (unmodifiable). */
    public Map<String, QuantizedMatrix> weights() {
        return weights;
    }

    public int inputSize() {
        return network.inputSize();
    }

    public int outputSize() {
        return network.outputSize();
    }

    /** The bytes of the quantised weight matrices (INT8 scales included). */
    public long weightBytes() {
        long bytes = 0;
        for (QuantizedMatrix q : weights.values()) bytes += q.storedBytes();
        return bytes;
    }

    /** The same weights on another backend. */
    public QuantizedNetwork withBackend(Backend backend) {
        return new QuantizedNetwork(network.withBackend(backend), format, byTensor, weights);
    }

    /** A reusable inference context for one thread, for batches of up to 64 rows per kernel call. */
    public Predictor newPredictor() {
        return newPredictor(64);
    }

    /** A reusable inference context whose buffers hold {@code maxBatch} rows (larger batches run in chunks). */
    public Predictor newPredictor(int maxBatch) {
        return new Predictor(network, maxBatch, byTensor);
    }

    /** Convenience (allocates): the linked outputs for {@code x}, one sample or several rows. */
    public float[] predict(float[] x) {
        return Network.predictRows(x, inputSize(), outputSize(), this::newPredictor);
    }

    @Override
    public String toString() {
        return network + " with " + format + " dense weights";
    }
}
