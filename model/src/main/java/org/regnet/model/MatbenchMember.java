package org.regnet.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.regnet.data.Dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * One member of a {@link MatbenchEnsemble}: either a run directory of {@code regnet matbench}
 * (its {@value MatbenchRun#SETTINGS} and {@code fold_K/}{@value MatbenchRun#PREDICTIONS}), or a
 * run's committed results, a directory holding only its {@value MatbenchRun#RESULTS} and
 * {@value MatbenchRun#SUMMARY_JSON}, as benchmarks/matbench/ keeps them once the run directory
 * (models, checkpoints) is gone. Both hold the same predictions, so an ensemble can be formed from
 * what was committed, without training again.
 */
final class MatbenchMember {
    final Path path;
    final String task;
    final TaskSpec target;
    /** run.json of a run directory; null for committed results, which do not record the protocol. */
    final JsonNode settings;
    /** Core-hours per second of training, from the summary (1 thread when it records none). */
    final double coreHoursPerSecond;
    private final JsonNode summary;  // summary.json; null while a run has not written one
    private final JsonNode results;  // results.json.gz's fold_K entries, committed results only

    private MatbenchMember(Path path, String task, TaskSpec target, JsonNode settings, JsonNode summary, JsonNode results) {
        this.path = path;
        this.task = task;
        this.target = target;
        this.settings = settings;
        this.coreHoursPerSecond = coreHoursPerSecond(summary);
        this.summary = summary;
        this.results = results;
    }

    /** Reads a run directory or a directory of committed results; anything else is an error naming the path. */
    static MatbenchMember open(Path path) throws IOException {
        Path summaryFile = path.resolve(MatbenchRun.SUMMARY_JSON);
        JsonNode summary = Files.isRegularFile(summaryFile) ? ModelArchive.JSON.readTree(summaryFile.toFile()) : null;
        Path settingsFile = path.resolve(MatbenchRun.SETTINGS);
        if (Files.isRegularFile(settingsFile)) {
            JsonNode settings = ModelArchive.JSON.readTree(settingsFile.toFile());
            TaskSpec target = ModelArchive.JSON.treeToValue(settings.get("tasks").get(0), TaskSpec.class);
            return new MatbenchMember(path, settings.get("task").asText(), target, settings, summary, null);
        }
        Path resultsFile = path.resolve(MatbenchRun.RESULTS);
        if (summary == null || !Files.isRegularFile(resultsFile)) {
            throw new IOException(path + " is not a matbench run directory (no " + MatbenchRun.SETTINGS + ") nor a run's committed results (no "
                    + (summary == null ? MatbenchRun.SUMMARY_JSON : MatbenchRun.RESULTS) + ")");
        }
        String task = summary.path("task").asText();
        JsonNode results;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(resultsFile))) {
            results = ModelArchive.JSON.readTree(in).path("tasks").path(task).path("results");
        }
        if (!results.isObject()) throw new IOException(resultsFile + " holds no results of " + task + ", the task its " + MatbenchRun.SUMMARY_JSON + " names");
        TaskSpec target = new TaskSpec(summary.path("target").asText(), summary.path("unit").asText(), false);
        return new MatbenchMember(path, task, target, null, summary, results);
    }

    /** The member's test predictions on fold {@code k}, scored against the data's labels; empty while the fold is not finished. */
    Optional<MatbenchRun.Fold> fold(Dataset data, int k) throws IOException {
        if (settings != null) {
            Path dir = path.resolve("fold_" + k);
            return Files.isRegularFile(dir.resolve(MatbenchRun.PREDICTIONS)) ? Optional.of(MatbenchRun.readFold(data, k, dir)) : Optional.empty();
        }
        JsonNode fold = results.path("fold_" + k);
        if (fold.isMissingNode()) return Optional.empty();
        List<String> ids = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fold.path("data").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ids.add(e.getKey());
            values.add(e.getValue().asDouble());
        }
        return Optional.of(MatbenchRun.scoredFold(data, k, ids, values, fold.path("parameters").path("epochs").asInt(), summarySeconds(k)));
    }

    private static double coreHoursPerSecond(JsonNode summary) {
        double seconds = 0;
        if (summary != null) for (JsonNode f : summary.path("folds")) seconds += f.path("seconds").asDouble();
        return seconds > 0 && summary.has("core_hours") ? summary.get("core_hours").asDouble() / seconds : 1.0 / 3600;
    }

    private double summarySeconds(int k) {
        for (JsonNode f : summary.path("folds")) if (f.path("fold").asInt() == k) return f.path("seconds").asDouble();
        return 0;
    }
}
