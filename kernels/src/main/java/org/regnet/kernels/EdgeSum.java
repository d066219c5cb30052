package org.regnet.kernels;

/**
 * How the fused convolution combines the terms of an atom's edges: out_i = a_i Σ_e w_e term_e.
 * {@link #MEAN}: w = 1, a_i = 1/deg i (0 without edges). A smooth sum: w_e the cutoff envelope of
 * edge e, a_i one fixed normalization.
 *
 * @param edgeWeight w per edge, or null for 1
 * @param atomScale  a per atom, or null for 1/deg
 */
public record EdgeSum(float[] edgeWeight, float[] atomScale) {
    public static final EdgeSum MEAN = new EdgeSum(null, null);

    /** Σ_e w_e term_e, all atoms scaled by the same {@code scale}. */
    public static EdgeSum weighted(float[] edgeWeight, int atoms, float scale) {
        float[] a = new float[atoms];
        java.util.Arrays.fill(a, scale);
        return new EdgeSum(edgeWeight, a);
    }
}
