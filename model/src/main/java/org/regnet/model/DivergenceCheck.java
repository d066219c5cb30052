package org.regnet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a diverged epoch from a noisy one, so that a run gone wrong says so at once instead of
 * training on for tens of epochs. The measure is the rise of each task's training MAE over the
 * previous epoch's, averaged over the tasks: in 469 epoch-to-epoch steps of our runs (mp36k,
 * Matbench) it never exceeded 1.06, while in the epoch where a run's gradients exploded (gradient
 * norm from 3 to 600 within 50 batches, issue 20) it was 1.57. The check only warns: the archive
 * already keeps the best validated epoch, and rerunning that epoch at a lower learning rate only
 * postponed the explosion (benchmarks/training/mp36k-distilled/README.md).
 *
 * <p>It compares neighbouring epochs of one process; the first epoch after a resume has nothing
 * to be compared with. Epochs of fewer than {@link #MIN_BATCHES} batches are not judged: on a
 * handful of crystals the training error moves by more than {@link #RISE} from noise alone.
 */
final class DivergenceCheck {
    /** An epoch whose training MAEs rise past this factor of the previous epoch's, on average over the tasks, has diverged. */
    static final double RISE = 1.25;
    /** Epochs of fewer batches are too noisy to judge. */
    static final int MIN_BATCHES = 20;

    private final List<String> tasks;
    private double[] previous;

    DivergenceCheck(List<String> tasks) {
        this.tasks = List.copyOf(tasks);
    }

    /**
     * Records an epoch's training MAEs and returns the warning when it diverged.
     *
     * @param epoch     1-based
     * @param trainMae  per task, in the task's units (NaN where a task has no training label)
     * @param batches   the epoch's batches
     * @param bestEpoch 1-based epoch the archive holds, or 0 when none yet
     */
    Optional<String> check(int epoch, double[] trainMae, int batches, int bestEpoch) {
        double[] before = previous;
        previous = trainMae.clone();
        if (before == null || batches < MIN_BATCHES) return Optional.empty();
        double sum = 0;
        int counted = 0;
        List<String> rises = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            double ratio = trainMae[t] / before[t];
            if (!Double.isFinite(ratio)) continue;  // no label, or a perfect fit before
            sum += ratio;
            counted++;
            rises.add(String.format(Locale.ROOT, "%s %+.0f %%", tasks.get(t), 100 * (ratio - 1)));
        }
        if (counted == 0 || !(sum / counted > RISE)) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "warning: training diverged in epoch %d: its training MAE rose %.0f %% over "
                        + "epoch %d's on average over the tasks (%s; healthy runs rise by at most a few %%). %s"
                        + "Train again with another --seed or a lower --lr.",
                epoch, 100 * (sum / counted - 1), epoch - 1, String.join(", ", rises),
                bestEpoch > 0 ? "The archive keeps the best epoch so far (" + bestEpoch + "). " : ""));
    }
}
