package io.simdnn.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code simdnn} command: its subcommands train, evaluate and run multi-layer perceptrons, compare the backends
 * and describe the machine. Exit codes: 0 success, 1 an error while running, 2 a usage error.
 */
@Command(name = "simdnn",
        mixinStandardHelpOptions = true,
        versionProvider = SimdnnCli.Version.class,
        description = "Multi-layer perceptrons on the JVM, trained and run on SIMD kernels (Java Vector API).",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, ExportCommand.class,
                QuantizeCommand.class, ElmCommand.class, AutoencoderCommand.class, BenchCommand.class, GradCommand.class,
                InfoCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  simdnn train                    digits: test accuracy and time",
                "  simdnn train --data iris --out iris.safetensors --plot iris.png",
                "  simdnn eval iris.safetensors --data iris",
                "  simdnn predict iris.safetensors --input flowers.csv --out predictions.csv",
                "  simdnn elm --data iris          Extreme Learning Machine, closed form",
                "  simdnn autoencoder --code 8     codes and reconstruction error of digits",
                "  simdnn bench --plot bench.png   quick GEMM comparison of the backends",
                "  simdnn grad \"1/(exp(-(w*x+b))+1)\" --at x=1,w=0,b=0   derivatives three ways",
                "  simdnn info                     backends, vector width, JDK and CPU",
                "",
                "Exit codes: 0 success, 1 error while running, 2 usage error.",
                "Errors are one line on standard error; --verbose adds the stack trace."})
public final class SimdnnCli implements java.util.concurrent.Callable<Integer> {

    /** Exit code of a usage error (bad option or argument), as picocli's. */
    public static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;
    /** Exit code of an error while running (bad file, bad data, failed training). */
    public static final int RUN_ERROR = CommandLine.ExitCode.SOFTWARE;

    // The logger of io.simdnn announces the backend choice at INFO; keep a reference so its level sticks.
    private static final Logger SIMDNN_LOG = Logger.getLogger("io.simdnn");

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show the stack trace of an error and the backend selection log.")
    void verbose(boolean on) {
        verbose = on;
        SIMDNN_LOG.setLevel(on ? Level.INFO : Level.WARNING);
    }

    private boolean verbose;

    boolean verbose() {
        return verbose;
    }

    /** No command given: the help, on standard error, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return USAGE_ERROR;
    }

    /** A command line for {@code simdnn}, with the one-line error handling; call {@code execute(args)} on it. */
    public static CommandLine commandLine() {
        SIMDNN_LOG.setLevel(Level.WARNING);
        SimdnnCli cli = new SimdnnCli();
        CommandLine cl = new CommandLine(cli);
        ErrorHandler errors = new ErrorHandler(cli);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        // "Usage: simdnn train [OPTIONS]": a full synopsis of twenty options wraps mid-option ("--[no-]" on one
        // line, "standardize]" on the next); the options are listed one per line below it anyway.
        for (CommandLine sub : cl.getSubcommands().values()) sub.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        return cl;
    }

    public static void main(String[] args) {
        // Charts are drawn off screen; no window system is needed (or wanted) for a PNG.
        System.setProperty("java.awt.headless", "true");
        Console console = System.console();
        terminal = console != null && console.isTerminal() ? System.out : null;
        System.exit(commandLine().execute(args));
    }

    /** Standard output when it is a terminal and the command line runs from {@link #main}; null otherwise. */
    private static volatile PrintStream terminal;

    /** Where live progress bars may be drawn, or null when progress should be plain lines. */
    static PrintStream terminal() {
        return terminal;
    }

    /** The project version, from the build. */
    static String version() {
        try (InputStream in = SimdnnCli.class.getResourceAsStream("version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"simdnn " + version(),
                    "JDK " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                            + "), " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
