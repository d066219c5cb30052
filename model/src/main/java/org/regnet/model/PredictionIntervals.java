package org.regnet.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prediction intervals a screening user can act on (SCIENCE.md §6): split conformal, calibrated on
 * crystals the model did not train on (its validation split), and locally scaled by how far a
 * crystal's pooled embedding lies from the training crystals'. For task t the interval is
 * v ± q_t · (1 + d), where d is the embedding distance of {@link TrainingDomain} and q_t the
 * ⌈(n + 1) · coverage⌉-th smallest of the n calibration scores |y − v| / (1 + d): on crystals drawn
 * like the calibration set, the interval holds the DFT value with probability at least
 * {@code coverage}, and a crystal unlike the training data gets a wider one. A non-negative task's
 * lower end is cut at 0. A task with fewer than coverage / (1 − coverage) calibration crystals (9 for
 * 90 %) gets no interval: no finite one could promise the coverage.
 *
 * @param coverage        the nominal coverage, e.g. 0.9
 * @param tasks           per task name, its half-width factor q and the number of calibration crystals
 * @param calibrationSet  what it was calibrated on, e.g. "validation split (3,674 crystals)"
 */
public record PredictionIntervals(double coverage, Map<String, Task> tasks, String calibrationSet) {
    public static final double DEFAULT_COVERAGE = 0.9;

    /** @param scale q_t, in the task's units per unit of (1 + embedding distance) */
    public record Task(double scale, int calibrationCrystals) {}

    public PredictionIntervals {
        if (!(coverage > 0 && coverage < 1)) throw new IllegalArgumentException("coverage must lie in (0, 1), not " + coverage);
        tasks = Map.copyOf(tasks);
    }

    /**
     * Calibrates on crystals with known labels.
     *
     * @param predicted [task][crystal] predictions in the tasks' units
     * @param actual    [task][crystal] labels, NaN where missing
     * @param distance  [crystal] embedding distances
     */
    static PredictionIntervals fit(List<TaskSpec> taskSpecs, double[][] predicted, double[][] actual, double[] distance,
                                   double coverage, String calibrationSet) {
        Map<String, Task> out = new LinkedHashMap<>();
        for (int t = 0; t < taskSpecs.size(); t++) {
            double[] scores = new double[distance.length];
            int n = 0;
            for (int i = 0; i < distance.length; i++) {
                if (Double.isNaN(actual[t][i])) continue;
                scores[n++] = Math.abs(actual[t][i] - predicted[t][i]) / (1 + distance[i]);
            }
            int rank = (int) Math.ceil((n + 1) * coverage);  // 1-based
            if (rank > n) continue;  // too few crystals to promise the coverage: no interval rather than an infinite one
            Arrays.sort(scores, 0, n);
            out.put(taskSpecs.get(t).name(), new Task(scores[rank - 1], n));
        }
        return new PredictionIntervals(coverage, out, calibrationSet);
    }

    /**
     * Both ends for every crystal and task: [0] lower, [1] upper, each [crystal][task]; NaN for a
     * task without an interval.
     *
     * @param values   [crystal][task] predictions
     * @param distance [crystal] embedding distances
     */
    double[][][] bounds(List<TaskSpec> taskSpecs, double[][] values, double[] distance) {
        double[][] lower = new double[values.length][taskSpecs.size()], upper = new double[values.length][taskSpecs.size()];
        for (int i = 0; i < values.length; i++) {
            for (int t = 0; t < taskSpecs.size(); t++) {
                double[] range = interval(taskSpecs.get(t), values[i][t], distance[i]);
                lower[i][t] = range == null ? Double.NaN : range[0];
                upper[i][t] = range == null ? Double.NaN : range[1];
            }
        }
        return new double[][][] {lower, upper};
    }

    /** [lower, upper] for task {@code task} at value v and embedding distance d; null if the task is not calibrated. */
    double[] interval(TaskSpec task, double value, double distance) {
        Task t = tasks.get(task.name());
        if (t == null) return null;
        double half = t.scale() * (1 + distance);
        double lower = value - half;
        return new double[] {task.nonNegative() ? Math.max(0, lower) : lower, value + half};
    }
}
