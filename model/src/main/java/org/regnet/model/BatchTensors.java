package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.regnet.data.CrystalGraph;

import java.util.List;

/**
 * Packs a batch of crystals into the network's tensors. Atoms are flat (N = all atoms of the
 * batch) and ordered by neighbour count (stable), so that the edges of the atoms with d
 * neighbours form one dense (n_d, d) block: a graph convolution sums its messages per block by a
 * reshape, with no padding and no scatter (see {@link DegreeGroups}). Edges are flat (E = all
 * edges) in the order of their centre atoms. The reciprocal part is padded per crystal to
 * (B, K, N_max), with index arrays moving atom features between the flat and padded layouts by
 * gathers ({@link #gatherRows}: PyTorch's gather has an exact gradient; DJL has no scatter-add).
 * The phases 2π n·f are reduced modulo 1 in double precision before the cosine, so float32
 * tables stay accurate for any Miller index. For a model with angular terms each edge also carries
 * its {@link #ANGULAR} components (the l = 1 and l = 2 harmonics of its direction); other models get
 * an empty (0, 9) tensor in that place.
 */
final class BatchTensors {
    private BatchTensors() {}

    /**
     * Per edge with unit direction r̂: the l = 1 part (x, y, z) and the traceless l = 2 part
     * (x² − 1/3, y² − 1/3, z² − 1/3, √2 xy, √2 xz, √2 yz). For any weights w_j, the squared norms
     * of Σ_j w_j (l = 1 part) and of Σ_j w_j (l = 2 part) are rotation invariants: |Σ w r̂|² and
     * the squared Frobenius norm of the traceless tensor Σ w (r̂ r̂ᵀ − I/3).
     */
    static final int ANGULAR = 9;

    /**
     * The input list of {@link ReGNetNetwork}, by name. {@code inverseDegree} (N, 1) is what an atom's
     * message sum is multiplied by: 1/deg for {@link LocalAggregation#MEAN}, 1/n₀ for the smooth sum,
     * whose {@code edgeWeight} (E, 1) holds each edge's {@link SmoothCutoff} envelope (empty for the mean).
     * {@code prefactor} (B, 1, 1) is v₀/V per crystal in the Ewald form (1 in the retired form).
     */
    record Inputs(NDArray numbers, NDArray weights, NDArray neighborTarget, NDArray distance, NDArray degreeGroups,
                  NDArray inverseDegree, NDArray paddedIndex, NDArray flatIndex, NDArray cos, NDArray sin,
                  NDArray gNorm, NDArray gMask, NDArray inverseCount, NDArray angular, NDArray edgeWeight, NDArray prefactor) {
        static Inputs of(NDList l) {
            return new Inputs(l.get(0), l.get(1), l.get(2), l.get(3), l.get(4), l.get(5), l.get(6), l.get(7),
                    l.get(8), l.get(9), l.get(10), l.get(11), l.get(12), l.get(13), l.get(14), l.get(15));
        }

        NDList list() {
            return new NDList(numbers, weights, neighborTarget, distance, degreeGroups, inverseDegree, paddedIndex,
                    flatIndex, cos, sin, gNorm, gMask, inverseCount, angular, edgeWeight, prefactor);
        }
    }

    /**
     * The flat row of every atom, in crystal order (crystal 0's atoms, then crystal 1's ...):
     * rows sort the atoms by neighbour count, stably.
     */
    static int[] rows(List<CrystalGraph> graphs) {
        int atoms = 0, maxDegree = 0;
        for (CrystalGraph g : graphs) {
            atoms += g.atoms();
            maxDegree = Math.max(maxDegree, g.maxDegree());
        }
        int[] next = new int[maxDegree + 2];
        for (CrystalGraph g : graphs) for (int i = 0; i < g.atoms(); i++) next[degree(g, i) + 1]++;
        for (int d = 1; d < next.length; d++) next[d] += next[d - 1];  // first row of each degree
        int[] rows = new int[atoms];
        int a = 0;
        for (CrystalGraph g : graphs) for (int i = 0; i < g.atoms(); i++) rows[a++] = next[degree(g, i)]++;
        return rows;
    }

    /** A training batch's inputs (with the edges' harmonics when the model has angular terms). */
    static NDList inputs(NDManager m, List<CrystalGraph> graphs, ModelConfig config) {
        int[] rows = rows(graphs);
        return inputs(m, graphs, rows, flatEdges(graphs, rows), config, config.angular(), true);
    }

