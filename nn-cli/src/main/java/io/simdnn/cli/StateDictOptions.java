package io.simdnn.cli;

import io.simdnn.model.Architecture;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import java.util.List;
import picocli.CommandLine.Option;

/** The architecture of a bare PyTorch state dict, and which of its modules are which layers. */
final class StateDictOptions {

    @Option(names = "--arch", paramLabel = "SIZES",
            description = "For bare PyTorch weights: the layer sizes, input to output, e.g. 4-16-3 (the file's own"
                    + " architecture, if any, is then ignored).")
    String arch;

    @Option(names = "--keys", split = ",", paramLabel = "MODULE",
            description = "With --arch: the state dict's module of each layer in order, e.g. fc1,fc2,fc3 (PReLU"
                    + " slopes count as a module of their own); default: matched by key order and shapes.")
    List<String> keys;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            converter = Converters.ActivationConverter.class,
            description = "With --arch: the hidden activation (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--output", paramLabel = "NAME", defaultValue = "softmax",
            converter = Converters.OutputConverter.class,
            description = "With --arch: the output link, softmax, sigmoid or linear (default: ${DEFAULT-VALUE}).")
    Output output;

    /** The architecture given with --arch, or null to read it from the model file. */
    Architecture architecture() {
        if (arch == null) return null;
        try {
            return Architecture.parse(arch, activation, output);
        } catch (IllegalArgumentException e) {
            throw new UserException("--arch: " + e.getMessage(), e);
        }
    }
}
