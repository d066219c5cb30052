package org.regnet.kernels;

/**
 * The two operators of the reciprocal block (SCIENCE.md §2) over a ragged batch, for C feature
 * channels, arrays row-major (atom or vector, then channel):
 * <ul>
 *   <li>structure factor S = F x: S(n)_c = Σ_j x_jc e^{-2πi n·f_j}, returned as (re, im);</li>
 *   <li>back-projection u = Re[F^H T]: u_ic = Σ_n Re[T_c(n) e^{+2πi n·f_i}] for a complex field T
 *       (T = W ⊙ S in the model).</li>
 * </ul>
 * The operators are the bare Fourier sums: any normalization (the Ewald form's v₀/V, or the retired
 * form's 1/N) is the caller's. Both are linear, and each is the other's adjoint, which is what a
 * gradient needs. Implementations are thread-safe.
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

    /** Adjoint of {@link #structureFactor}: dL/dx from dL/dS, the back-projection of the gradient. */
    default float[] structureFactorAdjoint(FourierBatch batch, float[] gradRe, float[] gradIm, int channels) {
        // S_re = Σ x cos θ and S_im = -Σ x sin θ, so dL/dx_j = Σ_n (g_re cos θ - g_im sin θ)
        return backProject(batch, gradRe, gradIm, channels);
    }

    /** Adjoint of {@link #backProject}: dL/dT from dL/du, the structure factor of the gradient. */
    default float[][] backProjectAdjoint(FourierBatch batch, float[] gradU, int channels) {
        // u = Σ (T_re cos θ - T_im sin θ): dL/dT_re = Σ_i g cos θ = S_re(g), dL/dT_im = -Σ_i g sin θ = S_im(g)
        return structureFactor(batch, gradU, channels);
    }

    /** dL/dW for T = W ⊙ S (W real): dL/dW = dL/dT_re ⊙ S_re + dL/dT_im ⊙ S_im. */
    static float[] filterGradient(float[][] gradT, float[][] s) {
        float[] g = new float[s[0].length];
        for (int i = 0; i < g.length; i++) g[i] = gradT[0][i] * s[0][i] + gradT[1][i] * s[1][i];
        return g;
    }
}
