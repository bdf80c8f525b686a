package io.simdnn.cli;

import io.simdnn.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into exactly one line on standard error ({@code error: ...}) and a non-zero exit code; with
 * {@code --verbose} the stack trace follows. Usage errors also name the help to read.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    private final SimdnnCli cli;

    ErrorHandler(SimdnnCli cli) {
        this.cli = cli;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String help = cl.getCommandSpec().qualifiedName() + " --help";
        err.println(cl.getColorScheme().errorText("error: " + oneLine(ex.getMessage()) + suggestion(ex) + " (see '"
                + help + "')"));
        if (verbose(cl.getParseResult())) ex.printStackTrace(err);
        err.flush();
        return SimdnnCli.USAGE_ERROR;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        // Anything the command printed before failing goes out first, so the error line is last.
        cl.getOut().flush();
        err.println(cl.getColorScheme().errorText("error: " + describe(ex)));
        if (verbose(parsed)) ex.printStackTrace(err);
        err.flush();
        return ex instanceof ParameterException || ex instanceof UsageException ? SimdnnCli.USAGE_ERROR
                : SimdnnCli.RUN_ERROR;
    }

    /** "; did you mean --epochs?" for a misspelt option or command, from picocli's nearest names. */
    static String suggestion(ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) return "";
        java.util.List<String> near = u.getSuggestions();
        if (near == null || near.isEmpty()) return "";
        return "; did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size()))) + "?";
    }

    /** --verbose may stand before or after the subcommand's name. */
    private boolean verbose(ParseResult parsed) {
        if (cli.verbose()) return true;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose") && Boolean.TRUE.equals(p.matchedOptionValue("--verbose", false))) {
                return true;
            }
        }
        return false;
    }

    /** One line that says what went wrong, for a person: the file, the line, the value, and what was expected. */
    static String describe(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) return describe(u.getCause());
        if (t instanceof NoSuchFileException e) return "file not found: " + e.getFile();
        if (t instanceof AccessDeniedException e) return "permission denied: " + e.getFile();
        if (t instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        }
        if (t instanceof IOException e) return e.getMessage() != null ? oneLine(e.getMessage()) : e.toString();
        if (t instanceof TrainingDivergedException e) {
            return oneLine(e.getMessage()) + (e.getMessage().contains("learning rate") ? ""
                    : "; try a smaller learning rate (--lr)") + "; nothing was saved";
        }
        if (t instanceof UserException || t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof UnsupportedOperationException || t instanceof ArithmeticException) {
            if (t.getMessage() != null) return oneLine(t.getMessage());
        }
        // Anything else is a defect, not bad input: say so, and where to look.
        return "internal error: " + oneLine(t.toString()) + " (run again with --verbose for the stack trace)";
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
