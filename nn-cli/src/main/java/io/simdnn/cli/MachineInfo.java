package io.simdnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the machine offers for SIMD: the CPU model and its vector instruction sets, from /proc/cpuinfo. */
record MachineInfo(String cpuModel, List<String> vectorFlags, int logicalCpus) {

    /** The instruction-set flags worth knowing for float32 kernels, in the order printed. */
    private static final List<String> INTERESTING = List.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f",
            "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile",
            "asimd", "asimdhp", "sve", "sve2");

    static MachineInfo detect() {
        return parse(readCpuInfo(), Runtime.getRuntime().availableProcessors());
    }

    static MachineInfo parse(List<String> cpuinfo, int logicalCpus) {
        String model = null;
        Set<String> flags = new LinkedHashSet<>();
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (model == null && (key.equals("model name") || key.equals("Model") || key.equals("cpu model"))) {
                model = value;
            } else if (flags.isEmpty() && (key.equals("flags") || key.equals("Features"))) {
                flags.addAll(Arrays.asList(value.split("\\s+")));
            }
        }
        List<String> vector = new ArrayList<>();
        for (String f : INTERESTING) if (flags.contains(f)) vector.add(f);
        if (model == null) model = System.getProperty("os.arch") + " (model unknown: no /proc/cpuinfo)";
        return new MachineInfo(model, vector, logicalCpus);
    }

    boolean hasFma() {
        return vectorFlags.contains("fma") || vectorFlags.contains("asimd");
    }

    private static List<String> readCpuInfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
