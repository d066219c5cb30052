package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The long-range part (SCIENCE.md §2) in the Ewald form, per crystal and channel c:
 * S_c(n) = Σ_j x_jc e^{-2πi n·f_j}, u_ic = (v₀/V) Σ_{n∈𝒢} W_c(|G_n|) Re[S_c(n) e^{+2πi n·f_i}] with
 * n = 0 included, x_i ← x_i + SiLU(Φ u_i). By Poisson summation u is a band-limited pair
 * convolution over all periodic images, v₀ Σ_j Σ_L w_c(r_i − r_j + L) x_jc: it converges as vacuum
 * grows and does not grow with the number of reciprocal vectors. Only one of each pair ±n is
 * stored (the pair's terms are equal for real x), so their filter carries a factor 2; the n = 0
 * term, W_c(0) Σ_j x_jc, is the same for every atom of a crystal. W_c is a small MLP on a Gaussian
 * basis of |G| times a smooth {@link #envelope} that reaches zero at G_max.
 * <p>Archives of format 1 hold the retired {@link ReciprocalForm#PER_ATOM_MEAN} form, S = (1/N) Σ_j,
 * u = Σ_{n≠0} with no 1/V (optionally enveloped), and load with it.
 * The phase tables cos/sin(2π n·f) are precomputed per batch, padded to (B, K, N_max).
 */
final class ReciprocalBlock extends Layer {
    private final int hidden;
    private final int basis;
    private final boolean ewald;
    private final Linear filterIn;
    private final Linear filterOut;
    private final Linear update;

    ReciprocalBlock(ModelConfig config) {
        this.hidden = config.hidden();
        this.basis = config.reciprocalBasis();
        this.ewald = config.reciprocalForm() == ReciprocalForm.EWALD;
        this.filterIn = addChildBlock("filterIn", Linear.builder().setUnits(hidden).build());
        this.filterOut = addChildBlock("filterOut", Linear.builder().setUnits(hidden).build());
        this.update = addChildBlock("update", Linear.builder().setUnits(hidden).build());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... shapes) {
        init(filterIn, manager, type, basis);
        init(filterOut, manager, type, hidden);
        init(update, manager, type, hidden);
    }

    /** Inputs: x (N, H) followed by the {@link ReciprocalInputs} tensors. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.get(0);
        ReciprocalInputs r = ReciprocalInputs.of(in, 1);
        FusedFourier fused = training || params == null ? null : (FusedFourier) params.get(FusedFourier.KEY);
        NDArray filter = filter(ps, r.basis(), training).mul(r.mask());
        NDArray u = ewald ? ewald(x, filter, filter(ps, r.zeroBasis(), training), r, fused)
                : operator(x, filter.mul(constant(filter, 2)), r, true, fused);  // ×2: the half set stands for ±n
        return new NDList(x.add(silu(apply(update, ps, u, training))));
    }

    /**
     * u of the Ewald form for filters W (B, K, C) on the stored half set (mask and envelope applied)
     * and W(0) (1, C): (v₀/V) [W(0) S(0) + 2 Σ_half W Re(S e^{iθ})]. Exposed so tests can hold it,
     * on the DJL path and through a fused kernel, against a direct double-precision sum over 𝒢.
     */
    static NDArray ewald(NDArray x, NDArray halfFilter, NDArray filterAtZero, ReciprocalInputs r, FusedFourier fused) {
        NDArray weights = halfFilter.mul(constant(halfFilter, 2)).mul(r.prefactor());  // u is linear in the filter: v₀/V goes in here
        return operator(x, weights, r, false, fused).add(zeroTerm(x, filterAtZero, r));
    }

    private static NDArray operator(NDArray x, NDArray weights, ReciprocalInputs r, boolean perAtomMean, FusedFourier fused) {
        return fused != null ? fused.transform(x, weights, perAtomMean) : transform(x, weights, r, perAtomMean);
    }

    /** W_c(|G|) from the Gaussian basis of |G|, (..., R) → (..., C). */
    private NDArray filter(ParameterStore ps, NDArray gBasis, boolean training) {
        return apply(filterOut, ps, silu(apply(filterIn, ps, gBasis, training)), training);
    }

    /** The n = 0 term (v₀/V) W_c(0) Σ_j x_jc, the same for every atom of a crystal, as (N, C). */
    private static NDArray zeroTerm(NDArray x, NDArray filterAtZero, ReciprocalInputs r) {
        long batch = r.cos().getShape().get(0), maxAtoms = r.cos().getShape().get(2);
        NDArray sums = BatchTensors.toPadded(x, r.paddedIndex(), batch, maxAtoms).sum(new int[] {1}, true);  // (B, 1, C)
        NDArray term = sums.mul(filterAtZero.reshape(1, 1, -1)).mul(r.prefactor());
        return BatchTensors.fromPadded(term.broadcast(new Shape(batch, maxAtoms, x.getShape().get(1))), r.flatIndex());
    }

    /**
     * 1 for |G| ≤ ¾ G_max, then ½(1 + cos(π t)) with t = (|G| − ¾ G_max) / (¼ G_max), 0 at G_max
     * with zero slope. Without it a vector entering 𝒢 under strain adds a term of full weight
     * W_c(G_max) at once: the bundled mp36k's formation energy of diamond Si jumps by 0.26 eV/atom
     * between a = 5.440 and 5.450 Å, where the {111} vectors cross G_max = 2 Å⁻¹.
     */
    static NDArray envelope(NDArray gNorm, double gmax) {
        NDArray t = gNorm.sub(constant(gNorm, 0.75 * gmax)).div(constant(gNorm, 0.25 * gmax)).clip(0, 1);
        return t.mul(constant(t, Math.PI)).cos().add(constant(t, 1)).mul(constant(t, 0.5));
    }

    /**
     * The bare operator u = Re[F^H (W ⊙ F x)] with F_nj = e^{-2πi n·f_j} (divided by N in the retired
     * form, {@code perAtomMean}), for filters W (B, K, C) over the stored half set: exposed so tests
     * can hold it against a direct double-precision sum.
     */
    static NDArray transform(NDArray x, NDArray filter, ReciprocalInputs r, boolean perAtomMean) {
        NDArray padded = BatchTensors.toPadded(x, r.paddedIndex(), r.cos().getShape().get(0), r.cos().getShape().get(2));
        NDArray real = r.cos().matMul(padded);                                 // Re S
        NDArray imag = r.sin().matMul(padded).neg();                           // Im S
        if (perAtomMean) {
            real = real.mul(r.inverseCount());
            imag = imag.mul(r.inverseCount());
        }
        NDArray u = r.cos().transpose(0, 2, 1).matMul(filter.mul(real))
                .sub(r.sin().transpose(0, 2, 1).matMul(filter.mul(imag)));
        return BatchTensors.fromPadded(u, r.flatIndex());
    }

    /**
     * Inference through a {@link FourierKernel} (fused, memory O(N + |𝒢|)) instead of the padded
     * phase tables: T = W ⊙ F x, u = Re[F^H T], with the same filters (and S / N in the retired
     * form). Passed to the blocks as a forward parameter; never used in training (the kernels have no autograd).
     *
     * @param rows the flat row of each atom in crystal order ({@link BatchTensors#rows}): the
     *             kernels take each crystal's atoms contiguously
     */
    record FusedFourier(org.regnet.kernels.FourierKernel kernel, org.regnet.kernels.FourierBatch batch, int[] rows) {
        static final String KEY = "fusedFourier";

        NDArray transform(NDArray x, NDArray paddedFilter, boolean perAtomMean) {
            int channels = (int) x.getShape().get(1);
            long maxK = paddedFilter.getShape().get(1);
            float[] byRow = x.toFloatArray(), byCrystal = new float[byRow.length];
            for (int a = 0; a < rows.length; a++) System.arraycopy(byRow, rows[a] * channels, byCrystal, a * channels, channels);
            float[][] s = kernel.structureFactor(batch, byCrystal, channels);
            float[] w = paddedFilter.toFloatArray();
            for (int b = 0; b < batch.crystals(); b++) {
                int k0 = batch.vectorOffset()[b];
                for (int k = 0; k < batch.vectorOffset()[b + 1] - k0; k++) {
                    int from = (int) ((b * maxK + k) * channels), to = (k0 + k) * channels;
                    for (int c = 0; c < channels; c++) {
                        if (perAtomMean) {  // the division of the retired form's S = (1/N) Σ_j, as the old kernels did it
                            s[0][to + c] /= batch.atomsOf(b);
                            s[1][to + c] /= batch.atomsOf(b);
                        }
                        s[0][to + c] *= w[from + c];
                        s[1][to + c] *= w[from + c];
                    }
                }
            }
            float[] u = kernel.backProject(batch, s[0], s[1], channels);
            for (int a = 0; a < rows.length; a++) System.arraycopy(u, a * channels, byRow, rows[a] * channels, channels);
            return x.getManager().create(byRow, x.getShape());
        }
    }

    /**
     * The tensors one batch needs for the reciprocal blocks (see {@link BatchTensors}); {@code mask}
     * (B, K, 1) is 0 on padding and 1 on real vectors, or the {@link #envelope} where the model has one;
     * {@code zeroBasis} (1, R) is the Gaussian basis at |G| = 0; {@code prefactor} (B, 1, 1) is v₀/V.
     */
    record ReciprocalInputs(NDArray paddedIndex, NDArray flatIndex, NDArray cos, NDArray sin, NDArray basis,
                            NDArray mask, NDArray inverseCount, NDArray zeroBasis, NDArray prefactor) {
        static ReciprocalInputs of(NDList list, int from) {
            return new ReciprocalInputs(list.get(from), list.get(from + 1), list.get(from + 2), list.get(from + 3),
                    list.get(from + 4), list.get(from + 5), list.get(from + 6), list.get(from + 7), list.get(from + 8));
        }

        NDList asList() { return new NDList(paddedIndex, flatIndex, cos, sin, basis, mask, inverseCount, zeroBasis, prefactor); }
    }
}
