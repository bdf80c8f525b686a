package io.simdnn.simd;

import io.simdnn.spi.Backend;
import io.simdnn.spi.Activation;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Checksums of the bits every element-wise and row-wise transcendental kernel returns on fixed inputs. {@link
 * JitTierDeterminismTest} runs it in a child JVM with {@code -Xint} (every vector operation on its Java fallback) and
 * in one that has C2-compiled the kernels, and compares.
 */
final class InterpretedOutputs {
    private InterpretedOutputs() {}

    static final int N = 517;

    static String checksums(Backend b) {
        SplittableRandom r = new SplittableRandom(11);
        float[] z = new float[N], t = new float[N];
        for (int i = 0; i < N; i++) {
            z[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 30 : 4));
            t[i] = r.nextInt(2);
        }
        z[0] = 88.5f;
        z[1] = -88.5f;
        z[2] = -0f;
        StringBuilder s = new StringBuilder();
        float[] out = new float[N], grad = new float[N];
        for (Activation f : Activation.values()) {
            float p = f.hasParameter() ? 0.75f : 0f;
            b.activate(f, p, N, z, 0, out, 0);
            b.activateBackward(f, p, N, z, 0, out, 0, t, 0, grad, 0);
            s.append(f).append('=').append(crc(out)).append('/').append(crc(grad)).append(' ');
        }
        b.softmax(11, 47, z, 0, out, 0);
        s.append("softmax=").append(crc(out)).append(' ');
        b.logSoftmax(11, 47, z, 0, out, 0);
        s.append("logSoftmax=").append(crc(out)).append(' ');
        double ce = b.softmaxCrossEntropy(11, 47, z, 0, t, 0, 0.5f, out, 0, grad, 0);
        s.append("softmaxCE=").append(Double.doubleToLongBits(ce)).append(',').append(crc(out)).append(',')
                .append(crc(grad)).append(' ');
        double bce = b.sigmoidCrossEntropy(N, z, 0, t, 0, 0.5f, out, 0, grad, 0);
        s.append("sigmoidCE=").append(Double.doubleToLongBits(bce)).append(',').append(crc(out)).append(',')
                .append(crc(grad));
        return s.toString();
    }

    private static long crc(float[] v) {
        CRC32 c = new CRC32();
        for (float x : v) {
            int bits = Float.floatToIntBits(x); // NaN payloads are not data
            c.update(bits);
            c.update(bits >>> 8);
            c.update(bits >>> 16);
            c.update(bits >>> 24);
        }
        return c.getValue();
    }

    /** Prints the checksums; with the argument "warm", after enough calls for C2 to compile the kernels. */
    public static void main(String[] args) {
        Backend b = SimdBackend.create(1);
        if (args.length > 0 && args[0].equals("warm")) {
            for (int i = 0; i < 3000; i++) checksums(b);
        }
        System.out.println(checksums(b));
    }
}
