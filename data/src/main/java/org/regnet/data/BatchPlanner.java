package org.regnet.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups crystals of similar size into batches, so padded per-crystal tensors (the reciprocal
 * block works on (batch, K, N_max)) waste little. A batch closes at {@code batchSize} crystals or
 * when its padded atom count would pass {@code maxAtoms}.
 */
public final class BatchPlanner {
    /** Sorting happens within pools of this many batches, keeping epochs well shuffled. */
    private static final int POOL_BATCHES = 32;
    private final int batchSize;
    private final int maxAtoms;

    public BatchPlanner(int batchSize, int maxAtoms) {
        if (batchSize < 1 || maxAtoms < 1) throw new IllegalArgumentException("batch size and atom budget must be positive");
        this.batchSize = batchSize;
        this.maxAtoms = maxAtoms;
    }

    /** Training order: a seeded shuffle, size-sorted within pools, batches in shuffled order. */
    public List<int[]> shuffled(int[] rows, List<CrystalGraph> graphs, Random random) {
        List<Integer> order = boxed(rows);
        Collections.shuffle(order, random);
        List<int[]> batches = new ArrayList<>();
        int pool = POOL_BATCHES * batchSize;
        for (int from = 0; from < order.size(); from += pool) {
            List<Integer> chunk = new ArrayList<>(order.subList(from, Math.min(order.size(), from + pool)));
            chunk.sort(Comparator.comparingInt(r -> graphs.get(r).atoms()));
            batches.addAll(cut(chunk, graphs));
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Evaluation order: sorted by size, deterministic. */
    public List<int[]> sorted(int[] rows, List<CrystalGraph> graphs) {
        List<Integer> order = boxed(rows);
        order.sort(Comparator.<Integer>comparingInt(r -> graphs.get(r).atoms()).thenComparingInt(r -> r));
        return cut(order, graphs);
    }

    private static List<Integer> boxed(int[] rows) {
        List<Integer> out = new ArrayList<>(rows.length);
        for (int r : rows) out.add(r);
        return out;
    }

    private List<int[]> cut(List<Integer> sortedRows, List<CrystalGraph> graphs) {
        List<int[]> batches = new ArrayList<>();
        int[] current = new int[batchSize];
        int size = 0, largest = 0;
        for (int r : sortedRows) {
            int atoms = graphs.get(r).atoms();
            int padded = Math.max(largest, atoms) * (size + 1);
            if (size > 0 && (size == batchSize || padded > maxAtoms)) {
                batches.add(Arrays.copyOf(current, size));
                size = 0;
                largest = 0;
            }
            current[size++] = r;
            largest = Math.max(largest, atoms);
        }
        if (size > 0) batches.add(Arrays.copyOf(current, size));
        return batches;
    }
}
