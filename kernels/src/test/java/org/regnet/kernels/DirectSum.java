package org.regnet.kernels;

/** The operators of SCIENCE.md §2 summed directly in double precision: the reference for parity. */
final class DirectSum {
    private DirectSum() {}

    static double[][] structureFactor(FourierBatch batch, float[] x, int channels) {
        double[] re = new double[batch.vectors() * channels], im = new double[re.length];
        for (int b = 0; b < batch.crystals(); b++) {
            for (int k = batch.vectorOffset()[b]; k < batch.vectorOffset()[b + 1]; k++) {
                for (int j = batch.atomOffset()[b]; j < batch.atomOffset()[b + 1]; j++) {
                    double theta = 2 * Math.PI * dot(batch, k, j);
                    for (int c = 0; c < channels; c++) {
                        re[k * channels + c] += x[j * channels + c] * Math.cos(theta);
                        im[k * channels + c] -= x[j * channels + c] * Math.sin(theta);
                    }
                }
            }
        }
        return new double[][] {re, im};
    }

    static double[] backProject(FourierBatch batch, float[] re, float[] im, int channels) {
        double[] u = new double[batch.atoms() * channels];
        for (int b = 0; b < batch.crystals(); b++) {
            for (int k = batch.vectorOffset()[b]; k < batch.vectorOffset()[b + 1]; k++) {
                for (int i = batch.atomOffset()[b]; i < batch.atomOffset()[b + 1]; i++) {
                    double theta = 2 * Math.PI * dot(batch, k, i);
                    for (int c = 0; c < channels; c++) {
                        u[i * channels + c] += re[k * channels + c] * Math.cos(theta) - im[k * channels + c] * Math.sin(theta);
                    }
                }
            }
        }
        return u;
    }

    private static double dot(FourierBatch batch, int k, int j) {
        int[] m = batch.miller();
        double[] f = batch.fractional();
        return m[3 * k] * f[3 * j] + m[3 * k + 1] * f[3 * j + 1] + m[3 * k + 2] * f[3 * j + 2];
    }

    /** max |a - b| / max |b|: error relative to the field's scale. */
    static double relativeError(float[] a, double[] b) {
        double err = 0, scale = 0;
        for (int i = 0; i < b.length; i++) {
            err = Math.max(err, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return scale == 0 ? err : err / scale;
    }
}
