package org.regnet.kernels;

import java.util.stream.IntStream;

/**
 * The edge sum of the gated graph convolution (SCIENCE.md §1), fused for inference: for each atom i,
 * m_i = (1/deg i) Σ_{edges e of i} sigmoid(z_f) ⊙ softplus(z_c) (or another {@link EdgeSum}), with z = s_i + t_{j(e)} + W g(d_e),
 * s and t the per-atom terms (N × 2H), g(d) the Gaussian radial basis of the edge length and W the
 * edge weights (2H × R). A tensor library materializes z and each intermediate as an E × 2H array
 * (several passes over memory per layer, E ≈ 12 N); here each edge's 2H values stay in registers
 * and only the N × H result is written. Atoms are split over the common fork-join pool and the
 * calling thread. No autograd: inference only. The same fusion computes the angular moments of
 * the convolution's bond-angle terms ({@link #meanAngularMoments}).
 */
public final class GatedConvolution {
    /**
     * Largest exponent of the radial basis: e^-60 ≈ 9e-27 is still a normal float. Without the
     * limit the far tails are subnormal, and every product with a subnormal takes a slow microcode
     * path on x86 (measured: 2-3× slower edge sums, here and in PyTorch's matrix products).
     */
    public static final float GAUSSIAN_EXPONENT_LIMIT = 60f;
    private static final int ATOM_CHUNK = 64;
    private final KernelLoops loops;

    GatedConvolution(KernelLoops loops) { this.loops = loops; }

    /** On the Vector API when the JVM has it, else on scalar loops (see {@link #simd()}). */
    public static GatedConvolution best() { return new GatedConvolution(KernelLoops.best()); }

    /** True when the SIMD loops run; the scalar fallback is slower than a tensor library's path. */
    public boolean simd() { return loops instanceof VectorKernelLoops; }

    public String description() { return "fused gated convolution (" + loops.description() + ")"; }

    /**
     * The radial basis of each edge length, (E, count) row-major: exp(-min(((d - μ_k)/σ)², {@value #GAUSSIAN_EXPONENT_LIMIT}))
     * with μ_k evenly spaced over [0, max] and σ their spacing.
     */
    public float[] radialBasis(float[] distance, int count, double max) {
        double step = max / Math.max(1, count - 1);
        float[] centers = new float[count];
        for (int k = 0; k < count; k++) centers[k] = (float) (k * step);
        float[] out = new float[distance.length * count];
        float inverseWidth = (float) (1 / step);
        for (int e = 0; e < distance.length; e++) loops.gaussians(distance[e], centers, inverseWidth, out, e * count);
        return out;
    }

    /**
     * The mean gated message of every atom, (N, H) row-major.
     *
     * @param self       s, (N, 2H): gate channels first, then core channels
     * @param neighbor   t, (N, 2H), indexed by each edge's neighbour
     * @param edgeStart  atom i's edges are edgeStart[i] .. edgeStart[i + 1] − 1 (N + 1 entries)
     * @param target     the neighbour atom of each edge (E)
     * @param basis      {@link #radialBasis} of the edge lengths, (E, R)
     * @param edgeWeight W as a dense layer stores it, (2H, R) row-major
     */
    public float[] meanMessages(float[] self, float[] neighbor, int[] edgeStart, int[] target, float[] basis,
                                float[] edgeWeight, int hidden) {
        return messages(self, neighbor, edgeStart, target, basis, edgeWeight, hidden, EdgeSum.MEAN);
    }

    /** As {@link #meanMessages}, the edges' messages combined by {@code sum} instead of the mean. */
    public float[] messages(float[] self, float[] neighbor, int[] edgeStart, int[] target, float[] basis,
                            float[] edgeWeight, int hidden, EdgeSum sum) {
        int atoms = edgeStart.length - 1, width = 2 * hidden, r = edgeWeight.length / width;
        if (self.length != atoms * width || neighbor.length != atoms * width || edgeWeight.length != width * r
                || basis.length != target.length * r || edgeStart[atoms] != target.length) {
            throw new IllegalArgumentException("gated convolution: array sizes do not match " + atoms + " atoms, "
                    + target.length + " edges, " + hidden + " channels");
        }
        float[] w = transposed(edgeWeight, width, r);  // (R, 2H): one contiguous row of weights per basis function
        return overEdges(edgeStart, hidden, sum,
                (i, e, out, o) -> loops.gatedMessage(self, i * width, neighbor, target[e] * width, basis, e * r, w, r, hidden, out, o));
    }

