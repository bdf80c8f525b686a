package io.simdnn.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.simdnn.model.Network;
import io.simdnn.model.Predictor;
import io.simdnn.model.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime (CPU execution provider) running a simdnn network exported by {@link OnnxModel#toBytes}, called from
 * Java with float arrays in and out, as a Java service holding its data in arrays would call it. Two ways:
 * <ul>
 *   <li>{@link Mode#REUSED}: one input tensor per batch size over a direct buffer and one pinned output tensor,
 *       created once; a call copies the rows into the input buffer, runs the session into the pinned output and
 *       copies the outputs out (plus the small {@code OrtSession.Result} object each run returns);</li>
 *   <li>{@link Mode#PLAIN}: the API's first-page way: a tensor created per call from the array
 *       ({@code OnnxTensor.createTensor}, which copies it into native memory), {@code run}, then the output read
 *       through {@code getFloatBuffer()} (another copy) and every object closed.</li>
 * </ul>
 * The session is set up for speed: all graph optimisations, sequential execution, {@code threads} intra-op threads
 * (1: the calling thread only) and one inter-op thread.
 */
final class OrtPeer implements AutoCloseable {
    enum Mode { REUSED, PLAIN }

    private final Mode mode;
    private final int in, out;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    private final OrtSession session;
    private final String inputName, outputName;
    /** REUSED only, indexed by rows (1 and the large batch): buffers, tensors and the maps handed to run. */
    private final Pinned small, large;

    private final class Pinned implements AutoCloseable {
        final int rows;
        final FloatBuffer x, y;
        final OnnxTensor xt, yt;
        final Map<String, OnnxTensor> inputs, outputs;

        Pinned(int rows) throws OrtException {
            this.rows = rows;
            x = direct(rows * in);
            y = direct(rows * out);
            xt = OnnxTensor.createTensor(env, x, new long[] {rows, in});
            yt = OnnxTensor.createTensor(env, y, new long[] {rows, out});
            inputs = Map.of(inputName, xt);
            outputs = Map.of(outputName, yt);
        }

        @Override
        public void close() {
            xt.close();
            yt.close();
        }
    }

    OrtPeer(Network network, int threads, Mode mode, int batch) {
        this.mode = mode;
        this.in = network.architecture().inputSize();
        this.out = network.architecture().outputSize();
        try {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(OnnxModel.toBytes(network, null), options);
            inputName = session.getInputNames().iterator().next();
            outputName = session.getOutputNames().iterator().next();
            small = mode == Mode.REUSED ? new Pinned(1) : null;
            large = mode == Mode.REUSED ? new Pinned(batch) : null;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load the exported network: " + e.getMessage(), e);
        }
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Outputs of {@code rows} samples from {@code x[xOff..]} into {@code y[yOff..]}. */
    void predict(int rows, float[] x, int xOff, float[] y, int yOff) {
        try {
            if (mode == Mode.PLAIN) {
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, xOff, rows * in),
                        new long[] {rows, in});
                     OrtSession.Result r = session.run(Map.of(inputName, t))) {
                    ((OnnxTensor) r.get(0)).getFloatBuffer().get(y, yOff, rows * out);
                }
                return;
            }
            Pinned p = rows == 1 ? small : rows == large.rows ? large : null;
            if (p == null) throw new IllegalArgumentException(rows + " rows: the peer was set up for 1 and " + large.rows);
            p.x.put(0, x, xOff, rows * in);
            try (OrtSession.Result r = session.run(p.inputs, p.outputs)) {
                p.y.get(0, y, yOff, rows * out);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the peer computes what {@code predictor} does, to float rounding (|Δ| ≤ 10⁻⁵ + 10⁻⁴·|simdnn's|), on
     * one sample and on {@code batch} samples from two places in {@code x} (at least 2·batch rows); returns the
     * largest |Δ|.
     *
     * @throws IllegalStateException naming the first output that differs by more
     */
    static double agreement(Predictor predictor, OrtPeer peer, float[] x, int batch, int in, int out) {
        double worst = 0;
        // Each size twice on different rows: the second call reuses the first one's tensors.
        for (int call = 0; call < 4; call++) {
            int rows = call % 2 == 0 ? 1 : batch, off = call / 2 * batch * in;
            float[] expected = new float[rows * out], actual = new float[rows * out];
            if (rows == 1) predictor.predict(x, off, expected, 0);
            else predictor.predict(rows, x, off, expected, 0);
            peer.predict(rows, x, off, actual, 0);
            for (int i = 0; i < expected.length; i++) {
                double d = Math.abs(expected[i] - actual[i]);
                if (!(d <= 1e-5 + 1e-4 * Math.abs(expected[i]))) {
                    throw new IllegalStateException("ONNX Runtime disagrees with simdnn at batch " + rows + ", row "
                            + i / out + ", output " + i % out + ": " + actual[i] + " against " + expected[i]);
                }
                worst = Math.max(worst, d);
            }
        }
        return worst;
    }

    @Override
    public void close() {
        if (small != null) small.close();
        if (large != null) large.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        options.close();
    }
}
