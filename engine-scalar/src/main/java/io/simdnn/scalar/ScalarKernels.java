package io.simdnn.scalar;

import io.simdnn.spi.Activation;
import io.simdnn.spi.BackendKernels;
import io.simdnn.spi.UnitActivation;

/**
 * The reference kernels: every kernel as the plain loop its contract describes. Transcendentals are computed in
 * double and rounded once, so each is within one rounding of the exact value; sums and products accumulate in float
 * in index order, as reference BLAS does.
 *
 * <p>Open for extension, as netlib's Java BLAS chain: a backend that speeds up some kernels extends this class,
 * overrides those (and {@link #name()}, {@link #vectorBitSize()}), and inherits the rest. Composite kernels
 * ({@link #denseForward}) are written in terms of the others, so an override of {@link #gemm} speeds them up too.
 */
public class ScalarKernels implements BackendKernels {

    @Override
    public String name() {
        return ScalarBackend.NAME;
    }

    @Override
    public int vectorBitSize() {
        return 32;
    }

    // ------------------------------------------------------------------------------------------------ GEMM

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (!transA && !transB) {
            // Row i of C accumulates alpha·A[i][p]·B[p][:] over p (the axpy form of reference BLAS).
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                scaleRow(n, beta, c, ci);
                for (int p = 0; p < k; p++) {
                    float aip = alpha * a[aOff + i * lda + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += aip * bpj;
                }
                c[ci + j] = beta == 0f ? alpha * sum : alpha * sum + beta * c[ci + j];
            }
        }
    }

    private static void scaleRow(int n, float beta, float[] c, int off) {
        if (beta == 0f) {
            java.util.Arrays.fill(c, off, off + n, 0f);
        } else if (beta != 1f) {
            for (int j = 0; j < n; j++) c[off + j] *= beta;
        }
    }

    /** The composition gemm (beta = 0), addBias, activate, through this object's (possibly overridden) kernels. */
    @Override
    public void denseForward(int m, int n, int k, float[] a, int aOff, int lda, float[] w, int wOff, int ldw,
            float[] bias, int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        if (k == 0) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        } else {
            gemm(false, true, m, n, k, 1f, a, aOff, lda, w, wOff, ldw, 0f, c, cOff, ldc);
        }
        if (bias != null) addBias(m, n, bias, biasOff, c, cOff, ldc);
        if (f == Activation.IDENTITY) return;
        if (ldc == n) {
            activate(f, p, m * n, c, cOff, c, cOff);
        } else {
            for (int i = 0; i < m; i++) activate(f, p, n, c, cOff + i * ldc, c, cOff + i * ldc);
        }
    }

    // ------------------------------------------------------------------------------------------------ bias

    @Override
    public void addBias(int m, int n, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) c[cOff + i * ldc + j] += bias[biasOff + j];
        }
    }

    @Override
    public void columnSums(int m, int n, float[] a, int aOff, int lda, float beta, float[] out,
            int outOff) {
        for (int j = 0; j < n; j++) {
            float s = 0f;
            for (int i = 0; i < m; i++) s += a[aOff + i * lda + j];
            out[outOff + j] = beta == 0f ? s : beta * out[outOff + j] + s;
        }
    }

    // ------------------------------------------------------------------------------------------------ activations

    @Override
    public void activate(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff) {
        for (int i = 0; i < n; i++) a[aOff + i] = (float) ReferenceMath.activation(f, p, z[zOff + i]);
    }

    @Override
    public void activateBackward(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff,
            float[] da, int daOff, float[] dz, int dzOff) {
        for (int i = 0; i < n; i++) {
            dz[dzOff + i] = (float) (da[daOff + i] * ReferenceMath.activationDerivative(f, p, z[zOff + i], a[aOff + i]));
        }
    }

    private static void prelu(int m, int n, float[] z, int zOff, float[] gamma, int gammaOff, float[] a, int aOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = z[zOff + i * n + j];
                a[aOff + i * n + j] = v > 0 ? v : gamma[gammaOff + j] * v;
            }
        }
    }

    private static void preluBackward(int m, int n, float[] z, int zOff, float[] gamma, int gammaOff, float[] da,
            int daOff, float[] dz, int dzOff, float[] dGamma, int dGammaOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int e = i * n + j;
                float v = z[zOff + e], g = da[daOff + e];
                dGamma[dGammaOff + j] += g * Math.min(v, 0f);
                dz[dzOff + e] = v > 0 ? g : Float.isNaN(v) ? v : g * gamma[gammaOff + j];
            }
        }
    }

    private static void swish(int m, int n, float[] z, int zOff, float[] beta, int betaOff, float[] a, int aOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = z[zOff + i * n + j];
                a[aOff + i * n + j] = (float) ReferenceMath.gated(v, ReferenceMath.sigmoid(beta[betaOff + j] * v));
            }
        }
    }

    private static void swishBackward(int m, int n, float[] z, int zOff, float[] beta, int betaOff, float[] da,
            int daOff, float[] dz, int dzOff, float[] dBeta, int dBetaOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int e = i * n + j;
                double v = z[zOff + e], g = da[daOff + e], b = beta[betaOff + j];
                double s = ReferenceMath.sigmoid(b * v);
                dBeta[dBetaOff + j] += (float) (g * v * v * s * (1 - s));
                dz[dzOff + e] = (float) (g * (s + b * v * s * (1 - s)));
            }
        }
    }

    @Override
    public void unitActivation(UnitActivation f, int m, int n, float[] z, int zOff, float[] param, int paramOff,
            float[] a, int aOff) {
        switch (f) {
            case PRELU -> prelu(m, n, z, zOff, param, paramOff, a, aOff);
            case SWISH -> swish(m, n, z, zOff, param, paramOff, a, aOff);
        }
    }

    @Override
    public void unitActivationBackward(UnitActivation f, int m, int n, float[] z, int zOff, float[] param,
            int paramOff, float[] da, int daOff, float[] dz, int dzOff, float[] dParam, int dParamOff) {
        switch (f) {
            case PRELU -> preluBackward(m, n, z, zOff, param, paramOff, da, daOff, dz, dzOff, dParam, dParamOff);
            case SWISH -> swishBackward(m, n, z, zOff, param, paramOff, da, daOff, dz, dzOff, dParam, dParamOff);
        }
    }

    /**
     * A plain loop, which serves the SIMD backend too: each unit compares a few adjacent pieces, which leaves no
     * contiguous run of lanes to vectorise (a gather costs more than the compares).
     */
    @Override
    public void maxout(int m, int units, int pieces, float[] z, int zOff, float[] a, int aOff, int[] argmax,
            int argmaxOff) {
        for (int u = 0; u < m * units; u++) {
            int base = zOff + u * pieces;
            int best = 0;
            float max = z[base];
            for (int p = 1; p < pieces && !Float.isNaN(max); p++) {
                float v = z[base + p];
                if (v > max || Float.isNaN(v)) {
                    max = v;
                    best = p;
                }
            }
            a[aOff + u] = max;
            argmax[argmaxOff + u] = best;
        }
    }

    @Override
    public void maxoutBackward(int m, int units, int pieces, float[] da, int daOff, int[] argmax, int argmaxOff,
            float[] dz, int dzOff) {
        for (int u = 0; u < m * units; u++) {
            int base = dzOff + u * pieces;
            java.util.Arrays.fill(dz, base, base + pieces, 0f);
            dz[base + argmax[argmaxOff + u]] = da[daOff + u];
        }
    }

    // ------------------------------------------------------------------------------------------------ softmax

    private static float rowMax(int n, float[] x, int off) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            float v = x[off + j];
            if (Float.isNaN(v)) return v;
            max = Math.max(max, v);
        }
        return max;
    }

    @Override
    public void softmax(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * n, yi = yOff + i * n;
            float max = rowMax(n, x, xi);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp((double) x[xi + j] - max);
            for (int j = 0; j < n; j++) y[yi + j] = (float) (Math.exp((double) x[xi + j] - max) / sum);
        }
    }

    @Override
    public void logSoftmax(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * n, yi = yOff + i * n;
            float max = rowMax(n, x, xi);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp((double) x[xi + j] - max);
            double log = Math.log(sum);
            for (int j = 0; j < n; j++) y[yi + j] = (float) ((double) x[xi + j] - max - log);
        }
    }

    @Override
    public void softmaxBackward(int m, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
            int dxOff) {
        for (int i = 0; i < m; i++) {
            int r = i * n;
            double dot = 0;
            for (int j = 0; j < n; j++) dot += (double) dy[dyOff + r + j] * y[yOff + r + j];
            for (int j = 0; j < n; j++) dx[dxOff + r + j] = (float) (y[yOff + r + j] * (dy[dyOff + r + j] - dot));
        }
    }

    // ------------------------------------------------------------------------------------------------ losses

    @Override
    public double softmaxCrossEntropy(int m, int n, float[] logits, int logitsOff, float[] target,
            int targetOff, float gradScale, float[] probs, int probsOff, float[] dLogits, int dLogitsOff) {
        double loss = 0;
        for (int i = 0; i < m; i++) {
            int r = i * n;
            float max = rowMax(n, logits, logitsOff + r);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp((double) logits[logitsOff + r + j] - max);
            double logSum = Math.log(sum);
            for (int j = 0; j < n; j++) {
                double logP = (double) logits[logitsOff + r + j] - max - logSum;
                double t = target[targetOff + r + j];
                if (t != 0) loss -= t * logP;
                double prob = Math.exp(logP);
                if (probs != null) probs[probsOff + r + j] = (float) prob;
                if (dLogits != null) dLogits[dLogitsOff + r + j] = (float) (gradScale * (prob - t));
            }
        }
        return loss;
    }

    @Override
    public double sigmoidCrossEntropy(int n, float[] logits, int logitsOff, float[] target, int targetOff,
            float gradScale, float[] probs, int probsOff, float[] dLogits, int dLogitsOff) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double z = logits[logitsOff + i], t = target[targetOff + i];
            loss += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
            double s = ReferenceMath.sigmoid(z);
            if (probs != null) probs[probsOff + i] = (float) s;
            if (dLogits != null) dLogits[dLogitsOff + i] = (float) (gradScale * (s - t));
        }
        return loss;
    }

    @Override
    public double squaredError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale,
            float[] dy, int dyOff) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) y[yOff + i] - t[tOff + i];
            loss += 0.5 * d * d;
            if (dy != null) dy[dyOff + i] = (float) (gradScale * d);
        }
        return loss;
    }

    @Override
    public double absoluteError(int n, float[] y, int yOff, float[] t, int tOff, float gradScale,
            float[] dy, int dyOff) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) y[yOff + i] - t[tOff + i];
            loss += Math.abs(d);
            if (dy != null) dy[dyOff + i] = (float) (gradScale * Math.signum(d));
        }
        return loss;
    }

    @Override
    public double hinge(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy,
            int dyOff) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double s = 2.0 * t[tOff + i] - 1, margin = 1 - s * y[yOff + i];
            if (margin > 0) loss += margin;
            if (dy != null) dy[dyOff + i] = margin > 0 ? (float) (-gradScale * s) : Double.isNaN(margin) ? Float.NaN : 0f;
        }
        return loss;
    }

    // ------------------------------------------------------------------------------------------------ vectors

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        for (int i = 0; i < n; i++) x[xOff + i] *= alpha;
    }

    @Override
    public void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        for (int i = 0; i < n; i++) z[zOff + i] = x[xOff + i] * y[yOff + i];
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i] * y[yOff + i];
        return s;
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return s;
    }

    @Override
    public float sumSquares(int n, float[] x, int xOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i] * x[xOff + i];
        return s;
    }

    @Override
    public float max(int n, float[] x, int xOff) {
        return rowMax(n, x, xOff);
    }

    @Override
    public void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            int r = xOff + i * n, best = 0;
            float max = x[r];
            for (int j = 1; j < n && !Float.isNaN(max); j++) {
                float v = x[r + j];
                if (v > max || Float.isNaN(v)) {
                    max = v;
                    best = j;
                }
            }
            out[outOff + i] = best;
        }
    }

    // ------------------------------------------------------------------------------------------------ optimisers

    @Override
    public void momentumStep(int n, float lr, float momentum, boolean nesterov, float[] w, int wOff,
            float[] g, int gOff, float[] v, int vOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float vi = momentum * v[vOff + i] + gi;
            v[vOff + i] = vi;
            w[wOff + i] -= lr * (nesterov ? gi + momentum * vi : vi);
        }
    }

    @Override
    public void adagradStep(int n, float lr, float eps, float[] w, int wOff, float[] g, int gOff,
            float[] h, int hOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float hi = h[hOff + i] + gi * gi;
            h[hOff + i] = hi;
            w[wOff + i] -= lr * gi / ((float) Math.sqrt(hi) + eps);
        }
    }

    @Override
    public void rmspropStep(int n, float lr, float rho, float eps, float[] w, int wOff, float[] g,
            int gOff, float[] s, int sOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float si = rho * s[sOff + i] + (1 - rho) * gi * gi;
            s[sOff + i] = si;
            w[wOff + i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    public void adamStep(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1,
            float c2, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float mi = beta1 * m[mOff + i] + (1 - beta1) * gi;
            float vi = beta2 * v[vOff + i] + (1 - beta2) * gi * gi;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float wi = w[wOff + i];
            wi -= lr * weightDecay * wi;
            w[wOff + i] = wi - lr * (mi / c1) / ((float) Math.sqrt(vi / c2) + eps);
        }
    }

    // ------------------------------------------------------------------------------------------------ quantised

    /** The plain loop: each weight dequantised as it is read, dot products in float in index order. */
    @Override
    public void denseForward(int m, int n, int k, float[] a, int aOff, int lda, io.simdnn.spi.QuantizedMatrix w,
            float[] bias, int biasOff, Activation f, float p, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int q = 0; q < k; q++) sum += a[aOff + i * lda + q] * w.get(j, q);
                c[cOff + i * ldc + j] = sum;
            }
        }
        if (bias != null) addBias(m, n, bias, biasOff, c, cOff, ldc);
        if (f != Activation.IDENTITY) {
            for (int i = 0; i < m; i++) activate(f, p, n, c, cOff + i * ldc, c, cOff + i * ldc);
        }
    }
}
