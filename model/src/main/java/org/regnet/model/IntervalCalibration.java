package org.regnet.model;

import org.regnet.data.CrystalGraph;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Calibrates a trained model's prediction intervals ({@link PredictionIntervals}) and writes them
 * into its archive. Two calibration sets:
 * <ul>
 *   <li>{@link #of}: the validation crystals of the model's own split, checked on its test crystals.
 *       Training does this by itself; this is for models trained before it did, and for named
 *       ensembles (their members must share one test set), whose intervals go into ensemble.json.</li>
 *   <li>{@link #onCrystals}: labelled crystals of the user's own population, drawn like the crystals
 *       to be screened, a random share of them held back to check the coverage. Intervals calibrated
 *       on the model's split promise their coverage only for crystals like mp36k's: on newer, more
 *       hypothetical Materials Project entries the bundled 90 % intervals held about 85 %
 *       (benchmarks/outside). Tasks without labels there keep their calibration.</li>
 * </ul>
 *
 * @param intervals the calibrated intervals
 * @param checkedOn the metrics' split: "test" (the model's test crystals) or {@value #CHECK} (held-back crystals of the user's)
 * @param test      per check crystal and task: actual, predicted, lower, upper (for plots); empty without check crystals
 * @param metrics   per task: interval_coverage and interval_width on the check crystals
 */
public record IntervalCalibration(PredictionIntervals intervals, String checkedOn, List<TestCrystal> test, Map<String, Map<String, Double>> metrics) {
    /** The metrics' split name of crystals held back from a calibration on the user's crystals. */
    public static final String CHECK = "calibration_check";

    /**
     * How {@link #onCrystals} calibrates: the nominal coverage, the share of the crystals held back
     * to check it, and the seed of that draw.
     */
    public record Settings(double coverage, double checkFraction, long seed) {
        public Settings {
            if (!(coverage > 0 && coverage < 1)) throw new IllegalArgumentException("coverage must lie in (0, 1), not " + coverage);
            if (!(checkFraction >= 0 && checkFraction < 1)) throw new IllegalArgumentException("the share held back must lie in [0, 1), not " + checkFraction);
        }

        /** 90 %, 30 % held back, seed 42. */
        public static Settings defaults() { return new Settings(PredictionIntervals.DEFAULT_COVERAGE, 0.3, 42); }

        public Settings withCoverage(double c) { return new Settings(c, checkFraction, seed); }

        public Settings withCheckFraction(double f) { return new Settings(coverage, f, seed); }

        public Settings withSeed(long s) { return new Settings(coverage, checkFraction, s); }
    }

    /** One check crystal: per task the label (NaN if none), the prediction and its interval. */
    public record TestCrystal(String id, double[] actual, double[] predicted, double[] lower, double[] upper) {}

    /** Calibrates {@code model} (one model or an ensemble) on the crystals of {@code data} in its split's validation set. */
    public static IntervalCalibration of(PropertyModel model, Dataset data, double coverage) {
        Split split = model.split();
        if (split == null || split.validation().isEmpty()) {
            throw new IllegalArgumentException(model instanceof ModelEnsemble
                    ? "the ensemble's members do not share one test set (Split.shared): there is no validation set to calibrate on"
                    : ((ReGNetModel) model).source() + " has no validation split to calibrate on");
        }
        int[] validation = data.indicesOfPresent(split.validation());
        if (validation.length == 0) throw new IllegalArgumentException("none of the model's validation crystals is in the data");
        Labelled v = labelled(model, data, validation);
        int[] trainRows = data.indicesOfPresent(split.train());
        String set = "validation split (" + validation.length + " crystals)";
        List<String> trainingChemistry = null;  // unseen chemistry apart only when every training crystal's system is known
        if (trainRows.length == split.train().size()) {
            trainingChemistry = data.chemicalSystemsOf(trainRows);
        } else {
            set += ", as one group: " + (split.train().size() - trainRows.length) + " training crystals are not in the data, so unseen chemistry is not told apart";
        }
        PredictionIntervals intervals = PredictionIntervals.fit(model.tasks(), v.predicted, v.actual, v.distance, data.graphsOf(validation),
                trainingChemistry, coverage, set);
        return checked(model, data, intervals, "test", data.indicesOfPresent(split.test()));
    }

    /**
     * Calibrates {@code model} on labelled crystals of the user's own population: every crystal of
     * {@code data} with a label of one of the model's tasks, except those the model (any member)
     * trained on by id. A random share {@code checkFraction} of them is held back to check the
     * coverage ({@link Settings}). Tasks with enough labels (coverage / (1 − coverage) crystals) get
     * new intervals, the others keep the model's; the crystals of a chemical system the model never trained on stay
     * calibrated apart when the model's intervals record its training chemistry.
     *
     * @throws IllegalArgumentException when no task could be calibrated, or when tasks that keep
     *                                  the model's intervals were calibrated at another coverage
     */
    public static IntervalCalibration onCrystals(PropertyModel model, Dataset data, Settings settings) {
        double coverage = settings.coverage();
        Set<String> trained = trainingIds(model);
        List<Integer> rows = new ArrayList<>();
        int left = 0;
        for (int i = 0; i < data.size(); i++) {
            if (trained.contains(data.ids().get(i))) left++;
            else rows.add(i);
        }
        if (rows.isEmpty()) throw new IllegalArgumentException("every given crystal is one the model trained on: none is left to calibrate on");
        Collections.shuffle(rows, new Random(settings.seed()));
        int held = (int) Math.round(settings.checkFraction() * rows.size());
        int[] check = rows.subList(0, held).stream().mapToInt(Integer::intValue).toArray();
        int[] calibration = rows.subList(held, rows.size()).stream().mapToInt(Integer::intValue).toArray();
        PredictionIntervals before = model.intervals();
        List<String> trainingChemistry = before == null ? null : before.trainingChemistry();
        Labelled c = labelled(model, data, calibration);
        PredictionIntervals fresh = PredictionIntervals.fit(model.tasks(), c.predicted, c.actual, c.distance, data.graphsOf(calibration),
                trainingChemistry, coverage, "");
        if (fresh.tasks().isEmpty()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "no task has the %d labelled crystals a %.0f %% interval needs among the %d "
                    + "calibration crystals", PredictionIntervals.minimumCrystals(coverage), 100 * coverage, calibration.length));
        }
        Map<String, PredictionIntervals.Task> tasks = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (TaskSpec t : model.tasks()) {
            PredictionIntervals.Task old = before == null ? null : before.tasks().get(t.name());
            if (old != null && !fresh.tasks().containsKey(t.name())) {
                tasks.put(t.name(), old);
                kept.add(t.name());
            }
        }
        if (!kept.isEmpty() && before.coverage() != coverage) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s keep the model's %.0f %% intervals (the crystals given have too few of "
                    + "their labels), so the new ones must be %.0f %% too, not %.0f %%", kept, 100 * before.coverage(), 100 * before.coverage(), 100 * coverage));
        }
        tasks.putAll(fresh.tasks());
        String set = String.format(Locale.ROOT, "%,d given crystals (%s), %,d more held back to check", calibration.length,
                String.join(", ", model.tasks().stream().map(TaskSpec::name).filter(fresh.tasks()::containsKey).toList()), check.length)
                + (left > 0 ? String.format(Locale.ROOT, ", %,d training crystals left out", left) : "")
                + (kept.isEmpty() ? "" : "; " + String.join(", ", kept) + ": " + before.calibrationSet());
        // the merged intervals tell apart what any of their tasks tells apart
        boolean bySize = tasks.values().stream().anyMatch(t -> t.bySize() != null);
        boolean byChemistry = tasks.values().stream().anyMatch(PredictionIntervals::tellsChemistryApart);
        PredictionIntervals intervals = new PredictionIntervals(coverage, tasks, set, byChemistry ? trainingChemistry : null,
                bySize ? PredictionIntervals.DEFAULT_SIZE_CLASSES : null);
        return checked(model, data, intervals, CHECK, check);
    }

    /** The ids of the crystals the model, or any member of an ensemble, trained on. */
    private static Set<String> trainingIds(PropertyModel model) {
        Set<String> ids = new HashSet<>();
        List<ReGNetModel> members = model instanceof ModelEnsemble e ? e.members() : List.of((ReGNetModel) model);
        for (ReGNetModel m : members) if (m.split() != null) ids.addAll(m.split().train());
        return ids;
    }

    /** The calibration with its coverage on the check rows. */
    private static IntervalCalibration checked(PropertyModel model, Dataset data, PredictionIntervals intervals, String checkedOn, int[] rows) {
        List<TestCrystal> test = new ArrayList<>();
        Map<String, Map<String, Double>> metrics = Map.of();
        if (rows.length > 0) {
            Labelled t = labelled(model, data, rows);
            List<CrystalGraph> testGraphs = data.graphsOf(rows);
            metrics = IntervalMetrics.add(null, model.tasks(), intervals, t.predicted, t.actual, t.distance, testGraphs);
            int tasks = model.tasks().size();
            for (int i = 0; i < rows.length; i++) {
                double[] a = new double[tasks], p = new double[tasks], lo = new double[tasks], hi = new double[tasks];
                for (int k = 0; k < tasks; k++) {
                    a[k] = t.actual[k][i];
                    p[k] = t.predicted[k][i];
                    double[] range = intervals.interval(model.tasks().get(k), p[k], t.distance[i], testGraphs.get(i));
                    lo[k] = range == null ? Double.NaN : range[0];
                    hi[k] = range == null ? Double.NaN : range[1];
                }
                test.add(new TestCrystal(data.graphs().get(rows[i]).id(), a, p, lo, hi));
            }
        }
        return new IntervalCalibration(intervals, checkedOn, test, metrics);
    }

    /**
     * Writes the intervals to {@code dir}: for one model into its archive's manifest (the check
     * coverage into its metrics), for an ensemble into the ensemble.json of its folder.
     */
    public void writeTo(Path dir, PropertyModel model) throws IOException {
        if (model instanceof ModelEnsemble) {
            EnsembleDefinition.writeIntervals(dir, intervals);
            return;
        }
        if (!Files.isRegularFile(dir.resolve(ModelArchive.MANIFEST))) throw new IOException(dir + " is not a model directory (no manifest.json)");
        ModelArchive.writeAtomically(dir.resolve(ModelArchive.MANIFEST), ModelArchive.JSON.writeValueAsBytes(updated((ReGNetModel) model)));
    }

    /**
     * Writes a copy of the model with these intervals to the new folder {@code out}: a model
     * directory, or for an ensemble an ensemble folder whose members are the same models (bundled
     * ones by name, the others by absolute path). The model itself may be bundled or a zip.
     */
    public void saveAs(Path out, PropertyModel model) throws IOException {
        ModelArchive.requireNewFolder(out);
        if (model instanceof ModelEnsemble ensemble) {
            List<String> members = new ArrayList<>();
            for (ReGNetModel m : ensemble.members()) {
                Path p = Path.of(m.source());
                members.add(Files.exists(p) ? p.toAbsolutePath().normalize().toString() : m.source());
            }
            Files.createDirectories(out);
            ModelArchive.writeAtomically(out.resolve(EnsembleDefinition.FILE), ModelArchive.JSON.writeValueAsBytes(new EnsembleDefinition(members, intervals)));
            return;
        }
        ReGNetModel m = (ReGNetModel) model;
        ModelArchive.save(out, updated(m), m.network(), m.split());
    }

    /**
     * The model's manifest with these intervals: the interval metrics of tasks whose intervals
     * changed are dropped from every split (they measured the old ones), and the new ones enter
     * the {@link #checkedOn} split.
     */
    private Manifest updated(ReGNetModel model) {
        PredictionIntervals before = model.intervals();
        Map<String, Map<String, Map<String, Double>>> all = new LinkedHashMap<>();
        model.manifest().metrics().forEach((split, perTask) -> {
            Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
            perTask.forEach((task, m) -> {
                Map<String, Double> kept = new LinkedHashMap<>(m);
                boolean changed = before == null || !Objects.equals(before.tasks().get(task), intervals.tasks().get(task));
                if (changed) kept.keySet().removeIf(name -> name.startsWith(IntervalMetrics.PREFIX));
                copy.put(task, kept);
            });
            all.put(split, copy);
        });
        if (!metrics.isEmpty()) {
            Map<String, Map<String, Double>> merged = all.computeIfAbsent(checkedOn, k -> new LinkedHashMap<>());
            metrics.forEach((task, m) -> merged.computeIfAbsent(task, k -> new LinkedHashMap<>()).putAll(m));
        }
        return model.manifest().withIntervals(intervals, all);
    }

    private record Labelled(double[][] predicted, double[][] actual, double[] distance) {}

    private static Labelled labelled(PropertyModel model, Dataset data, int[] rows) {
        PropertyModel.Estimates estimates = model.estimate(data.graphsOf(rows));
        if (estimates.distance() == null) throw new IllegalArgumentException("the model records no training domain (a format-1 model)");
        double[][] values = estimates.mean();
        double[] distance = estimates.distance();
        int tasks = model.tasks().size();
        double[][] predicted = new double[tasks][rows.length], actual = new double[tasks][rows.length];
        for (int k = 0; k < tasks; k++) {
            int column = data.targets().indexOf(model.tasks().get(k).name());
            for (int i = 0; i < rows.length; i++) {
                predicted[k][i] = values[i][k];
                actual[k][i] = column < 0 ? Double.NaN : data.labels()[rows[i]][column];
            }
        }
        return new Labelled(predicted, actual, distance);
    }
}
