package org.regnet.kernels;

/**
 * The materialized-table path, for comparison: builds the N × K tables cos/sin(2π n·f) with one
 * sincos per term, then multiplies (what the DJL reciprocal block does per crystal), threaded like
 * the CPU kernel so the comparison isolates the phase table. Memory
 * O(N·K): the benchmark shows where this stops being possible.
 */
public final class MaterializedFourier implements FourierKernel {
    @Override
    public String name() { return "materialized"; }

    @Override
    public float[][] structureFactor(FourierBatch batch, float[] x, int channels) {
        float[] re = new float[batch.vectors() * channels], im = new float[batch.vectors() * channels];
        for (int b = 0; b < batch.crystals(); b++) {
            int a0 = batch.atomOffset()[b], n = batch.atomsOf(b), k0 = batch.vectorOffset()[b], kn = batch.vectorOffset()[b + 1] - k0;
            float[][] t = tables(batch, b);
            java.util.stream.IntStream.range(0, kn).parallel().forEach(k -> {
                for (int j = 0; j < n; j++) {
                    float c = t[0][k * n + j], s = t[1][k * n + j];
                    for (int ch = 0; ch < channels; ch++) {
                        float v = x[(a0 + j) * channels + ch];
                        re[(k0 + k) * channels + ch] += v * c;
                        im[(k0 + k) * channels + ch] -= v * s;
                    }
                }
            });
        }
        return new float[][] {re, im};
    }

    @Override
    public float[] backProject(FourierBatch batch, float[] re, float[] im, int channels) {
        float[] u = new float[batch.atoms() * channels];
        for (int b = 0; b < batch.crystals(); b++) {
            int a0 = batch.atomOffset()[b], n = batch.atomsOf(b), k0 = batch.vectorOffset()[b], kn = batch.vectorOffset()[b + 1] - k0;
            float[][] t = tables(batch, b);
            java.util.stream.IntStream.range(0, n).parallel().forEach(j -> {
                for (int k = 0; k < kn; k++) {
                    float c = t[0][k * n + j], s = t[1][k * n + j];
                    for (int ch = 0; ch < channels; ch++) {
                        u[(a0 + j) * channels + ch] += re[(k0 + k) * channels + ch] * c - im[(k0 + k) * channels + ch] * s;
                    }
                }
            });
        }
        return u;
    }

    /** cos and sin of 2π n_k·f_j, K × N each. */
    static float[][] tables(FourierBatch batch, int b) {
        int a0 = batch.atomOffset()[b], n = batch.atomsOf(b), k0 = batch.vectorOffset()[b], kn = batch.vectorOffset()[b + 1] - k0;
        float[] cos = new float[kn * n], sin = new float[kn * n];
        int[] m = batch.miller();
        double[] f = batch.fractional();
        java.util.stream.IntStream.range(0, kn).parallel().forEach(k -> {
            int h = m[3 * (k0 + k)], l = m[3 * (k0 + k) + 1], q = m[3 * (k0 + k) + 2];
            for (int j = 0; j < n; j++) {
                double t = h * f[3 * (a0 + j)] + l * f[3 * (a0 + j) + 1] + q * f[3 * (a0 + j) + 2];
                double theta = 2 * Math.PI * (t - Math.floor(t));
                cos[k * n + j] = (float) Math.cos(theta);
                sin[k * n + j] = (float) Math.sin(theta);
            }
        });
        return new float[][] {cos, sin};
    }
}
