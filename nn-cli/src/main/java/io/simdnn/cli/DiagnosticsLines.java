package io.simdnn.cli;

import io.simdnn.train.Diagnostics;
import io.simdnn.train.EpochMetrics;
import io.simdnn.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** Prints the {@link Diagnostics} of each epoch under its epoch line, one line per layer. */
final class DiagnosticsLines implements TrainingListener {
    private final PrintWriter out;
    private final Diagnostics diagnostics;

    DiagnosticsLines(PrintWriter out, Diagnostics diagnostics) {
        this.out = out;
        this.diagnostics = diagnostics;
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        if (diagnostics.epochs().isEmpty()) return;
        for (Diagnostics.Layer l : diagnostics.epochs().getLast().layers()) out.println(line(l));
        out.flush();
    }

    /** {@code   layer 1 relu      grad 1.23e-02  weight 3.45e+00  update/weight 1.2e-03  inactive  0.0%}. */
    static String line(Diagnostics.Layer l) {
        return String.format(Locale.ROOT, "  layer %d %-8s grad %.2e  weight %.2e  update/weight %.1e%s", l.layer(),
                l.activation(), l.gradientNorm(), l.weightNorm(), l.updateRatio(), Double.isNaN(l.inactiveFraction())
                        ? "" : String.format(Locale.ROOT, "  inactive %5.1f%%", 100 * l.inactiveFraction()));
    }

    /** curves.png → curves-diagnostics.png. */
    static Path plotFile(Path plot) {
        String name = plot.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return plot.resolveSibling(name.substring(0, dot) + "-diagnostics" + name.substring(dot));
    }
}
