package io.simdnn.cli;

import io.simdnn.train.EpochMetrics;
import io.simdnn.train.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows training as it goes: on a terminal a progress bar over each epoch's batches with the running loss, the
 * throughput and the time left, replaced when the epoch ends by one line of its figures; elsewhere (a pipe, a log
 * file, a test) only those lines.
 *
 * <p>The bar is drawn by the training thread itself, at most every {@value #REDRAW_MILLIS} ms, and erased before
 * the epoch line is printed: with no drawing thread, a bar can never be drawn over or after an epoch line.
 */
final class TrainingProgress implements TrainingListener {
    static final int REDRAW_MILLIS = 100;
    private static final int BAR_CELLS = 20;

    private final PrintWriter out;
    private final PrintStream terminal;
    private final int epochs, width, rows, batchSize, columns;
    private int batches, drawnLength;
    private long epochStart, lastDraw;
    private double lossSum;
    private int batchesSeen;

    /**
     * @param out       where the epoch lines go
     * @param terminal  the console stream for the live bar, or null for lines only
     * @param epochs    the most epochs the run may take
     * @param rows      training rows per epoch
     * @param batchSize rows per batch (the last batch may have fewer)
     */
    TrainingProgress(PrintWriter out, PrintStream terminal, int epochs, int rows, int batchSize) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.width = String.valueOf(epochs).length();
        this.rows = rows;
        this.batchSize = batchSize;
        this.columns = terminalColumns();
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        this.batches = batches;
        lossSum = 0;
        batchesSeen = 0;
        epochStart = System.nanoTime();
        lastDraw = 0;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double loss) {
        lossSum += loss;
        batchesSeen++;
        if (terminal == null) return;
        long now = System.nanoTime();
        if (lastDraw != 0 && now - lastDraw < REDRAW_MILLIS * 1_000_000L && batch < batches) return;
        lastDraw = now;
        String bar = bar(epoch, batch, now);
        terminal.print("\r" + bar + " ".repeat(Math.max(0, drawnLength - bar.length())));
        terminal.flush();
        drawnLength = bar.length();
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        if (terminal != null && drawnLength > 0) {
            terminal.print("\r" + " ".repeat(drawnLength) + "\r");
            terminal.flush();
            drawnLength = 0;
        }
        out.println(line(m, width, epochs));
        out.flush();
    }

    /** {@code epoch  3/30 ████████▌           42%  loss 0.4321  12,345 samples/s  ETA 0:03}, cut to the terminal. */
    private String bar(int epoch, int batch, long now) {
        double done = batch / (double) batches;
        double seconds = (now - epochStart) / 1e9;
        long samples = Math.min((long) batch * batchSize, rows);
        double perSecond = seconds > 0 ? samples / seconds : 0;
        double left = batch > 0 ? seconds / batch * (batches - batch) : 0;
        StringBuilder cells = new StringBuilder();
        int eighths = (int) Math.round(done * BAR_CELLS * 8);
        for (int c = 0; c < BAR_CELLS; c++) {
            int fill = Math.max(0, Math.min(8, eighths - 8 * c));
            cells.append(fill == 0 ? ' ' : (char) ('█' + 8 - fill)); // U+2588 full block … U+258F one eighth
        }
        String s = String.format(Locale.ROOT, "epoch %" + width + "d/%d %s %3.0f%%  loss %.4f  %,.0f samples/s  ETA %s",
                epoch, epochs, "▕" + cells + "▏", 100 * done, lossSum / batchesSeen, perSecond, clock(left));
        return s.length() < columns ? s : s.substring(0, Math.max(0, columns - 1));
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** $COLUMNS when the shell exports it, else 80. */
    private static int terminalColumns() {
        try {
            int c = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
            return c >= 20 ? c : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /**
     * One epoch's figures, aligned so that a column of them reads as a table, in at most 79 columns (the usual 80
     * less the cursor's): groups are two spaces apart, one when that is what it takes.
     */
    static String line(EpochMetrics m, int width, int epochs) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %.4f",
                m.epoch(), epochs, m.trainLoss()));
        if (!Double.isNaN(m.trainAccuracy())) s.append(String.format(Locale.ROOT, "  acc %5.1f%%",
                100 * m.trainAccuracy()));
        if (!Double.isNaN(m.validationLoss())) s.append(String.format(Locale.ROOT, "  val_loss %.4f",
                m.validationLoss()));
        if (!Double.isNaN(m.validationAccuracy())) s.append(String.format(Locale.ROOT, "  val_acc %5.1f%%",
                100 * m.validationAccuracy()));
        s.append(String.format(Locale.ROOT, "  %5.0f ms", m.nanos() / 1e6));
        return s.length() <= 79 ? s.toString() : s.toString().replaceAll(" {2,}", " ");
    }
}
