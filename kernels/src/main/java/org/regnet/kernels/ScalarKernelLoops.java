package org.regnet.kernels;

/** Plain loops: correct everywhere, the fallback when the Vector API is not in the JVM. */
final class ScalarKernelLoops implements KernelLoops {
    private final String description;

    ScalarKernelLoops(String description) { this.description = description; }

    @Override
    public void phases(float[] ar, float[] ai, int a, float[] br, float[] bi, int b, float[] cr, float[] ci, int c, int n, float[] pr, float[] pi, int out) {
        for (int j = 0; j < n; j++) {
            float xr = ar[a + j], xi = ai[a + j], yr = br[b + j], yi = bi[b + j], zr = cr[c + j], zi = ci[c + j];
            float abr = xr * yr - xi * yi, abi = xr * yi + xi * yr;
            pr[out + j] = abr * zr - abi * zi;
            pi[out + j] = abr * zi + abi * zr;
        }
    }

    @Override
    public void weighted(float[] a, int from, int channels, float[] wr, float[] wi, int n, float[] re, float[] im) {
        java.util.Arrays.fill(re, 0, channels, 0f);
        java.util.Arrays.fill(im, 0, channels, 0f);
        for (int s = 0; s < n; s++) {
            float pr = wr[s], pi = wi[s];
            int row = from + s * channels;
            for (int c = 0; c < channels; c++) {
                float v = a[row + c];
                re[c] += v * pr;
                im[c] += v * pi;
            }
        }
    }

    @Override
    public void projected(float[] a, float[] b, int from, int channels, float[] wa, float[] wb, int w, int col, int n, float[] out0, float[] out1) {
        java.util.Arrays.fill(out0, 0, channels, 0f);
        java.util.Arrays.fill(out1, 0, channels, 0f);
        for (int s = 0; s < n; s++) {
            float pa0 = wa[s * w + col], pb0 = wb[s * w + col], pa1 = wa[s * w + col + 1], pb1 = wb[s * w + col + 1];
            int row = from + s * channels;
            for (int c = 0; c < channels; c++) {
                float va = a[row + c], vb = b[row + c];
                out0[c] += va * pa0 - vb * pb0;
                out1[c] += va * pa1 - vb * pb1;
            }
        }
    }

    @Override
    public void gaussians(float d, float[] centers, float inverseWidth, float[] out, int o) {
        gaussians(d, centers, inverseWidth, out, o, 0);
    }

    /** {@link #gaussians} for centres from {@code first} on (the SIMD loops' tail). */
    static void gaussians(float d, float[] centers, float inverseWidth, float[] out, int o, int first) {
        for (int k = first; k < centers.length; k++) {
            float x = (d - centers[k]) * inverseWidth;
            out[o + k] = (float) Math.exp(-Math.min(x * x, GatedConvolution.GAUSSIAN_EXPONENT_LIMIT));
        }
    }

    @Override
    public void gatedMessage(float[] s, int si, float[] t, int ti, float[] g, int gi, float[] w, int basis, int hidden, float[] acc, int o) {
        gatedMessage(s, si, t, ti, g, gi, w, basis, hidden, acc, o, 0);
    }

    /** {@link #gatedMessage} for channels from {@code first} on (the SIMD loops' tail). */
    static void gatedMessage(float[] s, int si, float[] t, int ti, float[] g, int gi, float[] w, int basis, int hidden, float[] acc, int o, int first) {
        for (int q = first; q < hidden; q++) {
            float f = s[si + q] + t[ti + q], c = s[si + hidden + q] + t[ti + hidden + q];
            for (int k = 0, row = q; k < basis; k++, row += 2 * hidden) {
                f += g[gi + k] * w[row];
                c += g[gi + k] * w[row + hidden];
            }
            acc[o + q] += gated(f, c);
        }
    }

    @Override
    public void angularMoments(float[] a, int ai, float[] g, int gi, float[] w, int basis, float[] y, int yi, int harmonics, int hidden,
                               float[] acc, int o) {
        angularMoments(a, ai, g, gi, w, basis, y, yi, harmonics, hidden, acc, o, 0);
    }

    /** {@link #angularMoments} for channels from {@code first} on (the SIMD loops' tail). */
    static void angularMoments(float[] a, int ai, float[] g, int gi, float[] w, int basis, float[] y, int yi, int harmonics, int hidden,
                               float[] acc, int o, int first) {
        for (int q = first; q < hidden; q++) {
            float v = 0;
            for (int k = 0, row = q; k < basis; k++, row += hidden) v += g[gi + k] * w[row];
            v *= a[ai + q];
            for (int m = 0; m < harmonics; m++) acc[o + m * hidden + q] += y[yi + m] * v;
        }
    }

    /** sigmoid(f)·softplus(c), softplus as PyTorch's default (threshold 20). */
    private static float gated(float f, float c) {
        float softplus = c > 20f ? c : (float) Math.log1p(Math.exp(c));
        return softplus / (1f + (float) Math.exp(-f));
    }

    @Override
    public String description() { return description; }
}