    /**
     * The mean angular moments of every atom, (N, K, H) row-major: the edge weights
     * v_e = a_{j(e)} ⊙ B g(d_e) summed against the K components of each edge's harmonics Y_e,
     * (1/deg i) Σ_{edges e of i} Y_e ⊗ v_e. Per edge the H weights stay in registers; no E × H
     * or E × K × H array is written.
     *
     * @param neighbor     a, (N, H), indexed by each edge's neighbour
     * @param edgeStart    atom i's edges are edgeStart[i] .. edgeStart[i + 1] − 1 (N + 1 entries)
     * @param target       the neighbour atom of each edge (E)
     * @param basis        {@link #radialBasis} of the edge lengths, (E, R)
     * @param radialWeight B as a dense layer stores it, (H, R) row-major
     * @param harmonics    Y, (E, K) row-major
     */
    public float[] meanAngularMoments(float[] neighbor, int[] edgeStart, int[] target, float[] basis, float[] radialWeight,
                                      float[] harmonics, int hidden) {
        return angularMoments(neighbor, edgeStart, target, basis, radialWeight, harmonics, hidden, EdgeSum.MEAN);
    }

    /** As {@link #meanAngularMoments}, the edges' terms combined by {@code sum} instead of the mean. */
    public float[] angularMoments(float[] neighbor, int[] edgeStart, int[] target, float[] basis, float[] radialWeight,
                                  float[] harmonics, int hidden, EdgeSum sum) {
        int atoms = edgeStart.length - 1, edges = target.length, r = radialWeight.length / hidden;
        int k = edges == 0 ? 0 : harmonics.length / edges;
        if (neighbor.length != atoms * hidden || radialWeight.length != hidden * r || basis.length != edges * r
                || harmonics.length != edges * k || edgeStart[atoms] != edges) {
            throw new IllegalArgumentException("angular moments: array sizes do not match " + atoms + " atoms, "
                    + edges + " edges, " + hidden + " channels");
        }
        float[] w = transposed(radialWeight, hidden, r);  // (R, H)
        return overEdges(edgeStart, k * hidden, sum,
                (i, e, out, o) -> loops.angularMoments(neighbor, target[e] * hidden, basis, e * r, w, r, harmonics, e * k, k, hidden, out, o));
    }

    /** What one edge e of atom i adds to the atom's output row, which starts at out[o]. */
    @FunctionalInterface
    private interface EdgeTerm {
        void add(int atom, int edge, float[] out, int o);
    }

    /**
     * Per atom, its edges' terms combined by {@code sum} (rows of the given width; zeros for atoms
     * without edges), atoms in parallel. A weighted edge's term goes through a scratch row first.
     */
    private static float[] overEdges(int[] edgeStart, int width, EdgeSum sum, EdgeTerm term) {
        int atoms = edgeStart.length - 1;
        float[] w = sum.edgeWeight(), scale = sum.atomScale();
        if ((w != null && w.length != edgeStart[atoms]) || (scale != null && scale.length != atoms)) {
            throw new IllegalArgumentException("edge weights or atom scales do not match " + atoms + " atoms, " + edgeStart[atoms] + " edges");
        }
        float[] out = new float[atoms * width];
        int chunks = (atoms + ATOM_CHUNK - 1) / ATOM_CHUNK;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            float[] scratch = w == null ? null : new float[width];
            for (int i = chunk * ATOM_CHUNK; i < Math.min(atoms, (chunk + 1) * ATOM_CHUNK); i++) {
                int from = edgeStart[i], to = edgeStart[i + 1];
                for (int e = from; e < to; e++) {
                    if (w == null) {
                        term.add(i, e, out, i * width);
                    } else if (w[e] != 0f) {
                        java.util.Arrays.fill(scratch, 0f);
                        term.add(i, e, scratch, 0);
                        for (int q = 0; q < width; q++) out[i * width + q] += w[e] * scratch[q];
                    }
                }
                if (scale != null) {
                    for (int q = 0; q < width; q++) out[i * width + q] *= scale[i];
                } else if (to > from) {
                    for (int q = 0; q < width; q++) out[i * width + q] /= to - from;
                }
            }
        });
        return out;
    }

    /** A (rows, cols) row-major matrix as (cols, rows). */
    private static float[] transposed(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int q = 0; q < rows; q++) for (int k = 0; k < cols; k++) t[k * rows + q] = m[q * cols + k];
        return t;
    }
}
