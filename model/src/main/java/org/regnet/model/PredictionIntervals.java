package org.regnet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.regnet.data.CrystalGraph;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

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
 * <p>With {@code trainingChemistry} the calibration is Mondrian: crystals whose chemical system
 * ({@link CrystalGraph#chemicalSystem}) no training crystal has get their own q_t, calibrated on
 * the calibration crystals of unseen chemistry alone, so the coverage holds for new chemistries too
 * (a screen's usual question), where the embedding distance does not widen the interval (measured
 * for mp36k: models/mp36k/MODEL_CARD.md). A task whose unseen or seen group is too small for the
 * rule above keeps one q_t for both; when no task is told apart, neither is any crystal.
 *
 * @param coverage          the nominal coverage, e.g. 0.9
 * @param tasks             per task name, its half-width factor q and the number of calibration crystals
 * @param calibrationSet    what it was calibrated on, e.g. "validation split (3,674 crystals)"
 * @param trainingChemistry the training crystals' chemical systems, sorted; null when calibrated as one group
 */
public record PredictionIntervals(double coverage, Map<String, Task> tasks, String calibrationSet,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) List<String> trainingChemistry) {
    public static final double DEFAULT_COVERAGE = 0.9;

    /**
     * @param scale           q_t, in the task's units per unit of (1 + embedding distance): for every
     *                        crystal, or with {@code unseenChemistry} for those of seen chemistry
     * @param unseenChemistry q_t and its calibration crystals for crystals of unseen chemistry; null
     *                        when the task is calibrated as one group
     */
    public record Task(double scale, int calibrationCrystals, @JsonInclude(JsonInclude.Include.NON_NULL) Task unseenChemistry) {
        public Task(double scale, int calibrationCrystals) { this(scale, calibrationCrystals, null); }
    }

    public PredictionIntervals {
        if (!(coverage > 0 && coverage < 1)) throw new IllegalArgumentException("coverage must lie in (0, 1), not " + coverage);
        tasks = Map.copyOf(tasks);
        trainingChemistry = trainingChemistry == null ? null : List.copyOf(new TreeSet<>(trainingChemistry));
    }

    /** Intervals calibrated as one group. */
    public PredictionIntervals(double coverage, Map<String, Task> tasks, String calibrationSet) {
        this(coverage, tasks, calibrationSet, null);
    }

    /**
     * Calibrates on crystals with known labels, as one group.
     *
     * @param predicted [task][crystal] predictions in the tasks' units
     * @param actual    [task][crystal] labels, NaN where missing
     * @param distance  [crystal] embedding distances
     */
    static PredictionIntervals fit(List<TaskSpec> taskSpecs, double[][] predicted, double[][] actual, double[] distance,
                                   double coverage, String calibrationSet) {
        return fit(taskSpecs, predicted, actual, distance, null, coverage, calibrationSet);
    }

    /**
     * Calibrates on crystals with known labels, crystals of unseen chemistry apart when
     * {@code trainingChemistry} is given.
     *
     * @param calibration       [crystal] the calibration crystals (their chemical systems), in the order of the arrays
     * @param trainingChemistry the training crystals' chemical systems, or null for one group
     */
    static PredictionIntervals fit(List<TaskSpec> taskSpecs, double[][] predicted, double[][] actual, double[] distance,
                                   List<CrystalGraph> calibration, Collection<String> trainingChemistry, double coverage, String calibrationSet) {
        if (trainingChemistry == null) return fit(taskSpecs, predicted, actual, distance, null, coverage, calibrationSet);
        Set<String> seen = new HashSet<>(trainingChemistry);
        boolean[] unseen = new boolean[distance.length];
        for (int i = 0; i < unseen.length; i++) unseen[i] = !seen.contains(calibration.get(i).chemicalSystem());
        PredictionIntervals grouped = fit(taskSpecs, predicted, actual, distance, unseen, coverage, calibrationSet);
        boolean apart = grouped.tasks().values().stream().anyMatch(t -> t.unseenChemistry() != null);
        return apart ? new PredictionIntervals(coverage, grouped.tasks(), calibrationSet, List.copyOf(seen)) : grouped;  // else one group
    }

    private static PredictionIntervals fit(List<TaskSpec> taskSpecs, double[][] predicted, double[][] actual, double[] distance,
                                           boolean[] unseen, double coverage, String calibrationSet) {
        Map<String, Task> out = new LinkedHashMap<>();
        for (int t = 0; t < taskSpecs.size(); t++) {
            Task all = quantile(predicted[t], actual[t], distance, i -> true, coverage);
            if (all == null) continue;
            if (unseen != null) {
                Task seenGroup = quantile(predicted[t], actual[t], distance, i -> !unseen[i], coverage);
                Task unseenGroup = quantile(predicted[t], actual[t], distance, i -> unseen[i], coverage);
                if (seenGroup != null && unseenGroup != null) all = new Task(seenGroup.scale(), seenGroup.calibrationCrystals(), unseenGroup);
            }
            out.put(taskSpecs.get(t).name(), all);
        }
        return new PredictionIntervals(coverage, out, calibrationSet, null);
    }

    /** The conformal q over the labelled crystals {@code in} accepts; null when they are too few to promise the coverage. */
    private static Task quantile(double[] predicted, double[] actual, double[] distance, IntPredicate in, double coverage) {
        double[] scores = new double[distance.length];
        int n = 0;
        for (int i = 0; i < distance.length; i++) {
            if (Double.isNaN(actual[i]) || !in.test(i)) continue;
            scores[n++] = Math.abs(actual[i] - predicted[i]) / (1 + distance[i]);
        }
        int rank = (int) Math.ceil((n + 1) * coverage);  // 1-based
        if (rank > n) return null;  // too few crystals to promise the coverage: no interval rather than an infinite one
        Arrays.sort(scores, 0, n);
        return new Task(scores[rank - 1], n);
    }

    /** Whether no training crystal has this crystal's chemical system (always false when calibrated as one group). */
    public boolean unseenChemistry(CrystalGraph crystal) {
        return trainingChemistry != null && Collections.binarySearch(trainingChemistry, crystal.chemicalSystem()) < 0;
    }

    /**
     * Both ends for every crystal and task: [0] lower, [1] upper, each [crystal][task]; NaN for a
     * task without an interval.
     *
     * @param values   [crystal][task] predictions
     * @param distance [crystal] embedding distances
     * @param crystals the crystals, for their chemical systems
     */
    double[][][] bounds(List<TaskSpec> taskSpecs, double[][] values, double[] distance, List<CrystalGraph> crystals) {
        double[][] lower = new double[values.length][taskSpecs.size()], upper = new double[values.length][taskSpecs.size()];
        for (int i = 0; i < values.length; i++) {
            boolean unseen = unseenChemistry(crystals.get(i));
            for (int t = 0; t < taskSpecs.size(); t++) {
                double[] range = interval(taskSpecs.get(t), values[i][t], distance[i], unseen);
                lower[i][t] = range == null ? Double.NaN : range[0];
                upper[i][t] = range == null ? Double.NaN : range[1];
            }
        }
        return new double[][][] {lower, upper};
    }

    /**
     * [lower, upper] for task {@code task} at value v and embedding distance d, for a crystal of
     * seen or unseen chemistry; null if the task is not calibrated.
     */
    double[] interval(TaskSpec task, double value, double distance, boolean unseenChemistry) {
        Task t = tasks.get(task.name());
        if (t == null) return null;
        Task group = unseenChemistry && t.unseenChemistry() != null ? t.unseenChemistry() : t;
        double half = group.scale() * (1 + distance);
        double lower = value - half;
        return new double[] {task.nonNegative() ? Math.max(0, lower) : lower, value + half};
    }
}
