package io.simdnn.train.elm;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import java.util.List;

/** Every backend that can run here (scalar always; simd when it is on the class path and usable), one thread. */
public final class AvailableBackends {
    private AvailableBackends() {}

    public static List<Backend> all() {
        return Backends.candidates().stream().filter(c -> c.availability().available())
                .map(c -> Backends.get(c.name(), 1)).toList();
    }
}
