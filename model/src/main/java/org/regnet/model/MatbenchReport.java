package org.regnet.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The files a matbench run leaves beside its folds: {@value MatbenchRun#RESULTS} (every test
 * prediction keyed by id, in matbench's own layout, so anyone can rescore it), {@value
 * MatbenchRun#SUMMARY_JSON} and {@value MatbenchRun#SUMMARY_MD}. Shared by a trained run
 * ({@link MatbenchRun}) and an ensemble of runs ({@link MatbenchEnsemble}).
 *
 * @param plannedFolds  how many folds the run will have when finished
 * @param command       the command line that made it
 * @param configuration what produced the predictions, in order (e.g. model and training; an
 *                      ensemble's members), each written as a summary line and a JSON field
 * @param coreHours     the compute of the folds recorded
 * @param computeNote   how the compute was counted, for the summary (e.g. "1 training thread")
 */
record MatbenchReport(String task, int plannedFolds, String command, Map<String, Object> configuration, double coreHours, String computeNote) {

    void write(Path out, MatbenchRun.Summary summary) throws IOException {
        ModelArchive.writeAtomically(out.resolve(MatbenchRun.RESULTS), gzip(ModelArchive.JSON.writeValueAsBytes(matbenchResults(summary))));
        ModelArchive.writeAtomically(out.resolve(MatbenchRun.SUMMARY_JSON), ModelArchive.JSON.writeValueAsBytes(summaryJson(summary)));
        ModelArchive.writeAtomically(out.resolve(MatbenchRun.SUMMARY_MD), summaryMarkdown(summary).getBytes(StandardCharsets.UTF_8));
    }

    /** matbench's layout: a benchmark's tasks, each as MatbenchTask.as_dict (results.fold_k.{data, parameters, scores}). */
    private Map<String, Object> matbenchResults(MatbenchRun.Summary summary) {
        Map<String, Object> results = new LinkedHashMap<>();
        for (MatbenchRun.Fold f : summary.folds()) {
            Map<String, Double> data = new LinkedHashMap<>();
            for (int i = 0; i < f.ids().size(); i++) data.put(f.ids().get(i), f.predicted()[i]);
            results.put("fold_" + f.fold(), Map.of(
                    "data", data,
                    "parameters", Map.of("epochs", f.epochs()),
                    "scores", Map.of("mae", f.scores().mae(), "rmse", f.scores().rmse(), "mape", f.scores().mape(), "max_error", f.scores().maxError())));
        }
        Map<String, Object> taskDict = new LinkedHashMap<>();
        taskDict.put("@module", "matbench.task");
        taskDict.put("@class", "MatbenchTask");
        taskDict.put("benchmark_name", MatbenchRun.BENCHMARK);
        taskDict.put("dataset_name", task);
        taskDict.put("results", results);
        Map<String, Object> benchmark = new LinkedHashMap<>();
        benchmark.put("@module", "matbench.bench");
        benchmark.put("@class", "MatbenchBenchmark");
        benchmark.put("benchmark_name", MatbenchRun.BENCHMARK);
        benchmark.put("datestamp", Instant.now().toString());
        benchmark.put("tasks", Map.of(task, taskDict));
        benchmark.put("user_metadata", Map.of("algorithm", "regnet " + CodeVersion.get(), "command", command));
        return benchmark;
    }

    private Map<String, Object> summaryJson(MatbenchRun.Summary summary) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("benchmark", MatbenchRun.BENCHMARK);
        s.put("task", task);
        s.put("target", summary.target().name());
        s.put("unit", summary.target().unit());
        s.put("complete", summary.complete());
        List<Map<String, Object>> folds = new ArrayList<>();
        for (MatbenchRun.Fold f : summary.folds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fold", f.fold());
            m.put("test", f.ids().size());
            m.put("mae", f.scores().mae());
            m.put("rmse", f.scores().rmse());
            m.put("mape", f.scores().mape());
            m.put("max_error", f.scores().maxError());
            m.put("epochs", f.epochs());
            m.put("seconds", f.seconds());
            folds.add(m);
        }
        s.put("folds", folds);
        s.put("mae_mean", summary.meanMae());
        s.put("mae_std", summary.stdMae());
        s.put("core_hours", coreHours);
        s.put("command", command);
        s.putAll(configuration);
        s.put("code_version", CodeVersion.get());
        s.put("environment", Manifest.Environment.current());
        return s;
    }

    private String summaryMarkdown(MatbenchRun.Summary summary) {
        String unit = summary.target().unit();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "# %s, %s%n%n", task, MatbenchRun.BENCHMARK));
        s.append(String.format(Locale.ROOT, "Target `%s`%s; %d of %d folds%s.%n%n", summary.target().name(), unit.isEmpty() ? "" : " (" + unit + ")", summary.folds().size(),
                plannedFolds, summary.complete() ? "" : " so far (run the same command again to continue)"));
        s.append("| fold | test | MAE | RMSE | MAPE | max error | epochs | training (min) |\n|---|---|---|---|---|---|---|---|\n");
        boolean zeroLabels = false;
        for (MatbenchRun.Fold f : summary.folds()) {
            // sklearn's MAPE divides by machine epsilon at a label of 0: a number of 1e11 that means nothing
            boolean zero = hasZeroLabel(f.actual());
            zeroLabels |= zero;
            s.append(String.format(Locale.ROOT, "| %d | %d | %.4f | %.4f | %s | %.4f | %d | %.1f |%n", f.fold(), f.ids().size(),
                    f.scores().mae(), f.scores().rmse(), zero ? "—" : String.format(Locale.ROOT, "%.4f", f.scores().mape()),
                    f.scores().maxError(), f.epochs(), f.seconds() / 60));
        }
        if (zeroLabels) {
            s.append(String.format(Locale.ROOT, "%n—: the fold has a label of exactly 0, where MAPE is undefined (%s keeps matbench's value).%n",
                    MatbenchRun.SUMMARY_JSON));
        }
        s.append(String.format(Locale.ROOT, "%n**MAE %.4f ± %.4f%s** (mean ± standard deviation over folds); %.2f core-hours (%s).%n%n",
                summary.meanMae(), summary.stdMae(), unit.isEmpty() ? "" : " " + unit, coreHours, computeNote));
        s.append("Command: `").append(command).append("`\n\n");
        s.append("Code version: ").append(CodeVersion.get()).append("\n\n");
        List<String> lines = new ArrayList<>();
        configuration.forEach((name, value) -> lines.add(Character.toUpperCase(name.charAt(0)) + name.substring(1) + ": `" + value + "`"));
        s.append(String.join("\n\n", lines)).append('\n');
        return s.toString();
    }

    private static boolean hasZeroLabel(double[] actual) {
        for (double a : actual) if (Math.abs(a) < Math.ulp(1.0)) return true;
        return false;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
            gz.write(bytes);
        }
        return buffer.toByteArray();
    }
}
