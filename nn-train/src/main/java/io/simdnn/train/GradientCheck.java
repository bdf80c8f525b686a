package io.simdnn.train;

import io.simdnn.model.Loss;
import io.simdnn.model.Network;
import io.simdnn.model.Parameters;
import io.simdnn.model.Workspace;
import java.util.List;

/**
 * Compares back-propagated gradients with central differences D(h) = (L(θ + h) − L(θ − h)) / 2h, each parameter
 * perturbed in turn on a copy of the parameters, the differences taken in double (notes 004). Dropout is off.
 *
 * <p>The forward passes are float32, so h cannot be tiny (rounding of L would dominate); with a moderate h the
 * O(h²) truncation error of D(h) is removed by Richardson extrapolation, (4·D(h/2) − D(h)) / 3, which is accurate to
 * O(h⁴).
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

    /**
     * With step h = 1e-2 and floor 1e-2, suited to float32 networks: the rounding of a float32 loss puts an absolute
     * error of a few 1e-5 on each difference quotient, so gradients below 1e-2 are compared on an absolute scale.
     */
    public static Result check(Network network, float[] x, float[] t, int rows, Loss loss) {
        return check(network, x, t, rows, loss, 1e-2, 1e-2);
    }

    /**
     * Checks every parameter and input gradient of {@code network} for the mean {@code loss} of {@code rows} samples
     * x (rows×inputSize) against targets t (rows×outputSize).
     */
    public static Result check(Network network, float[] x, float[] t, int rows, Loss loss, double h, double floor) {
        requireSizes(network, x, t, rows);
        Workspace ws = new Workspace(network.architecture(), network.backend(), rows);
        Parameters g = new Parameters(network.architecture());
        ws.forward(network.parameters(), x, 0, rows, false, null);
        ws.loss(loss, t, 0);
        ws.backward(g, true);
        return compare(network, x, t, rows, loss, g, ws.inputGradient().clone(), h, floor);
    }

    /**
     * Compares gradients computed elsewhere ({@code gradients} in the network's tensor order, {@code inputGradient}
     * rows×inputSize) with central differences of the network's loss.
     */
    public static Result compare(Network network, float[] x, float[] t, int rows, Loss loss, Parameters gradients,
            float[] inputGradient, double h, double floor) {
        requireSizes(network, x, t, rows);
        int in = network.inputSize();
        Workspace ws = new Workspace(network.architecture(), network.backend(), rows);
        Parameters p = network.parameters();
        Parameters g = gradients;
        float[] dx = inputGradient;
        double[] errors = new double[p.count()];
        for (int i = 0; i < p.count(); i++) {
            float[] v = p.values(i), gi = g.values(i);
            for (int j = 0; j < v.length; j++) {
                double numeric = richardson(ws, p, v, j, x, t, rows, loss, h);
                errors[i] = Math.max(errors[i], relative(gi[j], numeric, floor));
            }
        }
        float[] xc = x.clone();
        double inputError = 0;
        for (int j = 0; j < rows * in; j++) {
            double numeric = richardson(ws, p, xc, j, xc, t, rows, loss, h);
            inputError = Math.max(inputError, relative(dx[j], numeric, floor));
        }
        return new Result(p.names(), errors, inputError);
    }

    /** (4·D(h/2) − D(h)) / 3 for the value {@code target[j]} (a parameter or an input). */
    private static double richardson(Workspace ws, Parameters p, float[] target, int j, float[] x, float[] t, int rows,
            Loss loss, double h) {
        double full = central(ws, p, target, j, x, t, rows, loss, h);
        double half = central(ws, p, target, j, x, t, rows, loss, h / 2);
        return (4 * half - full) / 3;
    }

    private static double central(Workspace ws, Parameters p, float[] target, int j, float[] x, float[] t, int rows,
            Loss loss, double h) {
        float saved = target[j];
        float plus = (float) (saved + h), minus = (float) (saved - h);
        target[j] = plus;
        double up = lossAt(ws, p, x, t, rows, loss);
        target[j] = minus;
        double down = lossAt(ws, p, x, t, rows, loss);
        target[j] = saved;
        return (up - down) / ((double) plus - (double) minus);
    }

    private static void requireSizes(Network network, float[] x, float[] t, int rows) {
        int in = network.inputSize(), out = network.outputSize();
        if (rows < 1 || x.length < rows * in || t.length < rows * out) {
            throw new IllegalArgumentException(rows + " rows need " + rows * in + " inputs and " + rows * out
                    + " targets; got " + x.length + " and " + t.length);
        }
    }

    private static double lossAt(Workspace ws, Parameters p, float[] x, float[] t, int rows, Loss loss) {
        ws.forward(p, x, 0, rows, false, null);
        return ws.loss(loss, t, 0);
    }

    private static double relative(double analytic, double numeric, double floor) {
        return Math.abs(analytic - numeric) / Math.max(floor, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }
}
