package io.simdnn.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts: training curves (loss and accuracy per epoch) and the bench's GFLOP/s bars. */
final class Charts {
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color VALIDATION = new Color(0xd62728);
    private static final Color[] BACKENDS = {new Color(0x2ca02c), new Color(0x7f7f7f), new Color(0x1f77b4),
            new Color(0xff7f0e), new Color(0x9467bd)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    private static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private Charts() {}

    /**
     * Loss (left) and accuracy (right) per epoch, training and validation, side by side in one image. A validation
     * series whose values are all NaN (no validation set) is left out; so is accuracy for regression (null).
     *
     * @param keptEpoch the epoch whose parameters early stopping kept, marked on both charts; 0 for none
     * @param logLoss   a logarithmic loss axis
     */
    static void trainingCurves(Path file, String title, int[] epochs, double[] trainLoss, double[] validationLoss,
            double[] trainAccuracy, double[] validationAccuracy, int keptEpoch, boolean logLoss) throws IOException {
        int step = labelStep(epochs.length);
        XYChart loss = lineChart(title + ": loss", "epoch", logLoss ? "loss (log scale)" : "loss", step);
        loss.getStyler().setYAxisLogarithmic(logLoss);
        loss.getStyler().setYAxisDecimalPattern(logLoss ? "0.###E0" : decimals(trainLoss, validationLoss));
        addLine(loss, "training", epochs, trainLoss, TRAIN);
        addLine(loss, "validation", epochs, validationLoss, VALIDATION);
        markKept(loss, epochs, keptEpoch, validationLoss != null && !allNaN(validationLoss) ? validationLoss
                : trainLoss);
        if (trainAccuracy == null) {
            write(file, List.of(loss), 1, 1);
            return;
        }
        XYChart accuracy = lineChart(title + ": accuracy", "epoch", "accuracy (%)", step);
        accuracy.getStyler().setYAxisDecimalPattern("0.0");
        addLine(accuracy, "training", epochs, percent(trainAccuracy), TRAIN);
        addLine(accuracy, "validation", epochs, percent(validationAccuracy), VALIDATION);
        markKept(accuracy, epochs, keptEpoch, !allNaN(validationAccuracy) ? percent(validationAccuracy)
                : percent(trainAccuracy));
        accuracy.getStyler().setYAxisMax(100.0);
        accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        write(file, List.of(loss, accuracy), 1, 2);
    }

    /**
     * The diagnostics per epoch, one line per layer: gradient norm and update/weight ratio on log axes, and the
     * inactive share of the ReLU layers' units (when there are ReLU layers).
     */
    static void diagnostics(Path file, String title, List<io.simdnn.train.Diagnostics.Epoch> epochs)
            throws IOException {
        int[] x = epochs.stream().mapToInt(io.simdnn.train.Diagnostics.Epoch::epoch).toArray();
        int step = labelStep(x.length);
        XYChart gradient = lineChart(title + ": gradient norm", "epoch", "‖∂L/∂W‖ (log scale)", step);
        XYChart ratio = lineChart(title + ": update / weight", "epoch", "‖ΔW‖ / ‖W‖ (log scale)", step);
        XYChart inactive = lineChart(title + ": inactive ReLU units", "epoch", "units never active (%)", step);
        gradient.getStyler().setYAxisLogarithmic(true);
        ratio.getStyler().setYAxisLogarithmic(true);
        gradient.getStyler().setYAxisDecimalPattern("0.#E0");
        ratio.getStyler().setYAxisDecimalPattern("0.#E0");
        inactive.getStyler().setYAxisDecimalPattern("0");
        inactive.getStyler().setYAxisMin(0.0);
        inactive.getStyler().setYAxisMax(100.0);
        int layers = epochs.getFirst().layers().size();
        boolean anyRelu = false;
        for (int l = 0; l < layers; l++) {
            io.simdnn.train.Diagnostics.Layer first = epochs.getFirst().layers().get(l);
            String name = "layer " + first.layer() + " (" + first.activation() + ")";
            Color color = BACKENDS[l % BACKENDS.length];
            final int layer = l;
            // A log axis takes positive values only: a zero (a dead layer) is drawn as a gap.
            addLine(gradient, name, x, positive(epochs.stream().mapToDouble(e -> e.layers().get(layer)
                    .gradientNorm()).toArray()), color);
            addLine(ratio, name, x, positive(epochs.stream().mapToDouble(e -> e.layers().get(layer).updateRatio())
                    .toArray()), color);
            if (!Double.isNaN(first.inactiveFraction())) {
                anyRelu = true;
                addLine(inactive, name, x, percent(epochs.stream().mapToDouble(e -> e.layers().get(layer)
                        .inactiveFraction()).toArray()), color);
            }
        }
        write(file, anyRelu ? List.of(gradient, ratio, inactive) : List.of(gradient, ratio), 1, anyRelu ? 3 : 2);
    }

    private static double[] positive(double[] v) {
        double[] p = v.clone();
        for (int i = 0; i < p.length; i++) if (!(p[i] > 0)) p[i] = Double.NaN;
        return p;
    }

    /** Grouped bars: one group per shape, one bar per backend. */
    static void gflopsBars(Path file, String title, List<String> shapes, Map<String, double[]> gflopsByBackend)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560).title(title)
                .xAxisTitle("matrix product C = A·B (m×k · k×n)").yAxisTitle("GFLOP/s (median, higher is better)")
                .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(TICKS);
        // Labels upright inside the bars' tops: side by side they would overlap once bars get narrow.
        chart.getStyler().setLabelsPosition(0.98);
        chart.getStyler().setLabelsRotation(90);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        chart.getStyler().setDecimalPattern("#,##0.0");
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setAvailableSpaceFill(0.7);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        int i = 0;
        for (Map.Entry<String, double[]> e : gflopsByBackend.entrySet()) {
            List<Double> values = java.util.Arrays.stream(e.getValue()).boxed().toList();
            chart.addSeries(e.getKey(), shapes, values).setFillColor(BACKENDS[i++ % BACKENDS.length]);
        }
        write(file, List.of(chart), 1, 1);
    }

    /** Label every epoch up to 15 epochs, then every 2nd, 5th, 10th, 20th, 50th, ... so that labels never crowd. */
    static int labelStep(int epochs) {
        for (int scale = 1; ; scale *= 10) {
            for (int s : new int[] {1, 2, 5}) if (epochs <= 15 * s * scale) return s * scale;
        }
    }

    private static XYChart lineChart(String title, String x, String y, int labelStep) {
        XYChart chart = new XYChartBuilder().width(640).height(460).title(title).xAxisTitle(x).yAxisTitle(y).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        // XChart puts a tick on every epoch: label only every labelStep-th, from 0. An unlabelled tick needs a blank
        // label, not an empty one (with an empty one XChart drops all labels).
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisTickLabelsFormattingFunction(
                v -> Math.round(v) % labelStep == 0 ? String.valueOf(Math.round(v)) : " ");
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    private static void addLine(XYChart chart, String name, int[] epochs, double[] values, Color color) {
        if (values == null || java.util.Arrays.stream(values).allMatch(Double::isNaN)) return;
        double[] x = java.util.Arrays.stream(epochs).asDoubleStream().toArray();
        XYSeries s = chart.addSeries(name, x, values);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineWidth(2.2f);
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0xbbbbbb));
        s.setPlotGridLinesColor(new Color(0xe3e3e3));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleFont(TITLE);
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(AXIS_TITLE);
        s.setAxisTickLabelsFont(TICKS);
        s.setLegendFont(LEGEND);
        s.setLegendBorderColor(new Color(0xbbbbbb));
        s.setChartPadding(14);
    }

    /** A ring on the kept epoch's point, in the legend as "kept epoch N". */
    private static void markKept(XYChart chart, int[] epochs, int kept, double[] values) {
        if (kept <= 0) return;
        for (int i = 0; i < epochs.length; i++) {
            if (epochs[i] == kept && !Double.isNaN(values[i])) {
                XYSeries s = chart.addSeries("kept epoch " + kept, new double[] {kept}, new double[] {values[i]});
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(Color.BLACK);
                s.setLineColor(new Color(0, 0, 0, 0));
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                return;
            }
        }
    }

    /** One decimal pattern for every tick: enough digits that the ticks over the values' range differ. */
    static String decimals(double[]... series) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double[] s : series) {
            if (s == null) continue;
            for (double v : s) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double range = max - min;
        if (!(range > 0)) return "0.00";
        // Ticks are about a tenth of the range apart: show the digit of that step.
        int digits = (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(range / 10))));
        return digits == 0 ? "0" : "0." + "0".repeat(digits);
    }

    private static boolean allNaN(double[] values) {
        return values == null || java.util.Arrays.stream(values).allMatch(Double::isNaN);
    }

    private static double[] percent(double[] fractions) {
        if (fractions == null) return null;
        double[] p = new double[fractions.length];
        for (int i = 0; i < p.length; i++) p[i] = 100 * fractions[i];
        return p;
    }

    /** Writes the charts side by side, atomically. */
    private static void write(Path file, List<? extends IChart> charts, int rows, int cols) throws IOException {
        BitmapEncoder.BitmapFormat format = format(file);
        if (format == null) throw new UsageException(file + ": plots are written as .png, .jpg or .jpeg");
        if (format == BitmapEncoder.BitmapFormat.PNG) {
            AtomicFiles.write(file, "plot", out -> BitmapEncoder.saveBitmap(charts, rows, cols, out, format));
            return;
        }
        // JPEG has no alpha channel and ImageIO writes nothing for an ARGB image: draw on white RGB first.
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(charts, rows, cols, png, BitmapEncoder.BitmapFormat.PNG);
        java.awt.image.BufferedImage argb = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                png.toByteArray()));
        java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(argb.getWidth(), argb.getHeight(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = rgb.createGraphics();
        g.drawImage(argb, 0, 0, Color.WHITE, null);
        g.dispose();
        AtomicFiles.write(file, "plot", out -> {
            if (!javax.imageio.ImageIO.write(rgb, "jpeg", out)) throw new IOException("no JPEG writer in this JDK");
        });
    }

    /** PNG or JPEG by the file's extension; null for any other. */
    static BitmapEncoder.BitmapFormat format(Path file) {
        return switch (OutputPaths.extension(file)) {
            case "png" -> BitmapEncoder.BitmapFormat.PNG;
            case "jpg", "jpeg" -> BitmapEncoder.BitmapFormat.JPG;
            default -> null;
        };
    }
}
