package io.simdnn.train.autoencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Loss;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.elm.AvailableBackends;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analytic gradient of every auto-encoder objective against central differences (L(θ + h) − L(θ − h)) / 2h,
 * each parameter perturbed in turn: tied weights (both uses of W₁ summed), the KL and L1 sparsity penalties, and
 * each reconstruction link and loss. Relative error |a − n| / max(|a|, |n|, floor), as the model's GradientCheck.
 */
class AutoEncoderGradientTest {
    // The floor of 1e-2 matches the model's GradientCheck: below it, float32 rounding of the loss (vectorised logs and
    // exponentials included) dominates a central difference.
    private static final double H = 1e-2, FLOOR = 1e-2, BOUND = 5e-3;

    record Case(String name, AutoEncoderTrainer trainer, boolean unitInterval) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                new Case("untied, linear, squared error", base().build(), false),
                new Case("tied, linear, squared error", base().tied(true).build(), false),
                new Case("tied, KL sparsity", base().tied(true).sparsity(Sparsity.kl(0.1, 0.7)).build(), false),
                new Case("untied, KL sparsity", base().sparsity(Sparsity.kl(0.2, 1.5)).build(), false),
                new Case("tied tanh, L1 activity", base().tied(true).activation(Activation.TANH)
                        .sparsity(Sparsity.l1(0.3)).build(), false),
                new Case("untied sigmoid link, cross-entropy", base()
                        .reconstruction(Output.SIGMOID, Loss.SIGMOID_CROSS_ENTROPY).build(), true),
                new Case("tied sigmoid link, squared error, L1", base().tied(true)
                        .reconstruction(Output.SIGMOID, Loss.SQUARED_ERROR).sparsity(Sparsity.l1(0.05)).build(), true));
        List<Arguments> out = new ArrayList<>();
        for (Backend b : AvailableBackends.all()) {
            for (Case c : cases) out.add(Arguments.of(b, c));
        }
        return out.stream();
    }

    private static AutoEncoderTrainer.Builder base() {
        return AutoEncoderTrainer.builder().code(3).seed(5);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void analyticGradientMatchesCentralDifferences(Backend backend, Case c) {
        int rows = 4, inputs = 5;
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (c.unitInterval() ? random.nextDouble() : 2 * random.nextDouble() - 1);
        }
        Weights w = c.trainer().initialWeights(inputs);
        for (float[] t : w.tensors()) {
            for (int i = 0; i < t.length; i++) t[i] += (float) (0.3 * (random.nextDouble() - 0.5));
        }
        Objective objective = c.trainer().objective(backend, inputs, rows);
        objective.lossAndGradient(w, x, 0, x, 0, rows, true);
        float[][] analytic = objective.gradient.copy().tensors();
        float[][] tensors = w.tensors();
        String[] names = w.tied() ? new String[] {"W1", "b1", "b2"} : new String[] {"W1", "b1", "W2", "b2"};
        StringBuilder report = new StringBuilder();
        double worst = 0;
        for (int k = 0; k < tensors.length; k++) {
            double tensorWorst = 0;
            for (int i = 0; i < tensors[k].length; i++) {
                float saved = tensors[k][i];
                tensors[k][i] = (float) (saved + H);
                double up = objective.lossAndGradient(w, x, 0, x, 0, rows, false);
                tensors[k][i] = (float) (saved - H);
                double down = objective.lossAndGradient(w, x, 0, x, 0, rows, false);
                double step = (double) (float) (saved + H) - (double) (float) (saved - H);
                tensors[k][i] = saved;
                double numeric = (up - down) / step, a = analytic[k][i];
                double error = Math.abs(a - numeric) / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(numeric)));
                tensorWorst = Math.max(tensorWorst, error);
            }
            report.append(String.format(java.util.Locale.ROOT, " %s=%.2e", names[k], tensorWorst));
            worst = Math.max(worst, tensorWorst);
        }
        assertTrue(worst <= BOUND, backend.name() + ", " + c + ":" + report);
    }

    /**
     * Tied weights are one matrix used twice: its gradient must be the untied encoder's gradient plus the transpose
     * of the untied decoder's, evaluated where W₂ = W₁ᵀ.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void tiedGradientIsTheSumOfBothUses(Backend backend) {
        int rows = 6, inputs = 7, code = 4;
        SplittableRandom random = new SplittableRandom(8);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) x[i] = (float) (2 * random.nextDouble() - 1);
        AutoEncoderTrainer tied = AutoEncoderTrainer.builder().code(code).tied(true).seed(2).build();
        AutoEncoderTrainer untied = tied.toBuilder().tied(false).build();
        Weights wt = tied.initialWeights(inputs);
        Weights wu = new Weights(wt.w1.clone(), wt.b1.clone(), AutoEncoder.transpose(wt.w1, code, inputs),
                wt.b2.clone());
        Objective ot = tied.objective(backend, inputs, rows), ou = untied.objective(backend, inputs, rows);
        double lt = ot.lossAndGradient(wt, x, 0, x, 0, rows, true);
        double lu = ou.lossAndGradient(wu, x, 0, x, 0, rows, true);
        assertEquals(lu, lt, 1e-6 * Math.abs(lu));
        float[] decoderT = AutoEncoder.transpose(ou.gradient.w2, inputs, code);
        for (int i = 0; i < wt.w1.length; i++) {
            assertEquals(ou.gradient.w1[i] + decoderT[i], ot.gradient.w1[i], 1e-5, "dW1[" + i + "]");
        }
        assertArrayEquals(ou.gradient.b2, ot.gradient.b2, 1e-6f);
    }

    static List<Backend> backends() {
        return AvailableBackends.all();
    }
}
