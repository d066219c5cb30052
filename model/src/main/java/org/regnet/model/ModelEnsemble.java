package org.regnet.model;

import org.regnet.crystal.ReadOptions;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;
import org.regnet.data.Split;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several trained models that predict the same tasks from the same graphs, used together: the
 * prediction is the mean of the members' predictions (in original units), and the spread, their
 * (population) standard deviation, says how much the members disagree: a rough uncertainty, useful to rank
 * which screening hits to check first. Each crystal is read and featurized once for all members.
 * A named ensemble calibrated by {@link IntervalCalibration} also gives prediction intervals: the
 * {@link PredictionIntervals} of its mean, scaled by the members' mean embedding distance.
 * <pre>{@code
 * try (ModelEnsemble e = ModelEnsemble.load(List.of("models/a", "models/b"))) {   // or a folder with ensemble.json
 *     Prediction p = e.predict(structure);   // p.values(): means, p.spread(): standard deviations
 * }
 * }</pre>
 */
public final class ModelEnsemble extends PropertyModel {
    /**
     * The ensembles bundled in the jar, loadable by name (models/NAME/ensemble.json lists the members):
     * the accurate tier, mp36k-accurate.
     */
    public static final List<String> BUNDLED = List.of("mp36k-accurate");
    private final List<ReGNetModel> members;
    /** Calibrated for exactly these members, or null. */
    private final PredictionIntervals intervals;

    /** An ensemble of these models, which it then owns (closing it closes them); without prediction intervals. */
    public ModelEnsemble(List<ReGNetModel> members) {
        this(members, null);
    }

    private ModelEnsemble(List<ReGNetModel> members, PredictionIntervals intervals) {
        if (members.size() < 2) throw new IllegalArgumentException("an ensemble needs at least two models, got " + members.size());
        ReGNetModel first = members.get(0);
        for (ReGNetModel m : members.subList(1, members.size())) {
            String differs = !m.tasks().equals(first.tasks()) ? "tasks (" + names(m) + " against " + names(first) + ")"
                    : !m.manifest().graph().equals(first.manifest().graph()) ? "neighbour-graph settings"
                    : m.manifest().architecture().gmax() != first.manifest().architecture().gmax() ? "G_max"
                    : !m.manifest().occupancy().equals(first.manifest().occupancy()) ? "occupancy policy" : null;
            if (differs != null) {
                throw new IllegalArgumentException("ensemble members must predict the same tasks from the same graphs; they differ in " + differs);
            }
        }
        this.members = List.copyOf(members);
        this.intervals = intervals;
    }

    /**
     * The models (directories, zips or bundled names) as an ensemble; a named ensemble (a folder
     * with ensemble.json, or a bundled one) stands for its members, and alone keeps its calibrated
     * intervals (mixed with other models it has none: they were calibrated for its members only).
     * None stays open if one fails.
     */
    public static ModelEnsemble load(List<String> namesOrPaths) throws IOException {
        if (namesOrPaths.size() == 1) {
            EnsembleDefinition named = EnsembleDefinition.find(namesOrPaths.get(0));
            if (named != null) return of(named);
        }
        return loadMembers(memberNames(namesOrPaths));
    }

    /** The named ensemble's members, with its intervals. */
    static ModelEnsemble of(EnsembleDefinition named) throws IOException {
        return loadMembers(named.members(), named.intervals());
    }

    /** The models named, with each named ensemble replaced by its members. */
    static List<String> memberNames(List<String> namesOrPaths) throws IOException {
        List<String> members = new ArrayList<>();
        for (String name : namesOrPaths) members.addAll(EnsembleDefinition.expand(name));
        return members;
    }

    /** These models (no ensemble names) as an ensemble, without intervals; none stays open if one fails. */
    static ModelEnsemble loadMembers(List<String> members) throws IOException {
        return loadMembers(members, null);
    }

    private static ModelEnsemble loadMembers(List<String> members, PredictionIntervals intervals) throws IOException {
        List<ReGNetModel> loaded = new ArrayList<>();
        try {
            for (String member : members) loaded.add(ReGNetModel.load(member));
            return new ModelEnsemble(loaded, intervals);
        } catch (IOException | RuntimeException e) {
            loaded.forEach(ReGNetModel::close);
            throw e;
        }
    }

    public List<ReGNetModel> members() { return members; }

    /** The members a model argument names: an ensemble's (folder or bundled), or just the argument. */
    public static List<String> memberNames(String nameOrPath) throws IOException { return EnsembleDefinition.expand(nameOrPath); }

    @Override
    public List<TaskSpec> tasks() { return members.get(0).tasks(); }

    /**
     * The split the members share ({@link Split#shared}): null unless they have the same test set,
     * since one member's test crystals could otherwise be another's training crystals.
     */
    @Override
    Split split() { return Split.shared(members.stream().map(ReGNetModel::split).toList()); }

    @Override
    public PredictionIntervals intervals() { return intervals; }

    @Override
    public ReadOptions readOptions() { return members.get(0).readOptions(); }

    @Override
    Featurizer featurizer() { return members.get(0).featurizer(); }

    @Override
    public void setKernels(InferenceKernels kernels) { members.forEach(m -> m.setKernels(kernels)); }

    @Override
    Estimates estimate(List<CrystalGraph> graphs) {
        int n = graphs.size(), tasks = tasks().size(), k = members.size();
        List<double[][]> each = new ArrayList<>();
        List<List<TrainingDomain.Assessment>> domains = new ArrayList<>();
        double[] distance = new double[n];
        boolean distances = true;
        for (ReGNetModel m : members) {
            Estimates e = m.estimate(graphs);
            each.add(e.mean());
            if (e.domain() != null) domains.add(e.domain());
            if (e.distance() == null) distances = false;
            else for (int i = 0; i < n; i++) distance[i] += e.distance()[i] / k;
        }
        double[][] mean = new double[n][tasks], spread = new double[n][tasks];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < tasks; t++) {
                for (double[][] p : each) mean[i][t] += p[i][t] / k;
                double squares = 0;  // about the mean (two passes: no cancellation when members agree)
                for (double[][] p : each) squares += (p[i][t] - mean[i][t]) * (p[i][t] - mean[i][t]);
                spread[i][t] = Math.sqrt(squares / k);
            }
        }
        if (!distances) distance = null;  // a format-1 member records no domain
        return new Estimates(mean, spread, domains.isEmpty() ? null : outsideForAny(domains, n), distance,
                intervals == null || distance == null ? null : intervals.bounds(tasks(), mean, distance, graphs));
    }

    /** A crystal is outside the ensemble's domain when it is outside any member's; the reasons of each, once. */
    private static List<TrainingDomain.Assessment> outsideForAny(List<List<TrainingDomain.Assessment>> domains, int n) {
        List<TrainingDomain.Assessment> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            java.util.LinkedHashSet<String> reasons = new java.util.LinkedHashSet<>();
            for (List<TrainingDomain.Assessment> d : domains) if (!d.get(i).inside()) reasons.add(d.get(i).reason());
            out.add(reasons.isEmpty() ? TrainingDomain.Assessment.IN : new TrainingDomain.Assessment(false, String.join("; ", reasons)));
        }
        return out;
    }

    private static List<String> names(ReGNetModel m) { return m.tasks().stream().map(TaskSpec::name).toList(); }

    @Override
    public void close() { members.forEach(ReGNetModel::close); }
}
