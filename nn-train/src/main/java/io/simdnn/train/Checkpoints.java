package io.simdnn.train;

import io.simdnn.model.Architecture;
import io.simdnn.model.io.ArchitectureJson;
import io.simdnn.model.Parameters;
import io.simdnn.model.Rng;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Training checkpoints: {@link TrainingState}s taken after an epoch, written to a file whole or not at all (a
 * temporary file beside it, forced to disk, then renamed over it) and read back to resume.
 *
 * <p>The file is big-endian binary: the magic {@code SIMDNNCK}, a format version, the fingerprint and the
 * architecture (as the model file's JSON), the counters, the generators' states, the row order, the parameters, the
 * best parameters, the optimiser's state arrays and the history (each epoch's figures and validation confusion
 * matrix). The figures are stored as the exact bits of each value.
 */
public final class Checkpoints {
    private static final long MAGIC = 0x53494D444E4E434BL; // "SIMDNNCK"
    private static final int VERSION = 1;

    private Checkpoints() {}

    /** Writes {@code state} to {@code file} atomically (a reader sees the old file or the new one, never a part). */
    public static void write(TrainingState state, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        Channels.newOutputStream(channel), 1 << 16));
                write(state, out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a checkpoint written by {@link #write}.
     *
     * @throws IOException naming the file when it is not a checkpoint, of another version, or cut short
     */
    public static TrainingState read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
            long magic;
            try {
                magic = data.readLong();
            } catch (EOFException e) {
                throw new IOException(file + " is not a simdnn training checkpoint (too short)");
            }
            if (magic != MAGIC) throw new IOException(file + " is not a simdnn training checkpoint");
            int version = data.readInt();
            if (version != VERSION) {
                throw new IOException(file + " is a checkpoint of format " + version + "; this version reads "
                        + VERSION);
            }
            try {
                return read(data);
            } catch (EOFException e) {
                throw new IOException(file + " is cut short: the checkpoint is incomplete", e);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " is a damaged checkpoint: " + e.getMessage(), e);
            }
        }
    }

    /** A copy of the run's state after an epoch. */
    static TrainingState snapshot(String fingerprint, Architecture a, int epoch, Parameters params,
                                  Parameters best, double bestScore, int bestEpoch, boolean stopped,
                                  OptimizerState optimizer, Rng shuffle, Rng dropout, int[] order, History history) {
        return new TrainingState(fingerprint, a, epoch, optimizer.steps(), params.copy(),
                best == null ? null : best.copy(), bestScore, bestEpoch, stopped, copy(optimizer.firstMoments()),
                copy(optimizer.secondMoments()), rng(shuffle), rng(dropout), order.clone(), history.epochs());
    }

    /** Puts a state back into a run's buffers, after checking that it belongs to this run. */
    static void restore(TrainingState s, String fingerprint, Architecture architecture, Parameters params,
                        Parameters best, OptimizerState optimizer, Rng shuffle, Rng dropout, int[] order,
                        History history) {
        if (!s.architecture().equals(architecture)) {
            throw new IllegalArgumentException("the checkpoint is of a network " + s.architecture()
                    + ", not of " + architecture);
        }
        if (!s.fingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException("the checkpoint was made with " + s.fingerprint()
                    + "; this run has " + fingerprint);
        }
        if (s.order().length != order.length) {
            throw new IllegalArgumentException("the checkpoint's run had " + s.order().length + " training rows,"
                    + " this one " + order.length);
        }
        params.copyFrom(s.parameters());
        if (s.best() != null) best.copyFrom(s.best());
        copyInto(s.state1(), optimizer.firstMoments());
        copyInto(s.state2(), optimizer.secondMoments());
        optimizer.restoreSteps(s.step());
        shuffle.restore(s.shuffleRng()[0], Double.longBitsToDouble(s.shuffleRng()[1]));
        dropout.restore(s.dropoutRng()[0], Double.longBitsToDouble(s.dropoutRng()[1]));
        System.arraycopy(s.order(), 0, order, 0, order.length);
        for (EpochMetrics m : s.history()) history.add(m);
    }

    private static void write(TrainingState s, DataOutputStream out) throws IOException {
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(s.fingerprint());
        writeString(out, ArchitectureJson.write(s.architecture()));
        out.writeInt(s.epoch());
        out.writeInt(s.step());
        out.writeLong(Double.doubleToRawLongBits(s.bestScore()));
        out.writeInt(s.bestEpoch());
        out.writeBoolean(s.stopped());
        for (long v : s.shuffleRng()) out.writeLong(v);
        for (long v : s.dropoutRng()) out.writeLong(v);
        writeInts(out, s.order());
        writeParameters(out, s.parameters());
        out.writeBoolean(s.best() != null);
        if (s.best() != null) writeParameters(out, s.best());
        writeArrays(out, s.state1());
        writeArrays(out, s.state2());
        out.writeInt(s.history().size());
        for (EpochMetrics m : s.history()) {
            out.writeInt(m.epoch());
            for (double v : new double[] {m.trainLoss(), m.trainAccuracy(), m.validationLoss(),
                    m.validationAccuracy(), m.learningRate()}) {
                out.writeLong(Double.doubleToRawLongBits(v));
            }
            out.writeLong(m.nanos());
            Evaluation e = m.validation();
            out.writeBoolean(e != null);
            if (e != null) {
                out.writeLong(Double.doubleToRawLongBits(e.loss()));
                out.writeInt(e.confusion().length);
                for (int[] row : e.confusion()) writeInts(out, row);
            }
        }
    }

    private static TrainingState read(DataInputStream in) throws IOException {
        String fingerprint = in.readUTF();
        Architecture a = ArchitectureJson.read(readString(in));
        int epoch = in.readInt(), step = in.readInt();
        double bestScore = Double.longBitsToDouble(in.readLong());
        int bestEpoch = in.readInt();
        boolean stopped = in.readBoolean();
        long[] shuffle = {in.readLong(), in.readLong()};
        long[] dropout = {in.readLong(), in.readLong()};
        int[] order = readInts(in);
        Parameters params = readParameters(in, a);
        Parameters best = in.readBoolean() ? readParameters(in, a) : null;
        float[][] state1 = readArrays(in), state2 = readArrays(in);
        int epochs = in.readInt();
        List<EpochMetrics> history = new ArrayList<>(epochs);
        for (int i = 0; i < epochs; i++) {
            int e = in.readInt();
            double[] v = new double[5];
            for (int j = 0; j < 5; j++) v[j] = Double.longBitsToDouble(in.readLong());
            long nanos = in.readLong();
            Evaluation validation = null;
            if (in.readBoolean()) {
                double loss = Double.longBitsToDouble(in.readLong());
                int k = in.readInt();
                int[][] confusion = new int[k][];
                for (int c = 0; c < k; c++) confusion[c] = readInts(in);
                validation = Evaluation.of(loss, confusion);
            }
            history.add(new EpochMetrics(e, v[0], v[1], v[2], v[3], v[4], nanos, validation));
        }
        return new TrainingState(fingerprint, a, epoch, step, params, best, bestScore, bestEpoch, stopped, state1,
                state2, shuffle, dropout, order, history);
    }

    private static long[] rng(Rng r) {
        return new long[] {r.state(), Double.doubleToRawLongBits(r.spareGaussian())};
    }

    private static float[][] copy(float[][] arrays) {
        float[][] c = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) c[i] = arrays[i] == null ? null : arrays[i].clone();
        return c;
    }

    private static void copyInto(float[][] from, float[][] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("the checkpoint has optimiser state for " + from.length
                    + " tensors, this run " + to.length);
        }
        for (int i = 0; i < to.length; i++) {
            if ((from[i] == null) != (to[i] == null) || from[i] != null && from[i].length != to[i].length) {
                throw new IllegalArgumentException("the checkpoint's optimiser state does not fit tensor " + i);
            }
            if (to[i] != null) System.arraycopy(from[i], 0, to[i], 0, to[i].length);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[length(in.readInt())];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int length(int n) {
        if (n < 0 || n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("bad length " + n);
        return n;
    }

    private static void writeInts(DataOutputStream out, int[] v) throws IOException {
        out.writeInt(v.length);
        for (int x : v) out.writeInt(x);
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] v = new int[length(in.readInt())];
        for (int i = 0; i < v.length; i++) v[i] = in.readInt();
        return v;
    }

    private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float x : v) out.writeInt(Float.floatToRawIntBits(x));
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] v = new float[length(in.readInt())];
        for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat(in.readInt());
        return v;
    }

    private static void writeArrays(DataOutputStream out, float[][] arrays) throws IOException {
        out.writeInt(arrays.length);
        for (float[] a : arrays) {
            out.writeBoolean(a != null);
            if (a != null) writeFloats(out, a);
        }
    }

    private static float[][] readArrays(DataInputStream in) throws IOException {
        float[][] arrays = new float[length(in.readInt())][];
        for (int i = 0; i < arrays.length; i++) arrays[i] = in.readBoolean() ? readFloats(in) : null;
        return arrays;
    }

    private static void writeParameters(DataOutputStream out, Parameters p) throws IOException {
        out.writeInt(p.count());
        for (int i = 0; i < p.count(); i++) writeFloats(out, p.values(i));
    }

    private static Parameters readParameters(DataInputStream in, Architecture a) throws IOException {
        Parameters p = new Parameters(a);
        int n = in.readInt();
        if (n != p.count()) throw new IllegalArgumentException(n + " tensors for " + p.count());
        for (int i = 0; i < n; i++) {
            float[] v = readFloats(in);
            if (v.length != p.values(i).length) {
                throw new IllegalArgumentException("tensor " + i + " has " + v.length + " values, not "
                        + p.values(i).length);
            }
            System.arraycopy(v, 0, p.values(i), 0, v.length);
        }
        return p;
    }
}
