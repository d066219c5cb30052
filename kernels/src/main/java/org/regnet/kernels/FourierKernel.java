package org.regnet.kernels;

/**
 * The two operators of the reciprocal block (SCIENCE.md §2) over a ragged batch, for C feature
 * channels, arrays row-major (atom or vector, then channel):
 * <ul>
 *   <li>structure factor S = F x: S(n)_c = (1/N) Σ_j x_jc e^{-2πi n·f_j}, returned as (re, im);</li>
 *   <li>back-projection u = Re[F^H T]·N: u_ic = Σ_n Re[T_c(n) e^{+2πi n·f_i}] for a complex field T
 *       (T = W ⊙ S in the model).</li>
 * </ul>
 * Both are linear; the default methods give what a gradient needs from the same two kernels.
 * Implementations are thread-safe.
 */
public interface FourierKernel {

    /** Short name for logs: "cpu", "cuda". */
    String name();

    /** The name and how this backend runs, for the selection log line. */
    default String description() { return name(); }

    /** @return {re, im}, each vectors × channels */
    float[][] structureFactor(FourierBatch batch, float[] x, int channels);

    /** @return atoms × channels */
    float[] backProject(FourierBatch batch, float[] re, float[] im, int channels);

    /** Adjoint of {@link #structureFactor}: dL/dx from dL/dS (= back-projection scaled by 1/N per crystal). */
    default float[] structureFactorAdjoint(FourierBatch batch, float[] gradRe, float[] gradIm, int channels) {
        // S_re = (1/N) Σ x cos θ and S_im = -(1/N) Σ x sin θ, so dL/dx_j = (1/N) Σ_n (g_re cos θ - g_im sin θ)
        float[] u = backProject(batch, gradRe, gradIm, channels);
        scalePerCrystal(batch, u, channels, true, false);
        return u;
    }

    /** Adjoint of {@link #backProject}: dL/dT from dL/du (= structure factor scaled by N per crystal). */
    default float[][] backProjectAdjoint(FourierBatch batch, float[] gradU, int channels) {
        // u = Σ (T_re cos θ - T_im sin θ): dL/dT_re = Σ_i g cos θ = N S_re(g), dL/dT_im = -Σ_i g sin θ = N S_im(g)
        float[][] s = structureFactor(batch, gradU, channels);
        scalePerCrystal(batch, s[0], channels, false, true);
        scalePerCrystal(batch, s[1], channels, false, true);
        return s;
    }

    /** dL/dW for T = W ⊙ S (W real): dL/dW = dL/dT_re ⊙ S_re + dL/dT_im ⊙ S_im. */
    static float[] filterGradient(float[][] gradT, float[][] s) {
        float[] g = new float[s[0].length];
        for (int i = 0; i < g.length; i++) g[i] = gradT[0][i] * s[0][i] + gradT[1][i] * s[1][i];
        return g;
    }

    private static void scalePerCrystal(FourierBatch batch, float[] a, int channels, boolean perAtomDivide, boolean perVectorMultiply) {
        for (int b = 0; b < batch.crystals(); b++) {
            int n = batch.atomsOf(b);
            if (perAtomDivide) {
                for (int i = batch.atomOffset()[b] * channels; i < batch.atomOffset()[b + 1] * channels; i++) a[i] /= n;
            }
            if (perVectorMultiply) {
                for (int i = batch.vectorOffset()[b] * channels; i < batch.vectorOffset()[b + 1] * channels; i++) a[i] *= n;
            }
        }
    }
}
