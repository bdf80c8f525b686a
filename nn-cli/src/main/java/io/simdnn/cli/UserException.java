package io.simdnn.cli;

/** A problem with what the user asked for (a file, an option value, data): reported as one line, exit code 1 ({@link UsageException}: 2). */
class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserException(String message) {
        super(message);
    }

    UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
