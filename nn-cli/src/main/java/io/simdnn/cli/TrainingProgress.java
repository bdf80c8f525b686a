package io.simdnn.cli;

import io.simdnn.train.EpochMetrics;
import io.simdnn.train.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training as it goes: on a terminal a progress bar over each epoch's batches with the running loss, replaced
 * when the epoch ends by one line of its figures; elsewhere (a pipe, a log file, a test) only those lines.
 */
final class TrainingProgress implements TrainingListener {
    private final PrintWriter out;
    private final PrintStream terminal;
    private final int epochs;
    private final int width;
    private ProgressBar bar;
    private double lossSum;
    private int batchesSeen;

    /**
     * @param out      where the epoch lines go
     * @param terminal the console stream for the live bar, or null for lines only
     * @param epochs   the most epochs the run may take
     */
    TrainingProgress(PrintWriter out, PrintStream terminal, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.width = String.valueOf(epochs).length();
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        lossSum = 0;
        batchesSeen = 0;
        if (terminal == null) return;
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %" + width + "d/%d", epoch, epochs))
                .setInitialMax(batches)
                .setUnit(" batches", 1)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(100)
                .setConsumer(new ClearingConsumer(terminal))
                .clearDisplayOnFinish()
                .hideEta()
                .build();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double loss) {
        lossSum += loss;
        batchesSeen++;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / batchesSeen));
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        out.println(line(m, width, epochs));
        out.flush();
    }

    /**
     * Draws the bar on the console like the library's own consumer, but when the bar finishes it erases the line
     * instead of ending it, so the epoch's summary line takes its place with no blank line between epochs.
     */
    private static final class ClearingConsumer implements ProgressBarConsumer {
        private final PrintStream stream;
        private final ConsoleProgressBarConsumer console;

        ClearingConsumer(PrintStream stream) {
            this.stream = stream;
            this.console = new ConsoleProgressBarConsumer(stream);
        }

        @Override
        public int getMaxRenderedLength() {
            return console.getMaxRenderedLength();
        }

        @Override
        public void accept(String rendered) {
            console.accept(rendered);
        }

        @Override
        public void close() {
            stream.print("\r" + " ".repeat(Math.max(0, getMaxRenderedLength())) + "\r");
            stream.flush();
        }
    }

    /** One epoch's figures, aligned so that a column of them reads as a table. */
    static String line(EpochMetrics m, int width, int epochs) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %.4f",
                m.epoch(), epochs, m.trainLoss()));
        if (!Double.isNaN(m.trainAccuracy())) s.append(String.format(Locale.ROOT, "  acc %6.2f%%",
                100 * m.trainAccuracy()));
        if (!Double.isNaN(m.validationLoss())) s.append(String.format(Locale.ROOT, "  val_loss %.4f",
                m.validationLoss()));
        if (!Double.isNaN(m.validationAccuracy())) s.append(String.format(Locale.ROOT, "  val_acc %6.2f%%",
                100 * m.validationAccuracy()));
        return s.append(String.format(Locale.ROOT, "  %6.0f ms", m.nanos() / 1e6)).toString();
    }
}
