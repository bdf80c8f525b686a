package io.simdnn.train.elm;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints test accuracy and fit time against the number of hidden units for an ELM on digits (seeded stratified
 * 80/20 split, standardised on the training part). Each size is fitted {@code repeats} times after
 * {@code warmups} unmeasured fits; times are medians: the wall time and the CPU time of the process (all its
 * threads, so it includes the backend's helper threads; unlike the wall time it is not inflated when other
 * processes share the cores).
 * Arguments (all optional): {@code backend sizes repeats warmups c threads}, e.g.
 * {@code simd 250,500,1000,1500 7 3 10 1}.
 */
public final class ElmDigitsTable {
    private ElmDigitsTable() {}

    public static void main(String[] args) {
        String backendName = args.length > 0 ? args[0] : "auto";
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "250,500,1000,1500").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int warmups = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        double c = args.length > 4 ? Double.parseDouble(args[4]) : 10;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Backend backend = Backends.get(backendName, threads);
        Splits.Split split = Splits.random(Datasets.load("digits"), 0, 0.2, 42);
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset train = scaler.transform(split.train());
        Dataset test = scaler.transform(split.test());
        System.out.printf(Locale.ROOT, "digits: %d train / %d test rows, backend %s, C = %g, %d repeats (median)%n",
                train.rows(), test.rows(), backend, c, repeats);
        System.out.println("| hidden units | system | test accuracy | train accuracy | fit wall ms | fit CPU ms |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: |");
        for (int hidden : sizes) {
            ExtremeLearningMachine elm = ExtremeLearningMachine.builder().hidden(hidden)
                    .activation(Activation.SIGMOID).c(c).seed(1).backend(backend).build();
            for (int i = 0; i < warmups; i++) elm.fit(train);
            long[] nanos = new long[repeats], cpuNanos = new long[repeats];
            ElmModel model = null;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime(), c0 = processCpuNanos();
                model = elm.fit(train);
                nanos[i] = System.nanoTime() - t0;
                cpuNanos[i] = processCpuNanos() - c0;
            }
            Arrays.sort(nanos);
            Arrays.sort(cpuNanos);
            System.out.printf(Locale.ROOT, "| %d | %s | %.2f %% | %.2f %% | %.0f | %.0f |%n", hidden,
                    model.fitInfo().dual() ? "dual " + train.rows() + "²" : "primal " + hidden + "²",
                    100 * model.evaluate(backend, test).accuracy(), 100 * model.evaluate(backend, train).accuracy(),
                    nanos[repeats / 2] / 1e6, cpuNanos[repeats / 2] / 1e6);
        }
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }
}
