package io.simdnn.cli;

/** A bad option value or combination of options: reported as one line naming the option, exit code 2. */
final class UsageException extends UserException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