    /**
     * As above, with the batch's {@link #rows} and {@link #flatEdges} already computed (inference shares them with the kernels);
     * {@code angular}: whether to fill in the edges' harmonics (the fused convolution computes its own);
     * {@code phases}: whether to build the (B, K, N_max) phase tables; a Fourier kernel needs none, and
     * they are what grew as N × |𝒢| (1.3 GB for 10⁴ atoms, an int overflow at 10⁵): without them the
     * tables are (B, 0, N_max), which keeps the batch's shape for the rest.
     */
    static NDList inputs(NDManager m, List<CrystalGraph> graphs, int[] rows, FlatEdges flatEdges, ModelConfig config, boolean angular,
                         boolean phases) {
        int batch = graphs.size();
        int atoms = 0, edges = 0, species = 1, maxAtoms = 1, maxK = 1;
        for (CrystalGraph g : graphs) {
            atoms += g.atoms();
            edges += g.neighborTarget().length;
            species = Math.max(species, g.speciesPerSite());
            maxAtoms = Math.max(maxAtoms, g.atoms());
            maxK = Math.max(maxK, g.reciprocalCount());
        }
        int[] rowDegree = new int[atoms];
        for (int r = 0; r < atoms; r++) rowDegree[r] = flatEdges.start()[r + 1] - flatEdges.start()[r];
        long[] numbers = new long[atoms * species];
        float[] weights = new float[atoms * species];
        long[] target = new long[edges];
        for (int e = 0; e < edges; e++) target[e] = flatEdges.target()[e];
        float[] inverseDegree = new float[atoms];
        long[] padded = new long[batch * maxAtoms];
        long[] flat = new long[atoms];
        int tableK = phases ? maxK : 0;
        float[] cos = new float[Math.multiplyExact(Math.multiplyExact(batch, tableK), maxAtoms)];
        float[] sin = new float[cos.length];
        float[] gNorm = new float[batch * maxK];
        float[] gMask = new float[batch * maxK];
        float[] inverseCount = new float[batch];
        float[] prefactor = new float[batch];
        boolean smooth = config.aggregation() == LocalAggregation.SMOOTH_SUM;
        float neighbourScale = smooth ? (float) (1 / config.neighbourNormalization()) : 0f;
        java.util.Arrays.fill(padded, atoms);  // padding gathers the appended zero row
        int offset = 0;
        for (int b = 0; b < batch; b++) {
            CrystalGraph g = graphs.get(b);
            int n = g.atoms(), s = g.speciesPerSite();
            for (int i = 0; i < n; i++) {
                int r = rows[offset + i];
                for (int k = 0; k < s; k++) {
                    numbers[r * species + k] = g.speciesNumber()[i * s + k];
                    weights[r * species + k] = g.speciesWeight()[i * s + k];
                }
                inverseDegree[r] = smooth ? neighbourScale : rowDegree[r] > 0 ? 1f / rowDegree[r] : 0f;
                padded[b * maxAtoms + i] = r;
                flat[r] = (long) b * maxAtoms + i;
            }
            inverseCount[b] = 1f / n;
            prefactor[b] = config.reciprocalForm() == ReciprocalForm.EWALD ? (float) (config.referenceVolume() / g.volume()) : 1f;
            if (phases) phases(g, b, maxK, maxAtoms, cos, sin);
            for (int k = 0; k < g.reciprocalCount(); k++) {
                gNorm[b * maxK + k] = g.gNorm()[k];
                gMask[b * maxK + k] = 1f;
            }
            offset += n;
        }
        return new Inputs(
                m.create(numbers, new Shape(atoms, species)),
                m.create(weights, new Shape(atoms, species)),
                m.create(target),
                m.create(flatEdges.distance()),
                DegreeGroups.of(rowDegree).toArray(m),
                m.create(inverseDegree, new Shape(atoms, 1)),
                m.create(padded),
                m.create(flat),
                m.create(cos, new Shape(batch, tableK, maxAtoms)),
                m.create(sin, new Shape(batch, tableK, maxAtoms)),
                m.create(gNorm, new Shape(batch, maxK)),
                m.create(gMask, new Shape(batch, maxK, 1)),
                m.create(inverseCount, new Shape(batch, 1, 1)),
                angular ? m.create(angular(flatEdges.direction()), new Shape(edges, ANGULAR))
                        : m.create(new float[0], new Shape(0, ANGULAR)),
                smooth ? m.create(SmoothCutoff.envelopes(flatEdges.distance(), config.cutoff()), new Shape(edges, 1))
                        : m.create(new float[0], new Shape(0, 1)),
                m.create(prefactor, new Shape(batch, 1, 1))).list();
    }

    /** The {@link #ANGULAR} components of each edge, from its unit direction (E×3). */
    static float[] angular(float[] direction) {
        int edges = direction.length / 3;
        float[] out = new float[edges * ANGULAR];
        float third = 1f / 3f, root2 = (float) Math.sqrt(2);
        for (int e = 0; e < edges; e++) {
            float x = direction[3 * e], y = direction[3 * e + 1], z = direction[3 * e + 2];
            int o = e * ANGULAR;
            out[o] = x;
            out[o + 1] = y;
            out[o + 2] = z;
            out[o + 3] = x * x - third;
            out[o + 4] = y * y - third;
            out[o + 5] = z * z - third;
            out[o + 6] = root2 * x * y;
            out[o + 7] = root2 * x * z;
            out[o + 8] = root2 * y * z;
        }
        return out;
    }

