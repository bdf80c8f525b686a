package io.simdnn.cli;

import io.simdnn.train.Checkpoints;
import io.simdnn.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes training checkpoints for {@code train}: every {@code every} epochs, and, when the run is interrupted
 * (Ctrl-C, SIGTERM), the last completed epoch's state from a shutdown hook, so that {@code --resume} continues it.
 */
final class CheckpointSaver implements Consumer<TrainingState>, AutoCloseable {
    private final Path file;
    private final int every;
    private final PrintStream err;
    private final Thread hook = new Thread(this::onInterrupt, "simdnn-checkpoint-on-exit");
    private volatile TrainingState latest;
    private int writtenEpoch = -1;
    private volatile boolean finished;

    /**
     * @param every write every this many epochs; 0 only on interruption
     * @param err   where the interruption message goes
     */
    CheckpointSaver(Path file, int every, PrintStream err) {
        this.file = file;
        this.every = every;
        this.err = err;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void accept(TrainingState state) {
        latest = state;
        if (every > 0 && (state.epoch() % every == 0 || state.stopped())) {
            try {
                write(state);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The epoch of the last checkpoint written, or −1. */
    synchronized int writtenEpoch() {
        return writtenEpoch;
    }

    private synchronized void write(TrainingState state) throws IOException {
        if (state.epoch() == writtenEpoch) return;
        Checkpoints.write(state, file);
        writtenEpoch = state.epoch();
    }

    private void onInterrupt() {
        TrainingState state = latest;
        if (finished || state == null) return;
        try {
            write(state);
            err.println();
            err.println("simdnn: interrupted; the state after epoch " + state.epoch() + " is saved in " + file
                    + " (continue with --resume " + file + ")");
        } catch (IOException | RuntimeException e) {
            err.println("simdnn: interrupted; the checkpoint " + file + " could not be written: " + e.getMessage());
        }
        err.flush();
    }

    /** The run ended on its own: nothing more to save on exit. */
    @Override
    public void close() {
        finished = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (and returns at once, as finished is set)
        }
    }
}
