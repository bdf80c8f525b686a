package io.simdnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JMH CSV result file ({@code -rf csv -rff FILE}) into the Markdown tables of {@code docs/benchmarks.md}:
 * one table per benchmark and metric, one column per implementation ({@code impl} or {@code backend} parameter), one
 * row per combination of the other parameters. Where a {@code simd} column exists, throughput tables get the ratios
 * simd / other (and simd-mt / simd, the speed-up of all threads over one). Shown metrics: GFLOP/s ({@code :gflops}), G elements/s ({@code :gelem}), samples/s
 * ({@code :samples}), latency percentiles ({@code :p0.50}, {@code :p0.99}) and, when run with {@code -prof gc},
 * bytes allocated per call ({@code :gc.alloc.rate.norm}). A run in sample mode ({@code -bm sample}) also gets its
 * median call time restated as GFLOP/s (GEMM shapes) or G elements/s (element counts {@code n}): on a machine shared
 * with other work, the median call is far less disturbed than the mean throughput. When the file also holds
 * {@link PeakBenchmark}'s results, GEMM figures are restated as a percentage of the FMA peak measured in the same run:
 * the best one-thread {@code fma} figure for one-thread implementations, the best {@code fmaAllThreads} for simd-mt
 * (throughput against throughput, median call against median call).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.simdnn.bench.Tables results.csv} (or {@code ./bench tables results.csv}).
 */
public final class Tables {
    private static final List<String> METRICS =
            List.of(":gflops", ":gelem", ":samples", ":p0.50", ":p0.99", ":gc.alloc.rate.norm");
    private static final String MULTI_THREADED = "simd-mt";
    /** Units of the throughput tables, which get simd / other ratios. */
    private static final Set<String> RATES = Set.of("GFLOP/s", "G elements/s", "samples/s");

