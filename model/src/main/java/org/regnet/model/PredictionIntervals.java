package org.regnet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.regnet.data.CrystalGraph;

import java.util.ArrayList;
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
 * <p>The calibration is also Mondrian by cell size ({@link #DEFAULT_SIZE_CLASSES}: up to 10, 11–30,
 * 31–60 and over 60 atoms), each class with its own q_t (and its own unseen-chemistry group): the
 * error grows with the cell, so one q_t for all sizes over-covers small cells and under-covers large
 * ones (mp36k's held-out crystals: 95.5 % against 83.2 % for the band gap). A task with a size class
 * too small for the rule above keeps one q_t for all sizes.
 *
 * @param coverage          the nominal coverage, e.g. 0.9
 * @param tasks             per task name, its half-width factor q and the number of calibration crystals
 * @param calibrationSet    what it was calibrated on, e.g. "validation split (3,674 crystals)"
 * @param trainingChemistry the training crystals' chemical systems, sorted; null when calibrated as one group
 * @param sizeClasses       the largest number of atoms of each size class but the last (e.g. [10, 30, 60]:
 *                          up to 10, 11–30, 31–60, over 60); null when no task is calibrated by size
 */
public record PredictionIntervals(double coverage, Map<String, Task> tasks, String calibrationSet,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) List<String> trainingChemistry,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> sizeClasses) {
    public static final double DEFAULT_COVERAGE = 0.9;
    /** The size classes a calibration on crystals uses: up to 10, 11–30, 31–60 and over 60 atoms. */
    public static final List<Integer> DEFAULT_SIZE_CLASSES = List.of(10, 30, 60);

    /**
     * @param scale           q_t, in the task's units per unit of (1 + embedding distance): for every
     *                        crystal, or with {@code unseenChemistry} for those of seen chemistry
     * @param unseenChemistry q_t and its calibration crystals for crystals of unseen chemistry; null
     *                        when the task is calibrated as one group
     * @param bySize          one group per size class (each with its own unseen-chemistry group), which
     *                        then replaces this one's q_t; null when the task is not calibrated by size
     */
    public record Task(double scale, int calibrationCrystals, @JsonInclude(JsonInclude.Include.NON_NULL) Task unseenChemistry,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<Task> bySize) {
        public Task {
            bySize = bySize == null ? null : List.copyOf(bySize);
        }

        public Task(double scale, int calibrationCrystals, Task unseenChemistry) { this(scale, calibrationCrystals, unseenChemistry, null); }

        public Task(double scale, int calibrationCrystals) { this(scale, calibrationCrystals, null, null); }
    }

    public PredictionIntervals {
        if (!(coverage > 0 && coverage < 1)) throw new IllegalArgumentException("coverage must lie in (0, 1), not " + coverage);
        tasks = Map.copyOf(tasks);
        trainingChemistry = trainingChemistry == null ? null : List.copyOf(new TreeSet<>(trainingChemistry));
        sizeClasses = sizeClasses == null ? null : List.copyOf(sizeClasses);
        for (Task t : tasks.values()) {
            if (t.bySize() != null && (sizeClasses == null || t.bySize().size() != sizeClasses.size() + 1)) {
                throw new IllegalArgumentException("a task's size groups do not match the size classes " + sizeClasses);
            }
        }
    }

    /** Intervals calibrated as one group. */
    public PredictionIntervals(double coverage, Map<String, Task> tasks, String calibrationSet) {
        this(coverage, tasks, calibrationSet, null, null);
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
        return new PredictionIntervals(coverage, fit(taskSpecs, predicted, actual, distance, null, null, coverage), calibrationSet);
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
        boolean[] unseen = null;
        Set<String> seen = null;
        if (trainingChemistry != null) {
            seen = new HashSet<>(trainingChemistry);
            unseen = new boolean[distance.length];
            for (int i = 0; i < unseen.length; i++) unseen[i] = !seen.contains(calibration.get(i).chemicalSystem());
        }
        int[] size = null;
        if (calibration != null) {
            size = new int[distance.length];
            for (int i = 0; i < size.length; i++) size[i] = sizeClass(DEFAULT_SIZE_CLASSES, calibration.get(i).atoms());
        }
        Map<String, Task> grouped = fit(taskSpecs, predicted, actual, distance, unseen, size, coverage);
        boolean apart = grouped.values().stream().anyMatch(PredictionIntervals::tellsChemistryApart);
        boolean bySize = grouped.values().stream().anyMatch(t -> t.bySize() != null);
        return new PredictionIntervals(coverage, grouped, calibrationSet, apart ? List.copyOf(seen) : null, bySize ? DEFAULT_SIZE_CLASSES : null);
    }

    static boolean tellsChemistryApart(Task t) {
        return t.unseenChemistry() != null || (t.bySize() != null && t.bySize().stream().anyMatch(s -> s.unseenChemistry() != null));
    }

    /** Per task its groups. @param unseen [crystal] of unseen chemistry, or null for one group; @param size [crystal] size class, or null for one */
    private static Map<String, Task> fit(List<TaskSpec> taskSpecs, double[][] predicted, double[][] actual, double[] distance,
                                         boolean[] unseen, int[] size, double coverage) {
        Map<String, Task> out = new LinkedHashMap<>();
        for (int t = 0; t < taskSpecs.size(); t++) {
            double[] p = predicted[t], a = actual[t];
            Task all = group(p, a, distance, i -> true, unseen, coverage);
            if (all == null) continue;
            if (size != null) {
                List<Task> bySize = new ArrayList<>();
                for (int c = 0; c <= DEFAULT_SIZE_CLASSES.size(); c++) {
                    int sizeClass = c;
                    Task g = group(p, a, distance, i -> size[i] == sizeClass, unseen, coverage);
                    if (g == null) break;  // a class too small: one q for all sizes
                    bySize.add(g);
                }
                if (bySize.size() == DEFAULT_SIZE_CLASSES.size() + 1) all = new Task(all.scale(), all.calibrationCrystals(), all.unseenChemistry(), bySize);
            }
            out.put(taskSpecs.get(t).name(), all);
        }
        return out;
    }

    /** The q of the crystals {@code in} accepts, those of unseen chemistry apart when both parts suffice; null when too few. */
    private static Task group(double[] predicted, double[] actual, double[] distance, IntPredicate in, boolean[] unseen, double coverage) {
        Task all = quantile(predicted, actual, distance, in, coverage);
        if (all == null || unseen == null) return all;
        Task seenGroup = quantile(predicted, actual, distance, i -> in.test(i) && !unseen[i], coverage);
        Task unseenGroup = quantile(predicted, actual, distance, i -> in.test(i) && unseen[i], coverage);
        return seenGroup != null && unseenGroup != null ? new Task(seenGroup.scale(), seenGroup.calibrationCrystals(), unseenGroup) : all;
    }

    /** Size class {@code c}'s name: "1-10", "11-30", ..., "over 60". */
    public String sizeClassName(int c) {
        if (c == sizeClasses.size()) return "over " + sizeClasses.get(c - 1);
        return (c == 0 ? 1 : sizeClasses.get(c - 1) + 1) + "-" + sizeClasses.get(c);
    }

    /** The test metric holding size class {@code c}'s coverage: interval_coverage_atoms_1_10, ..., interval_coverage_atoms_over_60. */
    public String sizeCoverageMetric(int c) {
        return "interval_coverage_atoms_" + sizeClassName(c).replace(' ', '_').replace('-', '_');
    }

    /** The size class (0-based) of a cell with {@code atoms} sites: how many class bounds it exceeds. */
    static int sizeClass(List<Integer> bounds, int atoms) {
        int c = 0;
        while (c < bounds.size() && atoms > bounds.get(c)) c++;
        return c;
    }

    /** The fewest calibration crystals that can promise {@code coverage}: n with ⌈(n + 1) · coverage⌉ ≤ n (9 for 90 %). */
    static int minimumCrystals(double coverage) {
        int n = 1;
        while (Math.ceil((n + 1) * coverage) > n) n++;
        return n;
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
            boolean unseen = unseenChemistry(crystals.get(i));  // once per crystal, not per task: a search over the training systems
            int atoms = crystals.get(i).atoms();
            for (int t = 0; t < taskSpecs.size(); t++) {
                double[] range = interval(taskSpecs.get(t), values[i][t], distance[i], unseen, atoms);
                lower[i][t] = range == null ? Double.NaN : range[0];
                upper[i][t] = range == null ? Double.NaN : range[1];
            }
        }
        return new double[][][] {lower, upper};
    }

    /** [lower, upper] for task {@code task} at value v and embedding distance d of {@code crystal}; null if the task is not calibrated. */
    double[] interval(TaskSpec task, double value, double distance, CrystalGraph crystal) {
        return interval(task, value, distance, unseenChemistry(crystal), crystal.atoms());
    }

    /**
     * [lower, upper] for task {@code task} at value v and embedding distance d, for a cell of
     * {@code atoms} sites of seen or unseen chemistry; null if the task is not calibrated.
     */
    double[] interval(TaskSpec task, double value, double distance, boolean unseenChemistry, int atoms) {
        Task t = tasks.get(task.name());
        if (t == null) return null;
        Task sized = t.bySize() != null ? t.bySize().get(sizeClass(sizeClasses, atoms)) : t;
        Task group = unseenChemistry && sized.unseenChemistry() != null ? sized.unseenChemistry() : sized;
        double half = group.scale() * (1 + distance);
        double lower = value - half;
        return new double[] {task.nonNegative() ? Math.max(0, lower) : lower, value + half};
    }
}
