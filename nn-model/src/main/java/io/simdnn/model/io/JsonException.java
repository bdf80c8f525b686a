package io.simdnn.model.io;

/** Malformed JSON text; the message names the character offset and what was expected there. */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    JsonException(int offset, String message) {
        super("at offset " + offset + ": " + message);
        this.offset = offset;
    }

    /** The 0-based character offset of the problem in the text. */
    public int offset() {
        return offset;
    }
}
