package io.simdnn.train;

import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.model.Workspace;
import java.util.List;

/**
 * Compares back-propagated gradients with central differences (L(θ + h) − L(θ − h)) / 2h, each parameter perturbed
 * in turn on a copy of the parameters, the differences taken in double (notes 004). Dropout is off.
 *
 * <p>The relative error of one value is |analytic − numeric| / max(|analytic|, |numeric|, floor): the floor keeps
 * near-zero gradients, where float32 rounding of the loss dominates, from reading as large relative errors.
 */
public final class GradientCheck {

    /** The largest relative error of each parameter tensor (by name), and of the input gradient. */
    public record Result(List<String> names, double[] maxRelativeError, double inputMaxRelativeError) {
        /** The largest error over every tensor and the input. */
        public double max() {
            double m = inputMaxRelativeError;
            for (double e : maxRelativeError) m = Math.max(m, e);
            return m;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("gradient check:");
            for (int i = 0; i < names.size(); i++) s.append(' ').append(names.get(i)).append('=').append(String.format(
                    java.util.Locale.ROOT, "%.2e", maxRelativeError[i]));
            return s.append(" input=").append(String.format(java.util.Locale.ROOT, "%.2e", inputMaxRelativeError))
                    .toString();
        }
    }

    private GradientCheck() {}

    /** With step h = 1e-2 and floor 1e-3, suited to float32 networks. */
    public static Result check(Network network, float[] x, float[] t, int rows, Loss loss) {
        return check(network, x, t, rows, loss, 1e-2, 1e-3);
    }

    /**
     * Checks every parameter and input gradient of {@code network} for the mean {@code loss} of {@code rows} samples
     * x (rows×inputSize) against targets t (rows×outputSize).
     */
    public static Result check(Network network, float[] x, float[] t, int rows, Loss loss, double h, double floor) {
        int in = network.inputSize(), out = network.outputSize();
        if (x.length < rows * in || t.length < rows * out) {
            throw new IllegalArgumentException("x needs " + rows * in + " values and t " + rows * out);
        }
        Workspace ws = new Workspace(network.architecture(), network.backend(), rows);
        Parameters p = network.parameters();
        Parameters g = new Parameters(network.architecture());
        ws.forward(p, x, 0, rows, false, null);
        ws.loss(loss, t, 0);
        ws.backward(g, true);
        float[] dx = ws.inputGradient().clone();

        double[] errors = new double[p.count()];
        for (int i = 0; i < p.count(); i++) {
            float[] v = p.values(i), gi = g.values(i);
            for (int j = 0; j < v.length; j++) {
                float saved = v[j];
                v[j] = (float) (saved + h);
                double up = lossAt(ws, p, x, t, rows, loss);
                v[j] = (float) (saved - h);
                double down = lossAt(ws, p, x, t, rows, loss);
                double step = (double) (float) (saved + h) - (double) (float) (saved - h);
                v[j] = saved;
                errors[i] = Math.max(errors[i], relative(gi[j], (up - down) / step, floor));
            }
        }
        float[] xc = x.clone();
        double inputError = 0;
        for (int j = 0; j < rows * in; j++) {
            float saved = xc[j];
            xc[j] = (float) (saved + h);
            double up = lossAt(ws, p, xc, t, rows, loss);
            xc[j] = (float) (saved - h);
            double down = lossAt(ws, p, xc, t, rows, loss);
            double step = (double) (float) (saved + h) - (double) (float) (saved - h);
            xc[j] = saved;
            inputError = Math.max(inputError, relative(dx[j], (up - down) / step, floor));
        }
        return new Result(p.names(), errors, inputError);
    }

    private static double lossAt(Workspace ws, Parameters p, float[] x, float[] t, int rows, Loss loss) {
        ws.forward(p, x, 0, rows, false, null);
        return ws.loss(loss, t, 0);
    }

    private static double relative(double analytic, double numeric, double floor) {
        return Math.abs(analytic - numeric) / Math.max(floor, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }
}
