package org.regnet.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.regnet.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * <p>The runs must share the protocol (task, folds file, validation fraction, split seed and
 * target), so that each fold's test ids are the same. A fold is combined once every run has
 * finished it; the others are left out, and the summary says the ensemble is not complete.
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
        JsonNode settings = protocol(runs);
        String task = settings.get("task").asText();
        TaskSpec target = ModelArchive.JSON.treeToValue(settings.get("tasks").get(0), TaskSpec.class);
        Files.createDirectories(out);
        ModelArchive.writeAtomically(out.resolve(MEMBERS), ModelArchive.JSON.writeValueAsBytes(
                Map.of("members", runs.stream().map(Path::toString).toList())));
        List<MatbenchRun.Fold> folds = new ArrayList<>();
        double[] perSecond = new double[runs.size()];  // each run's summary, read once
        for (int m = 0; m < runs.size(); m++) perSecond[m] = coreHoursPerSecond(runs.get(m));
        double coreHours = 0;
        for (int k : MatbenchRun.ALL_FOLDS) {
            List<MatbenchRun.Fold> members = new ArrayList<>();
            for (Path run : runs) {
                Path dir = run.resolve("fold_" + k);
                if (Files.isRegularFile(dir.resolve(MatbenchRun.PREDICTIONS))) members.add(MatbenchRun.readFold(data, k, dir));
            }
            if (members.size() < runs.size()) continue;  // not finished by every run yet
            MatbenchRun.Fold fold = mean(k, members, runs);
            Path dir = Files.createDirectories(out.resolve("fold_" + k));
            ModelArchive.writeAtomically(dir.resolve(MatbenchRun.FOLD_INFO), ModelArchive.JSON.writeValueAsBytes(
                    Map.of("epochs", fold.epochs(), "seconds", fold.seconds())));
            ModelArchive.writeAtomically(dir.resolve(MatbenchRun.PREDICTIONS), MatbenchRun.predictionsCsv(fold));
            folds.add(fold);
            for (int m = 0; m < runs.size(); m++) coreHours += members.get(m).seconds() * perSecond[m];
        }
        MatbenchRun.Summary summary = new MatbenchRun.Summary(task, target, folds, folds.size() == MatbenchRun.ALL_FOLDS.size());
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("members", runs.stream().map(Path::toString).toList());
        new MatbenchReport(task, MatbenchRun.ALL_FOLDS.size(), command, configuration, coreHours,
                "the members' training, summed; epochs and minutes per fold are the members' sums").write(out, summary);
        return summary;
    }

    /** The runs' shared protocol settings (their run.json); a run that differs is an error naming the setting. */
    private static JsonNode protocol(List<Path> runs) throws IOException {
        JsonNode first = null;
        for (Path run : runs) {
            Path file = run.resolve(MatbenchRun.SETTINGS);
            if (!Files.isRegularFile(file)) throw new IOException(run + " is not a matbench run directory (no " + MatbenchRun.SETTINGS + ")");
            JsonNode settings = ModelArchive.JSON.readTree(file.toFile());
            if (first == null) {
                first = settings;
                continue;
            }
            for (String name : PROTOCOL) {
                if (!settings.path(name).equals(first.path(name))) {
                    throw new IllegalArgumentException(run + " differs from " + runs.get(0) + " in " + name + " (" + settings.path(name) + " against "
                            + first.path(name) + "): only runs of the same task, folds and validation pick make an ensemble");
                }
            }
        }
        return first;
    }

    /** The members' mean prediction per test id; the members must have predicted the same ids, in the same order. */
    private static MatbenchRun.Fold mean(int k, List<MatbenchRun.Fold> members, List<Path> runs) {
        MatbenchRun.Fold first = members.get(0);
        double[] predicted = new double[first.ids().size()];
        int epochs = 0;
        double seconds = 0;
        for (int m = 0; m < members.size(); m++) {
            MatbenchRun.Fold f = members.get(m);
            if (!f.ids().equals(first.ids())) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "fold %d: %s predicted other test ids than %s", k, runs.get(m), runs.get(0)));
            }
            for (int i = 0; i < predicted.length; i++) predicted[i] += f.predicted()[i] / members.size();
            epochs += f.epochs();
            seconds += f.seconds();
        }
        return new MatbenchRun.Fold(k, first.ids(), first.actual(), predicted, MatbenchRun.Scores.of(first.actual(), predicted), epochs, seconds);
    }

    /** A run's core-hours per second of training, from its summary (1 thread when it records none). */
    private static double coreHoursPerSecond(Path run) throws IOException {
        Path file = run.resolve(MatbenchRun.SUMMARY_JSON);
        if (!Files.isRegularFile(file)) return 1.0 / 3600;
        JsonNode summary = ModelArchive.JSON.readTree(file.toFile());
        double seconds = 0;
        for (JsonNode f : summary.path("folds")) seconds += f.path("seconds").asDouble();
        return seconds > 0 && summary.has("core_hours") ? summary.get("core_hours").asDouble() / seconds : 1.0 / 3600;
    }
}
