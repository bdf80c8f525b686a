package io.simdnn.scalar;

import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;

/**
 * The reference backend: every kernel as the plain loop its contract describes. Transcendentals are computed in
 * double and rounded once, so each is within one rounding of the exact value; sums and products accumulate in float
 * in index order, as reference BLAS does.
 */
public final class ScalarBackend extends Backend {
    public static final String NAME = "scalar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vectorBitSize() {
        return 32;
    }

    // ------------------------------------------------------------------------------------------------ GEMM

    @Override
    protected void gemmKernel(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
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

    // ------------------------------------------------------------------------------------------------ bias

    @Override
    protected void addBiasKernel(int m, int n, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) c[cOff + i * ldc + j] += bias[biasOff + j];
        }
    }

    @Override
    protected void columnSumsKernel(int m, int n, float[] a, int aOff, int lda, float beta, float[] out,
            int outOff) {
        for (int j = 0; j < n; j++) {
            float s = 0f;
            for (int i = 0; i < m; i++) s += a[aOff + i * lda + j];
            out[outOff + j] = beta == 0f ? s : beta * out[outOff + j] + s;
        }
    }

    // ------------------------------------------------------------------------------------------------ activations

    @Override
    protected void activateKernel(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff) {
        for (int i = 0; i < n; i++) a[aOff + i] = (float) ReferenceMath.activation(f, p, z[zOff + i]);
    }

    @Override
    protected void activateBackwardKernel(Activation f, float p, int n, float[] z, int zOff, float[] a, int aOff,
            float[] da, int daOff, float[] dz, int dzOff) {
        for (int i = 0; i < n; i++) {
            dz[dzOff + i] = (float) (da[daOff + i] * ReferenceMath.activationDerivative(f, p, z[zOff + i], a[aOff + i]));
        }
    }

    @Override
    protected void preluKernel(int m, int n, float[] z, int zOff, float[] gamma, int gammaOff, float[] a, int aOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = z[zOff + i * n + j];
                a[aOff + i * n + j] = v > 0 ? v : gamma[gammaOff + j] * v;
            }
        }
    }

    @Override
    protected void preluBackwardKernel(int m, int n, float[] z, int zOff, float[] gamma, int gammaOff, float[] da,
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

    @Override
    protected void swishKernel(int m, int n, float[] z, int zOff, float[] beta, int betaOff, float[] a, int aOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = z[zOff + i * n + j];
                a[aOff + i * n + j] = (float) ReferenceMath.gated(v, ReferenceMath.sigmoid(beta[betaOff + j] * v));
            }
        }
    }

    @Override
    protected void swishBackwardKernel(int m, int n, float[] z, int zOff, float[] beta, int betaOff, float[] da,
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
    protected void softmaxKernel(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            int xi = xOff + i * n, yi = yOff + i * n;
            float max = rowMax(n, x, xi);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp((double) x[xi + j] - max);
            for (int j = 0; j < n; j++) y[yi + j] = (float) (Math.exp((double) x[xi + j] - max) / sum);
        }
    }

    @Override
    protected void logSoftmaxKernel(int m, int n, float[] x, int xOff, float[] y, int yOff) {
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
    protected void softmaxBackwardKernel(int m, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx,
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
    protected double softmaxCrossEntropyKernel(int m, int n, float[] logits, int logitsOff, float[] target,
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
    protected double sigmoidCrossEntropyKernel(int n, float[] logits, int logitsOff, float[] target, int targetOff,
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
    protected double squaredErrorKernel(int n, float[] y, int yOff, float[] t, int tOff, float gradScale,
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
    protected double absoluteErrorKernel(int n, float[] y, int yOff, float[] t, int tOff, float gradScale,
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
    protected double hingeKernel(int n, float[] y, int yOff, float[] t, int tOff, float gradScale, float[] dy,
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
    protected void axpyKernel(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    @Override
    protected void scaleKernel(int n, float alpha, float[] x, int xOff) {
        for (int i = 0; i < n; i++) x[xOff + i] *= alpha;
    }

    @Override
    protected void mulKernel(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        for (int i = 0; i < n; i++) z[zOff + i] = x[xOff + i] * y[yOff + i];
    }

    @Override
    protected float dotKernel(int n, float[] x, int xOff, float[] y, int yOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i] * y[yOff + i];
        return s;
    }

    @Override
    protected float sumKernel(int n, float[] x, int xOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return s;
    }

    @Override
    protected float sumSquaresKernel(int n, float[] x, int xOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i] * x[xOff + i];
        return s;
    }

    @Override
    protected float maxKernel(int n, float[] x, int xOff) {
        return rowMax(n, x, xOff);
    }

    @Override
    protected void argmaxRowsKernel(int m, int n, float[] x, int xOff, int[] out, int outOff) {
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
    protected void momentumStepKernel(int n, float lr, float momentum, boolean nesterov, float[] w, int wOff,
            float[] g, int gOff, float[] v, int vOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float vi = momentum * v[vOff + i] + gi;
            v[vOff + i] = vi;
            w[wOff + i] -= lr * (nesterov ? gi + momentum * vi : vi);
        }
    }

    @Override
    protected void adagradStepKernel(int n, float lr, float eps, float[] w, int wOff, float[] g, int gOff,
            float[] h, int hOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float hi = h[hOff + i] + gi * gi;
            h[hOff + i] = hi;
            w[wOff + i] -= lr * gi / ((float) Math.sqrt(hi) + eps);
        }
    }

    @Override
    protected void rmspropStepKernel(int n, float lr, float rho, float eps, float[] w, int wOff, float[] g,
            int gOff, float[] s, int sOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float si = rho * s[sOff + i] + (1 - rho) * gi * gi;
            s[sOff + i] = si;
            w[wOff + i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    protected void adamStepKernel(int n, float lr, float beta1, float beta2, float eps, float weightDecay, float c1,
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
}
