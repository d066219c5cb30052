package org.regnet.kernels;

import java.util.stream.IntStream;

/**
 * The edge sum of the gated graph convolution (SCIENCE.md §1), fused for inference: for each atom i,
 * m_i = (1/deg i) Σ_{edges e of i} sigmoid(z_f) ⊙ softplus(z_c), with z = s_i + t_{j(e)} + W g(d_e),
 * s and t the per-atom terms (N × 2H), g(d) the Gaussian radial basis of the edge length and W the
 * edge weights (2H × R). A tensor library materializes z and each intermediate as an E × 2H array
 * (several passes over memory per layer, E ≈ 12 N); here each edge's 2H values stay in registers
 * and only the N × H result is written. Atoms are split over the common fork-join pool and the
 * calling thread. No autograd: inference only.
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
        int atoms = edgeStart.length - 1, width = 2 * hidden, r = edgeWeight.length / width;
        if (self.length != atoms * width || neighbor.length != atoms * width || edgeWeight.length != width * r
                || basis.length != target.length * r || edgeStart[atoms] != target.length) {
            throw new IllegalArgumentException("gated convolution: array sizes do not match " + atoms + " atoms, "
                    + target.length + " edges, " + hidden + " channels");
        }
        float[] w = new float[r * width];  // (R, 2H): one contiguous row of weights per basis function
        for (int q = 0; q < width; q++) for (int k = 0; k < r; k++) w[k * width + q] = edgeWeight[q * r + k];
        float[] out = new float[atoms * hidden];
        int chunks = (atoms + ATOM_CHUNK - 1) / ATOM_CHUNK;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            for (int i = chunk * ATOM_CHUNK; i < Math.min(atoms, (chunk + 1) * ATOM_CHUNK); i++) {
                int from = edgeStart[i], to = edgeStart[i + 1];
                for (int e = from; e < to; e++) {
                    loops.gatedMessage(self, i * width, neighbor, target[e] * width, basis, e * r, w, r, hidden, out, i * hidden);
                }
                if (to > from) for (int q = 0; q < hidden; q++) out[i * hidden + q] /= to - from;
            }
        });
        return out;
    }
}
