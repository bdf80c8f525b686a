package io.simdnn.cli;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import io.simdnn.model.Network;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simdnn info}: the backends found, the one selected and why, and what the JVM and CPU offer. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the backends found, which one is selected and why, the vector width, threads, JDK and"
                + " CPU; or, given a model file, its layers.",
        footerHeading = "%nExamples:%n",
        footer = {"  simdnn info",
                "  simdnn info model.safetensors   the model's layers, shapes and parameters",
                "  simdnn info --verbose      also log the backend selection",
                "",
                "The default backend can be forced with -Dsimdnn.backend=scalar|simd; the",
                "commands that compute take --backend and --threads."})
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "A model file: show its layers (kind, weight shape, activation, parameters) instead.")
    Path model;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (model != null) {
            Network network = ModelFiles.load(model, null, io.simdnn.spi.Backends.get("scalar"));
            out.println("Model:    " + model + ": " + network.architecture() + ", "
                    + String.format(java.util.Locale.ROOT, "%,d", network.parameters().size()) + " parameters");
            for (String line : ModelSummary.lines(network.architecture())) out.println(line);
            out.flush();
            return 0;
        }
        out.println("simdnn " + SimdnnCli.version());
        out.println();

        List<Backends.Candidate> candidates = Backends.candidates();
        out.println("Backends found (best first):");
        for (Backends.Candidate c : candidates) {
            out.printf("  %-8s priority %-4d %-12s %s%n", c.name(), c.priority(),
                    c.availability().available() ? "available" : "unavailable", c.availability().reason());
        }
        Backends.Selection selection = Backends.selection();
        Backend selected = selection.backend();
        out.println("Selected:     " + selected.name() + " (" + selection.how() + ")");
        out.println("              " + selection.describe());
        int bits = selected.vectorBitSize();
        out.println("Vector width: " + bits + " bits (" + bits / Float.SIZE + " float lane" + (bits == 32 ? "" : "s")
                + ")" + (vectorModule() ? "" : "; jdk.incubator.vector is not loaded: run with --add-modules"
                + " jdk.incubator.vector (./simdnn does)"));
        out.println("Threads:      " + selected.threads() + " per kernel (" + Runtime.getRuntime().availableProcessors()
                + " available processors; -D" + Backends.THREADS_PROPERTY + "=N or --threads N to change)");
        out.println();

        String vmInfo = System.getProperty("java.vm.info", "");
        out.println("JDK:          " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")");
        out.println("VM:           " + System.getProperty("java.vm.name") + ", " + vmInfo);
        if (vmInfo.contains("emulated-client")) {
            out.println("              C2 is off (-XX:TieredStopAtLevel=1): Vector API code runs far slower than"
                    + " it should; drop that flag.");
        }
        out.println("OS:           " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        MachineInfo machine = MachineInfo.detect();
        out.println("CPU:          " + machine.cpuModel() + " (" + machine.logicalCpus() + " logical CPUs)");
        out.println("SIMD flags:   " + (machine.vectorFlags().isEmpty() ? "none found"
                : String.join(" ", machine.vectorFlags())) + "; FMA " + (machine.hasFma() ? "yes" : "no"));
        out.flush();
        return 0;
    }

    static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
