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
 * The long-range part (SCIENCE.md §2), per crystal and channel c:
 * S_c(n) = (1/N) Σ_j x_jc e^{-2πi n·f_j}, u_ic = Σ_n W_c(|G_n|) Re[S_c(n) e^{+2πi n·f_i}],
 * x_i ← x_i + SiLU(Φ u_i). Only one of each pair ±n is stored (the pair's terms are equal for
 * real x), so the filter carries a factor 2. W_c is a small MLP on a Gaussian basis of |G|,
 * optionally times a smooth {@link #envelope} that reaches zero at G_max.
 * The phase tables cos/sin(2π n·f) are precomputed per batch, padded to (B, K, N_max).
 */
final class ReciprocalBlock extends Layer {
    private final int hidden;
    private final int basis;
    private final Linear filterIn;
    private final Linear filterOut;
    private final Linear update;

    ReciprocalBlock(ModelConfig config) {
        this.hidden = config.hidden();
        this.basis = config.reciprocalBasis();
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
        NDArray filter = apply(filterOut, ps, silu(apply(filterIn, ps, r.basis(), training)), training);
        FusedFourier fused = training || params == null ? null : (FusedFourier) params.get(FusedFourier.KEY);
        NDArray weights = filter.mul(r.mask()).mul(2f);  // ×2: the half set stands for ±n
        NDArray u = fused != null ? fused.transform(x, weights) : transform(x, weights, r);
        return new NDList(x.add(silu(apply(update, ps, u, training))));
    }

    /**
     * 1 for |G| ≤ ¾ G_max, then ½(1 + cos(π t)) with t = (|G| − ¾ G_max) / (¼ G_max), 0 at G_max
     * with zero slope. Without it a vector entering 𝒢 under strain adds a term of full weight
     * W_c(G_max) at once: the bundled mp36k's formation energy of diamond Si jumps by 0.26 eV/atom
     * between a = 5.440 and 5.450 Å, where the {111} vectors cross G_max = 2 Å⁻¹.
     */
    static NDArray envelope(NDArray gNorm, double gmax) {
        return gNorm.sub(0.75 * gmax).div(0.25 * gmax).clip(0, 1).mul(Math.PI).cos().add(1).mul(0.5);
    }

    /**
     * The bare operator u = Re[F^H (W ⊙ F x)] with F_nj = e^{-2πi n·f_j} / N, for filters W (B, K, C):
     * exposed so tests can hold it against a direct double-precision sum.
     */
    static NDArray transform(NDArray x, NDArray filter, ReciprocalInputs r) {
        NDArray padded = BatchTensors.toPadded(x, r.paddedIndex(), r.cos().getShape().get(0), r.cos().getShape().get(2));
        NDArray real = r.cos().matMul(padded).mul(r.inverseCount());           // Re S · N/N
        NDArray imag = r.sin().matMul(padded).mul(r.inverseCount()).neg();     // Im S
        NDArray u = r.cos().transpose(0, 2, 1).matMul(filter.mul(real))
                .sub(r.sin().transpose(0, 2, 1).matMul(filter.mul(imag)));
        return BatchTensors.fromPadded(u, r.flatIndex());
    }

    /**
     * Inference through a {@link FourierKernel} (fused, memory O(N + |𝒢|)) instead of the padded
     * phase tables: T = W ⊙ F x, u = Re[F^H T] N, with the same filters. Passed to the blocks as a
     * forward parameter; never used in training (the kernels have no autograd).
     *
     * @param rows the flat row of each atom in crystal order ({@link BatchTensors#rows}): the
     *             kernels take each crystal's atoms contiguously
     */
    record FusedFourier(org.regnet.kernels.FourierKernel kernel, org.regnet.kernels.FourierBatch batch, int[] rows) {
        static final String KEY = "fusedFourier";

        NDArray transform(NDArray x, NDArray paddedFilter) {
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
     * (B, K, 1) is 0 on padding and 1 on real vectors, or the {@link #envelope} where the model has one.
     */
    record ReciprocalInputs(NDArray paddedIndex, NDArray flatIndex, NDArray cos, NDArray sin, NDArray basis,
                            NDArray mask, NDArray inverseCount) {
        static final int SIZE = 7;

        static ReciprocalInputs of(NDList list, int from) {
            return new ReciprocalInputs(list.get(from), list.get(from + 1), list.get(from + 2), list.get(from + 3),
                    list.get(from + 4), list.get(from + 5), list.get(from + 6));
        }

        NDList asList() { return new NDList(paddedIndex, flatIndex, cos, sin, basis, mask, inverseCount); }
    }
}
