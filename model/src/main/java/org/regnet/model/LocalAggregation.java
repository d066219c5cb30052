package org.regnet.model;

/** How a graph convolution sums its messages (SCIENCE.md §1). */
public enum LocalAggregation {
    /** Archive format 1: the plain mean over an atom's nearest neighbours (jumps when the count changes). */
    MEAN,
    /**
     * Each message (and each bond-angle weight) times a smooth cutoff envelope that reaches zero,
     * with zero slope, at the cutoff, summed and divided by a fixed count n₀ ({@link ModelConfig#neighbourNormalization}):
     * continuous in positions and lattice, and zero for an atom with no neighbour inside the cutoff.
     */
    SMOOTH_SUM
}
