package io.simdnn.cli;

import io.simdnn.model.Architecture;
import io.simdnn.model.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A per-layer table of a network: kind, weight shape, activation and parameter count, as Keras' summary(). */
final class ModelSummary {
    private ModelSummary() {}

    static List<String> lines(Architecture a) {
        List<String> lines = new ArrayList<>();
        String format = "  %-6s %-8s %-14s %-12s %,12d";
        lines.add(String.format(Locale.ROOT, "  %-6s %-8s %-14s %-12s %12s", "layer", "kind", "shape (out×in)",
                "activation", "parameters"));
        long total = 0;
        List<Architecture.Tensor> tensors = a.tensors();
        for (int i = 0; i < a.layers().size(); i++) {
            LayerSpec l = a.layers().get(i);
            long params = 0;
            String shape = String.valueOf(l.units());
            for (Architecture.Tensor t : tensors) {
                if (t.layer() != i) continue;
                params += t.size();
                if (t.kind() == Architecture.Kind.WEIGHT) shape = t.shape()[0] + "×" + t.shape()[1];
            }
            boolean last = i == a.layers().size() - 1;
            String kind = switch (l) {
                case LayerSpec.Dense d -> "dense";
                case LayerSpec.PRelu p -> "prelu";
                case LayerSpec.Swish s -> "swish";
                case LayerSpec.Maxout m -> "maxout";
                case LayerSpec.Dropout d -> "dropout";
            };
            String activation = switch (l) {
                case LayerSpec.Dense d -> last ? a.output().name().toLowerCase(Locale.ROOT)
                        : d.activation().name().toLowerCase(Locale.ROOT);
                case LayerSpec.Dropout d -> "rate " + d.rate();
                case LayerSpec.Maxout m -> m.pieces() + " pieces";
                default -> kind;
            };
            total += params;
            lines.add(String.format(Locale.ROOT, format, String.valueOf(i + 1), kind, shape, activation, params));
        }
        lines.add(String.format(Locale.ROOT, format, "total", "", "", "", total));
        return lines;
    }
}
