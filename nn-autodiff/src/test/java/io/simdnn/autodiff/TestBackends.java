package io.simdnn.autodiff;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Backends;
import java.util.List;

/** Every backend that can run here (scalar always; SIMD when the Vector API is present). */
final class TestBackends {
    private TestBackends() {}

    static List<Backend> all() {
        return Backends.candidates().stream().filter(c -> c.availability().available())
                .map(c -> Backends.get(c.name())).toList();
    }
}