    private Tables() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Tables RESULTS.csv   (a JMH result file written with -rf csv -rff RESULTS.csv)");
            System.exit(2);
        }
        System.out.print(markdown(Files.readAllLines(Path.of(args[0]))));
    }

    /** The tables for the lines of a JMH CSV file. */
    static String markdown(List<String> csv) {
        if (csv.isEmpty()) throw new IllegalArgumentException("empty JMH CSV file");
        List<String> header = fields(csv.get(0));
        int name = header.indexOf("Benchmark"), score = header.indexOf("Score"), unit = header.indexOf("Unit");
        int error = header.indexOf("Score Error (99.9%)");
        if (name < 0 || score < 0 || unit < 0) {
            throw new IllegalArgumentException("not a JMH CSV file (no Benchmark, Score and Unit columns): " + csv.get(0));
        }
        // The FMA peaks of the run, {one thread, all threads}: from the throughput counters and from median calls.
        double[] peak = new double[2], medianPeak = new double[2];
        int threads = header.indexOf("Threads");
        for (String line : csv.subList(1, csv.size())) {
            List<String> f = line.isBlank() ? List.of() : fields(line);
            if (f.size() <= Math.max(Math.max(name, score), unit)) continue;
            String bench = f.get(name);
            if (!bench.contains("PeakBenchmark.fma")) continue;
            int all = bench.contains("PeakBenchmark.fmaAllThreads") ? 1 : 0;
            double v = Double.parseDouble(f.get(score).trim().replace(',', '.'));
            if (bench.endsWith(":gflops")) peak[all] = Math.max(peak[all], v);
            double seconds = bench.endsWith(":p0.50") ? secondsPer(f.get(unit)) : Double.NaN;
            if (!Double.isNaN(seconds)) {
                int n = threads >= 0 ? Integer.parseInt(f.get(threads).trim()) : 1;
                medianPeak[all] = Math.max(medianPeak[all], n * PeakBenchmark.FLOPS_PER_CALL * 1e-9 / (v * seconds));
            }
        }
        Builder tables = new Builder();
        for (String line : csv.subList(1, csv.size())) {
            if (line.isBlank()) continue;
            List<String> f = fields(line);
            String bench = f.get(name);
            String metric = METRICS.stream().filter(bench::endsWith).findFirst().orElse(null);
            if (metric == null) continue;
            String method = bench.substring(0, bench.length() - metric.length());
            String[] parts = method.split("\\.");
            String shortName = (parts.length >= 2 ? parts[parts.length - 2] + "." : "") + parts[parts.length - 1];
            String column = "", rowKey = "", rowTitle = "", shape = null, n = null;
            for (int i = 0; i < header.size(); i++) {
                // JMH leaves the parameters of other benchmark classes in the same file empty.
                if (!header.get(i).startsWith("Param: ") || i >= f.size() || f.get(i).isEmpty()) continue;
                String param = header.get(i).substring("Param: ".length());
                if (param.equals("impl") || param.equals("backend")) {
                    column = f.get(i);
                } else {
                    rowKey += (rowKey.isEmpty() ? "" : ", ") + f.get(i);
                    rowTitle += (rowTitle.isEmpty() ? "" : ", ") + param;
                    if (param.equals("shape")) shape = f.get(i);
                    if (param.equals("n")) n = f.get(i);
                }
            }
            double value = Double.parseDouble(f.get(score).trim().replace(',', '.'));
            String err = error >= 0 && isNumber(f.get(error)) ? " ± " + number(f.get(error)) : "";
            String unitName = unitOf(metric, f.get(unit));
            tables.put(shortName + metric + " (" + unitName + ")", rowTitle, rowKey, column, number(value) + err);
            int all = column.equals(MULTI_THREADED) ? 1 : 0;
            if (metric.equals(":gflops") && shape != null && peak[all] > 0) {
                tables.put(shortName + " as % of the FMA peak measured in this run (% of peak)", rowTitle, rowKey,
                        column, number(100 * value / peak[all]));
            }
            // A median call time is robust to other load on the machine: restate it as a rate.
            double seconds = metric.equals(":p0.50") ? secondsPer(f.get(unit)) : Double.NaN;
            if (!Double.isNaN(seconds) && shape != null) {
                double rate = GemmShape.parse(shape).flops() * 1e-9 / (value * seconds);
                tables.put(shortName + " median call as GFLOP/s (GFLOP/s)", rowTitle, rowKey, column, number(rate));
                if (medianPeak[all] > 0) {
                    tables.put(shortName + " median call as % of the median-call FMA peak of this run (% of peak)",
                            rowTitle, rowKey, column, number(100 * rate / medianPeak[all]));
                }
            } else if (!Double.isNaN(seconds) && method.contains("PeakBenchmark.fma")) {
                int count = threads >= 0 ? Integer.parseInt(f.get(threads).trim()) : 1;
                double rate = count * PeakBenchmark.FLOPS_PER_CALL * 1e-9 / (value * seconds);
                tables.put(shortName + " median call as GFLOP/s (GFLOP/s)", rowTitle, rowKey, column, number(rate));
            } else if (!Double.isNaN(seconds) && n != null) {
                double rate = Integer.parseInt(n) * 1e-9 / (value * seconds);
                tables.put(shortName + " median call as G elements/s (G elements/s)", rowTitle, rowKey, column,
                        number(rate));
            }
        }
        return tables.markdown();
    }

    /** Tables being filled: title → row key → column → cell, in the order first seen. */
    private static final class Builder {
        private final Map<String, Map<String, Map<String, String>>> cells = new LinkedHashMap<>();
        private final Map<String, Set<String>> columns = new LinkedHashMap<>();
        private final Map<String, String> rowTitles = new LinkedHashMap<>();

        void put(String title, String rowTitle, String rowKey, String column, String cell) {
            cells.computeIfAbsent(title, t -> new LinkedHashMap<>()).computeIfAbsent(rowKey, r -> new LinkedHashMap<>())
                    .put(column, cell);
            columns.computeIfAbsent(title, t -> new LinkedHashSet<>()).add(column);
            rowTitles.put(title, rowTitle.isEmpty() ? "-" : rowTitle);
        }

        String markdown() {
            StringBuilder out = new StringBuilder();
            for (var table : cells.entrySet()) {
                String title = table.getKey();
                List<String> cols = new ArrayList<>(columns.get(title));
                boolean ratios = cols.contains("simd") && RATES.stream().anyMatch(u -> title.endsWith("(" + u + ")"));
                List<String> ratioCols = ratios ? cols.stream().filter(c -> !c.equals("simd")).toList() : List.of();
                out.append("#### ").append(title).append("\n\n| ").append(rowTitles.get(title));
                for (String c : cols) out.append(" | ").append(c);
                for (String c : ratioCols) out.append(" | ").append(ratioTitle(c));
                out.append(" |\n|---").append("|---:".repeat(cols.size() + ratioCols.size())).append("|\n");
                for (var row : table.getValue().entrySet()) {
                    out.append("| ").append(row.getKey());
                    for (String c : cols) out.append(" | ").append(row.getValue().getOrDefault(c, ""));
                    for (String c : ratioCols) {
                        String simd = row.getValue().get("simd"), other = row.getValue().get(c);
                        out.append(" | ").append(c.equals(MULTI_THREADED) ? ratio(other, simd) : ratio(simd, other));
                    }
                    out.append(" |\n");
                }
                out.append('\n');
            }
            return out.toString();
        }
    }

    /** The multi-threaded column is compared the other way round: its speed-up over one thread. */
    private static String ratioTitle(String column) {
        return column.equals(MULTI_THREADED) ? MULTI_THREADED + " / simd" : "simd / " + column;
    }

    /** Seconds per unit of a JMH time-per-call unit such as "us/op", or NaN for any other unit. */
    private static double secondsPer(String unit) {
        return switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> Double.NaN;
        };
    }

    /** JMH reports the counters as "ops/s"; name what they count. */
    private static String unitOf(String metric, String jmhUnit) {
        return switch (metric) {
            case ":gflops" -> "GFLOP/s";
            case ":gelem" -> "G elements/s";
            case ":samples" -> "samples/s";
            case ":gc.alloc.rate.norm" -> "bytes per call";
            default -> jmhUnit;
        };
    }

    private static String ratio(String top, String bottom) {
        if (top == null || bottom == null) return "";
        double t = Double.parseDouble(top.split(" ")[0]), b = Double.parseDouble(bottom.split(" ")[0]);
        return b > 0 ? String.format(Locale.ROOT, "%.1f×", t / b) : "";
    }

    /** Three significant digits, without exponent for the magnitudes JMH reports here. */
    private static String number(String text) {
        return number(Double.parseDouble(text.trim().replace(',', '.')));
    }

    private static String number(double v) {
        if (v == 0 || !Double.isFinite(v)) return Double.toString(v);
        double a = Math.abs(v);
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static boolean isNumber(String text) {
        try {
            double v = Double.parseDouble(text.trim().replace(',', '.'));
            return !Double.isNaN(v);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The fields of one CSV line: comma-separated, optionally double-quoted (JMH quotes text, not numbers). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