    /**
     * The batch's edges in flat-row order: row r's edges are start[r] .. start[r + 1] − 1; target
     * is the neighbour's row; direction holds 3 components per edge.
     */
    record FlatEdges(int[] start, int[] target, float[] distance, float[] direction) {}

    /** The edges of the atoms in the given flat rows ({@link #rows}). */
    static FlatEdges flatEdges(List<CrystalGraph> graphs, int[] rows) {
        int[] start = new int[rows.length + 1];
        int a = 0;
        for (CrystalGraph g : graphs) for (int i = 0; i < g.atoms(); i++) start[rows[a++] + 1] = degree(g, i);
        for (int r = 0; r < rows.length; r++) start[r + 1] += start[r];
        int[] target = new int[start[rows.length]];
        float[] distance = new float[target.length];
        float[] direction = new float[3 * target.length];
        int offset = 0;
        for (CrystalGraph g : graphs) {
            for (int i = 0; i < g.atoms(); i++) {
                int first = start[rows[offset + i]], from = g.neighborStart()[i];
                for (int e = from; e < g.neighborStart()[i + 1]; e++) {
                    target[first + e - from] = rows[offset + g.neighborTarget()[e]];
                    distance[first + e - from] = g.neighborDistance()[e];
                    System.arraycopy(g.neighborDirection(), 3 * e, direction, 3 * (first + e - from), 3);
                }
            }
            offset += g.atoms();
        }
        return new FlatEdges(start, target, distance, direction);
    }

    private static int degree(CrystalGraph g, int i) { return g.neighborStart()[i + 1] - g.neighborStart()[i]; }

    /** The batch as the Fourier kernels see it (ragged: atoms and half-set vectors per crystal). */
    static org.regnet.kernels.FourierBatch fourierBatch(List<CrystalGraph> graphs) {
        int[] atomOffset = new int[graphs.size() + 1], vectorOffset = new int[graphs.size() + 1];
        for (int b = 0; b < graphs.size(); b++) {
            atomOffset[b + 1] = atomOffset[b] + graphs.get(b).atoms();
            vectorOffset[b + 1] = vectorOffset[b] + graphs.get(b).reciprocalCount();
        }
        int[] miller = new int[3 * vectorOffset[graphs.size()]];
        double[] fractional = new double[3 * atomOffset[graphs.size()]];
        for (int b = 0; b < graphs.size(); b++) {
            System.arraycopy(graphs.get(b).miller(), 0, miller, 3 * vectorOffset[b], 3 * graphs.get(b).reciprocalCount());
            System.arraycopy(graphs.get(b).fractional(), 0, fractional, 3 * atomOffset[b], 3 * graphs.get(b).atoms());
        }
        return new org.regnet.kernels.FourierBatch(atomOffset, vectorOffset, miller, fractional);
    }

    private static void phases(CrystalGraph g, int b, int maxK, int maxAtoms, float[] cos, float[] sin) {
        int[] n = g.miller();
        double[] f = g.fractional();
        for (int k = 0; k < g.reciprocalCount(); k++) {
            int base = (b * maxK + k) * maxAtoms;
            for (int j = 0; j < g.atoms(); j++) {
                double t = n[3 * k] * f[3 * j] + n[3 * k + 1] * f[3 * j + 1] + n[3 * k + 2] * f[3 * j + 2];
                double theta = 2 * Math.PI * (t - Math.floor(t));
                cos[base + j] = (float) StrictMath.cos(theta);  // Math's may differ by an ulp once JIT-compiled:
                sin[base + j] = (float) StrictMath.sin(theta);  // training would then depend on compile timing
            }
        }
    }

    /** Flat (N, C) → padded (B, N_max, C); padding rows are zero. */
    static NDArray toPadded(NDArray x, NDArray paddedIndex, long batch, long maxAtoms) {
        long c = x.getShape().get(1);
        NDArray withZero = x.concat(x.getManager().zeros(new Shape(1, c), x.getDataType()), 0);
        return gatherRows(withZero, paddedIndex).reshape(batch, maxAtoms, c);
    }

    /** Padded (B, N_max, C) → flat (N, C). */
    static NDArray fromPadded(NDArray padded, NDArray flatIndex) {
        return gatherRows(padded.reshape(-1, padded.getShape().get(2)), flatIndex);
    }

    /**
     * Rows {@code index} of {@code x}. A gather with a broadcast index, whose gradient PyTorch
     * sums with a deterministic scatter-add; advanced indexing ({@code x.get(index)}) accumulates
     * its gradient with parallel atomic float adds on the CPU (index_put_ with accumulate, above
     * 32,768 elements and one thread), so two identical training runs differed in the last bits.
     */
    static NDArray gatherRows(NDArray x, NDArray index) {
        long rows = index.getShape().get(0), columns = x.getShape().get(1);
        return x.gather(index.reshape(rows, 1).broadcast(new Shape(rows, columns)), 0);
    }
}
