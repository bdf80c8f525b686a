package io.simdnn.model.io;

import java.io.IOException;

/**
 * A model file that is malformed or inconsistent. The message names the file and what is wrong with it, e.g.
 * {@code model.safetensors: tensor "layers.0.weight" has shape [4, 3] (12 elements) but data_offsets [0, 40] hold
 * 10 F32 values}.
 */
public class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
