package org.regnet.model;

import org.regnet.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ensemble of finished matbench runs of one task (e.g. the same configuration with several
 * seeds): on each fold, the mean of the runs' test predictions, which is what
 * {@link ModelEnsemble} predicts from the folds' models. It is scored and written as a run is
 * ({@link MatbenchReport}: fold_K/test_predictions.csv, results.json.gz in matbench's layout,
 * summary.md and summary.json), so the ensemble's numbers can be rescored like any run's.
 *
 * <p>A member is a run directory or a run's committed results ({@link MatbenchMember}). The runs
 * must share the protocol (task, folds file, validation fraction, split seed and target), so
 * that each fold's test ids are the same. A fold is combined once every run has finished it; the
 * others are left out, and the summary says the ensemble is not complete.
 */
public final class MatbenchEnsemble {
    /** Recorded in the output directory: the member runs, in order. */
    static final String MEMBERS = "ensemble.json";
    private static final List<String> PROTOCOL = List.of("benchmark", "task", "folds", "validationFraction", "splitSeed", "tasks");

    private MatbenchEnsemble() {}

    /**
     * Combines the runs fold by fold and writes the ensemble into {@code out}.
     *
     * @param data    the task's labelled data (the labels score the predictions)
     * @param command the command line, for the summary
     */
    public static MatbenchRun.Summary combine(List<Path> runs, Dataset data, Path out, String command) throws IOException {
        if (runs.size() < 2) throw new IllegalArgumentException("an ensemble needs at least two runs, not " + runs.size());
        List<MatbenchMember> members = new ArrayList<>();
        for (Path run : runs) members.add(MatbenchMember.open(run));
        checkProtocol(members);
        // a run directory's target records how it was trained; committed results name it only
        TaskSpec target = members.stream().filter(m -> m.settings != null).findFirst().orElse(members.get(0)).target;
        Files.createDirectories(out);
        ModelArchive.writeAtomically(out.resolve(MEMBERS), ModelArchive.JSON.writeValueAsBytes(
                Map.of("members", runs.stream().map(Path::toString).toList())));
        List<MatbenchRun.Fold> folds = new ArrayList<>();
        double coreHours = 0;
        for (int k : MatbenchRun.ALL_FOLDS) {
            List<MatbenchRun.Fold> finished = new ArrayList<>();
            for (MatbenchMember m : members) m.fold(data, k).ifPresent(finished::add);
            if (finished.size() < members.size()) continue;  // not finished by every run yet
            MatbenchRun.Fold fold = mean(k, finished, runs);
            Path dir = Files.createDirectories(out.resolve("fold_" + k));
            ModelArchive.writeAtomically(dir.resolve(MatbenchRun.FOLD_INFO), ModelArchive.JSON.writeValueAsBytes(
                    Map.of("epochs", fold.epochs(), "seconds", fold.seconds())));
            ModelArchive.writeAtomically(dir.resolve(MatbenchRun.PREDICTIONS), MatbenchRun.predictionsCsv(fold));
            folds.add(fold);
            for (int m = 0; m < members.size(); m++) coreHours += finished.get(m).seconds() * members.get(m).coreHoursPerSecond;
        }
        String task = members.get(0).task;
        MatbenchRun.Summary summary = new MatbenchRun.Summary(task, target, folds, folds.size() == MatbenchRun.ALL_FOLDS.size());
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("members", runs.stream().map(Path::toString).toList());
        new MatbenchReport(task, MatbenchRun.ALL_FOLDS.size(), command, configuration, coreHours,
                "the members' training, summed; epochs and minutes per fold are the members' sums").write(out, summary);
        return summary;
    }

    /**
     * Every member must be of the same task and target; run directories must also share the
     * protocol recorded in their run.json (committed results do not record it: their test ids are
     * checked fold by fold instead).
     */
    private static void checkProtocol(List<MatbenchMember> members) {
        MatbenchMember first = members.get(0), firstRun = null;
        for (MatbenchMember m : members) {
            if (!m.task.equals(first.task) || !m.target.name().equals(first.target.name())) {
                throw new IllegalArgumentException(m.path + " differs from " + first.path + " in its task or target (" + m.task + " " + m.target.name()
                        + " against " + first.task + " " + first.target.name() + "): only runs of the same task make an ensemble");
            }
            if (m.settings == null) continue;
            if (firstRun == null) {
                firstRun = m;
                continue;
            }
            for (String name : PROTOCOL) {
                if (!m.settings.path(name).equals(firstRun.settings.path(name))) {
                    throw new IllegalArgumentException(m.path + " differs from " + firstRun.path + " in " + name + " (" + m.settings.path(name) + " against "
                            + firstRun.settings.path(name) + "): only runs of the same task, folds and validation pick make an ensemble");
                }
            }
        }
    }

    /** The members' mean prediction per test id, in the first member's order; the members must have predicted the same ids. */
    private static MatbenchRun.Fold mean(int k, List<MatbenchRun.Fold> members, List<Path> runs) {
        MatbenchRun.Fold first = members.get(0);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < first.ids().size(); i++) position.put(first.ids().get(i), i);
        double[] predicted = new double[first.ids().size()];
        int epochs = 0;
        double seconds = 0;
        for (int m = 0; m < members.size(); m++) {
            MatbenchRun.Fold f = members.get(m);
            if (f.ids().size() != position.size() || !new HashSet<>(f.ids()).equals(position.keySet())) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "fold %d: %s predicted other test ids than %s", k, runs.get(m), runs.get(0)));
            }
            for (int i = 0; i < f.ids().size(); i++) predicted[position.get(f.ids().get(i))] += f.predicted()[i] / members.size();
            epochs += f.epochs();
            seconds += f.seconds();
        }
        return new MatbenchRun.Fold(k, first.ids(), first.actual(), predicted, MatbenchRun.Scores.of(first.actual(), predicted), epochs, seconds);
    }
}
