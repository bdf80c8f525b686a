package io.simdnn.model;

import io.simdnn.spi.Activation;

/** One layer of an {@link Architecture}: its kind, size and hyper-parameters, without its weights. */
public sealed interface LayerSpec {

    /** Units this layer outputs. */
    int units();

    /**
     * A dense layer z = W·a + b (W stored [units, in] as PyTorch's {@code nn.Linear}) followed by a fixed
     * activation; {@code parameter} is the activation's p (NaN for none or its default).
     */
    record Dense(int units, Activation activation, float parameter, boolean bias) implements LayerSpec {
        public Dense {
            positive("units", units);
            if (activation == null) throw new NullPointerException("activation");
            if (!activation.hasParameter()) parameter = Float.NaN;
            else if (Float.isNaN(parameter)) parameter = activation.defaultParameter();
            else if (!Float.isFinite(parameter)) {
                throw new IllegalArgumentException(activation + " parameter = " + parameter + " must be finite");
            }
        }
    }

    /** A dense layer followed by PReLU: a learnable slope γ per unit for z ≤ 0 (initially {@code initialSlope}). */
    record PRelu(int units, float initialSlope, boolean bias) implements LayerSpec {
        public PRelu {
            positive("units", units);
            finite("initialSlope", initialSlope);
        }
    }

    /** A dense layer followed by Swish z·σ(β·z) with a learnable β per unit (initially {@code initialBeta}). */
    record Swish(int units, float initialBeta, boolean bias) implements LayerSpec {
        public Swish {
            positive("units", units);
            finite("initialBeta", initialBeta);
        }
    }

    /** Maxout: {@code pieces} affine pieces per unit (a dense layer of units·pieces outputs), the largest kept. */
    record Maxout(int units, int pieces, boolean bias) implements LayerSpec {
        public Maxout {
            positive("units", units);
            positive("pieces", pieces);
        }
    }

    /** Inverted dropout: in training, zeroes each input with probability {@code rate} and scales the rest. */
    record Dropout(int units, float rate) implements LayerSpec {
        public Dropout {
            positive("units", units);
            if (!(rate >= 0f && rate < 1f)) throw new IllegalArgumentException("dropout rate = " + rate + " must be in [0, 1)");
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException(name + " = " + v + " must be at least 1");
    }

    private static void finite(String name, float v) {
        if (!Float.isFinite(v)) throw new IllegalArgumentException(name + " = " + v + " must be finite");
    }
}
