package io.simdnn.cli;

import io.simdnn.model.Init;
import io.simdnn.model.Loss;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.train.Optimizers;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option converters that use the library's own parsers, so that an unknown name is a usage error whose message
 * lists the valid names (e.g. {@code unknown activation 'relu6'; valid: identity, sigmoid, ...}).
 */
final class Converters {
    private Converters() {}

    private abstract static class Named<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Named(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ActivationConverter extends Named<Activation> {
        ActivationConverter() {
            super(Activation::parse);
        }
    }

    static final class OutputConverter extends Named<Output> {
        OutputConverter() {
            super(Output::parse);
        }
    }

    static final class LossConverter extends Named<Loss> {
        LossConverter() {
            super(Loss::parse);
        }
    }

    /** An optimiser's name, checked now; the optimiser is made once the learning rate is known. */
    static final class OptimizerConverter extends Named<String> {
        OptimizerConverter() {
            super(name -> {
                Optimizers.parse(name, 1e-3);
                return name.strip().toLowerCase(java.util.Locale.ROOT);
            });
        }
    }

    static final class InitConverter extends Named<Init> {
        InitConverter() {
            super(Init::parse);
        }
    }

    /** {@code bf16} or {@code int8} (any case). */
    static final class QuantizationConverter implements ITypeConverter<io.simdnn.spi.QuantizedMatrix.Format> {
        @Override
        public io.simdnn.spi.QuantizedMatrix.Format convert(String value) {
            for (io.simdnn.spi.QuantizedMatrix.Format f : io.simdnn.spi.QuantizedMatrix.Format.values()) {
                if (f.name().equalsIgnoreCase(value)) return f;
            }
            throw new TypeConversionException("unknown weight format '" + value + "'; valid: bf16, int8");
        }
    }
}
