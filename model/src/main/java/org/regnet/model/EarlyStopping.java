package org.regnet.model;

/**
 * Early stopping on the validation score (lower is better), as DJL's EarlyStoppingListener does it,
 * but as state a checkpoint keeps, so a resumed run stops where an uninterrupted one would: the best
 * epoch, its score, and the epochs since it.
 */
final class EarlyStopping {
    /** A score must beat the best by more than this to count: float noise is no improvement. */
    static final double MIN_IMPROVEMENT = 1e-12;

    private final int patience;
    private int bestEpoch = -1;
    private int stale;
    private double bestScore = Double.POSITIVE_INFINITY;

    /** @param patience epochs without a better score before training stops; 0 never stops */
    EarlyStopping(int patience) {
        if (patience < 0) throw new IllegalArgumentException("patience must be ≥ 0, not " + patience);
        this.patience = patience;
    }

    /**
     * Records (0-based) {@code epoch}'s score.
     *
     * @return true when it is the best so far: the caller keeps this epoch's model
     */
    boolean record(int epoch, double score) {
        if (score < bestScore - MIN_IMPROVEMENT) {
            bestScore = score;
            bestEpoch = epoch;
            stale = 0;
            return true;
        }
        stale++;
        return false;
    }

    /** Whether the patience has run out. */
    boolean exhausted() { return patience > 0 && stale >= patience; }

    /** The best epoch (0-based), or -1 before any. */
    int bestEpoch() { return bestEpoch; }

    double bestScore() { return bestScore; }

    /** Epochs since the best one. */
    int stale() { return stale; }

    /** Continues from a checkpoint's state. */
    void restore(int bestEpoch, int stale, double bestScore) {
        this.bestEpoch = bestEpoch;
        this.stale = stale;
        this.bestScore = bestScore;
    }
}
