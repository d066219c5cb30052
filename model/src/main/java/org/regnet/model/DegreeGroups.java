package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Atoms sorted by neighbour count, as runs: {@code count[g]} atoms with {@code degree[g]}
 * neighbours each. Their edges, in the same order, form one dense (count, degree) block per run,
 * so moving features between atoms and edges needs no padding, no mask and no scatter: a
 * broadcast per run (atom → its edges) and a reshape-and-sum per run (edges → atom). Both have
 * cheap, vectorized gradients on a CPU, unlike PyTorch's index-accumulate.
 */
record DegreeGroups(long[] degree, long[] count) {

    /** Runs of equal values in {@code sortedDegrees} (one per atom, non-decreasing). */
    static DegreeGroups of(int[] sortedDegrees) {
        List<long[]> runs = new ArrayList<>();
        for (int d : sortedDegrees) {
            if (runs.isEmpty() || runs.get(runs.size() - 1)[0] != d) runs.add(new long[] {d, 0});
            runs.get(runs.size() - 1)[1]++;
        }
        long[] degree = new long[runs.size()], count = new long[runs.size()];
        for (int g = 0; g < runs.size(); g++) {
            degree[g] = runs.get(g)[0];
            count[g] = runs.get(g)[1];
        }
        return new DegreeGroups(degree, count);
    }

    /** As a (G, 2) int64 tensor, so that it travels in the network's input list. */
    NDArray toArray(NDManager m) {
        long[] pairs = new long[2 * degree.length];
        for (int g = 0; g < degree.length; g++) {
            pairs[2 * g] = degree[g];
            pairs[2 * g + 1] = count[g];
        }
        return m.create(pairs, new Shape(degree.length, 2));
    }

    static DegreeGroups from(NDArray pairs) {
        long[] p = pairs.toLongArray();
        long[] degree = new long[p.length / 2], count = new long[p.length / 2];
        for (int g = 0; g < degree.length; g++) {
            degree[g] = p[2 * g];
            count[g] = p[2 * g + 1];
        }
        return new DegreeGroups(degree, count);
    }

    /** Atom rows (N, C) → each atom's row once per edge (E, C). */
    NDArray perEdge(NDArray atoms) {
        NDList parts = split(atoms, count);
        NDList out = new NDList();
        long channels = atoms.getShape().get(1);
        for (int g = 0; g < degree.length; g++) {
            // a broadcast view copied once by the reshape: its gradient is a plain sum, where
            // repeat (an index_select) would accumulate row by row
            if (degree[g] > 0) {
                out.add(parts.get(g).expandDims(1).broadcast(new Shape(count[g], degree[g], channels))
                        .reshape(count[g] * degree[g], channels));
            }
        }
        return concat(out, atoms, channels);
    }

    /** Edge rows (E, C) → per atom, the sum over its edges (N, C); atoms without edges get zeros. */
    NDArray sumPerAtom(NDArray edges) {
        NDList parts = split(edges, edgesPerGroup());
        long channels = edges.getShape().get(1);
        NDList out = new NDList();
        for (int g = 0; g < degree.length; g++) {
            out.add(degree[g] == 0
                    ? edges.getManager().zeros(new Shape(count[g], channels), edges.getDataType())
                    : parts.get(g).reshape(count[g], degree[g], channels).sum(new int[] {1}));
        }
        return concat(out, edges, channels);
    }

    /**
     * Per atom, Σ over its edges of the outer product of two edge rows: y (E, K) and w (E, C) →
     * (N, K, C), one batched matrix product per run, so the E × K × C products are never stored
     * (nor their gradient).
     */
    NDArray contractPerAtom(NDArray y, NDArray w) {
        long[] edgesPerGroup = edgesPerGroup();
        NDList ys = split(y, edgesPerGroup), ws = split(w, edgesPerGroup);
        long k = y.getShape().get(1), channels = w.getShape().get(1);
        NDList out = new NDList();
        for (int g = 0; g < degree.length; g++) {
            out.add(degree[g] == 0
                    ? w.getManager().zeros(new Shape(count[g], k, channels), w.getDataType())
                    : ys.get(g).reshape(count[g], degree[g], k).transpose(0, 2, 1)
                            .matMul(ws.get(g).reshape(count[g], degree[g], channels)));
        }
        return concat(out, w, k, channels);
    }

    private long[] edgesPerGroup() {
        long[] edges = new long[degree.length];
        for (int g = 0; g < degree.length; g++) edges[g] = degree[g] * count[g];
        return edges;
    }

    /** Consecutive row blocks of the given sizes (empty blocks included, as empty entries). */
    private static NDList split(NDArray x, long[] sizes) {
        if (sizes.length == 1) return new NDList(x);
        long[] points = new long[sizes.length - 1];  // split positions, as in numpy
        for (int g = 0; g < points.length; g++) points[g] = (g == 0 ? 0 : points[g - 1]) + sizes[g];
        return x.split(points, 0);
    }

    /** The parts stacked along axis 0; no parts (no atoms) give an empty array of rows of the given shape. */
    private static NDArray concat(NDList parts, NDArray like, long... row) {
        if (parts.isEmpty()) return like.getManager().zeros(new Shape(0).addAll(new Shape(row)), like.getDataType());
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }
}
