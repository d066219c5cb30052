package org.regnet.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells a diverged epoch from a noisy one, so that a run gone wrong says so at once instead of
 * training on for tens of epochs. The measure is the epoch's training score (the mean over tasks
 * of the training MAE in standard deviations): in 469 epoch-to-epoch steps of our runs (mp36k,
 * Matbench) it never rose by more than 6 %, while a run whose gradients exploded (gradient norm
 * from 3 to 600 within 50 batches, issue 20) rose by 92 % in that epoch. The check only warns: the
 * archive already keeps the best validated epoch, and rerunning the epoch at a lower learning
 * rate only postponed that explosion (benchmarks/training/mp36k-distilled/README.md).
 *
 * <p>It compares neighbouring epochs of one process; the first epoch after a resume has nothing
 * to be compared with. Epochs of fewer than {@link #MIN_BATCHES} batches are not judged: on a
 * handful of crystals the training error moves by more than {@link #RISE} from noise alone.
 */
final class DivergenceCheck {
    /** An epoch whose training score rises past this factor of the previous epoch's has diverged. */
    static final double RISE = 1.25;
    /** Epochs of fewer batches are too noisy to judge. */
    static final int MIN_BATCHES = 20;

    private double previous = Double.NaN;

    /**
     * Records epoch {@code epoch}'s training score and returns the warning when it diverged.
     *
     * @param epoch      1-based
     * @param trainScore mean over tasks of the training MAE in standard deviations
     * @param batches    the epoch's batches
     * @param bestEpoch  1-based epoch the archive holds, or 0 when none yet
     */
    Optional<String> check(int epoch, double trainScore, int batches, int bestEpoch) {
        double before = previous;
        previous = trainScore;
        if (batches < MIN_BATCHES || !(trainScore > RISE * before)) return Optional.empty();  // false for NaN: the first epoch, or the first after a resume
        return Optional.of(String.format(Locale.ROOT, "warning: training diverged in epoch %d: its training error rose %.0f %% over "
                        + "epoch %d's (%.4g against %.4g standard deviations; healthy runs rise by at most a few %%). %s"
                        + "Train again with another --seed or a lower --lr.",
                epoch, 100 * (trainScore / before - 1), epoch - 1, trainScore, before,
                bestEpoch > 0 ? "The archive keeps the best epoch so far (" + bestEpoch + "). " : ""));
    }
}
