package org.regnet.cli;

import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.Dataset;
import org.regnet.data.Featurizer;
import org.regnet.model.MatbenchEnsemble;
import org.regnet.model.MatbenchRun;
import org.regnet.model.ModelConfig;
import org.regnet.model.ReGNetModel;
import org.regnet.model.TaskSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code regnet matbench-ensemble}: finished {@code regnet matbench} runs of one task combined into
 * their ensemble, fold by fold (see {@link MatbenchEnsemble}), written and scored as a run is.
 */
@Command(name = "matbench-ensemble", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Combine finished matbench runs of one task (e.g. one per --seed) into their ensemble: on each fold, the mean of the runs' test predictions.",
                "Writes to --out as a run does: fold_K/test_predictions.csv, results.json.gz (matbench's layout), summary.md and summary.json.",
                "A member is a run directory or a run's committed results (a directory with its results.json.gz and summary.json, as benchmarks/matbench/ keeps them).",
                "A fold is combined once every run has finished it; run the command again when they have."})
final class MatbenchEnsembleCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "RUN", description = "Directories of `regnet matbench` runs (their --out) of the same task, folds and validation pick, or of their committed results.json.gz and summary.json.")
    List<Path> runs;

    @Mixin DatasetOptions dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory of the ensemble.")
    Path out;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Dataset data = labelledData(err);
        for (String f : data.failures()) err.println("regnet: skipped: " + f);
        MatbenchRun.Summary summary;
        try {
            summary = MatbenchEnsemble.combine(runs, data, out, TrainingCommand.commandLine(spec.commandLine().getParseResult().originalArgs()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (summary.folds().isEmpty()) {
            err.println("regnet matbench-ensemble: no fold is finished by all " + runs.size() + " runs yet; nothing combined");
            return 1;
        }
        err.println(String.format(Locale.ROOT, "%s: ensemble of %d runs, %d fold(s), test MAE %.4f ± %.4f %s%s; summary in %s", summary.task(), runs.size(),
                summary.folds().size(), summary.meanMae(), summary.stdMae(), summary.target().unit(),
                summary.complete() ? "" : " (not every fold is finished by every run)", out.resolve("summary.md")));
        err.flush();
        return data.failures().isEmpty() ? 0 : 1;
    }

    /**
     * The task's labelled data, read as the first member run with a fold model was trained; when
     * every member is committed results (no model), with the default graph settings, which
     * changes nothing but which malformed structures are skipped: only the labels are scored.
     */
    private Dataset labelledData(PrintWriter err) throws java.io.IOException {
        Path model = runs.stream().flatMap(run -> MatbenchRun.ALL_FOLDS.stream().map(k -> run.resolve("fold_" + k)))
                .filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).findFirst().orElse(null);
        if (model == null) {
            if (dataset.targets == null || dataset.targets.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no member holds a fold model (fold_K/manifest.json) to name the target: give --targets");
            }
            return dataset.load(new Featurizer(GraphSettings.defaults(), ModelConfig.defaults().gmax()), err::println);
        }
        try (ReGNetModel m = ReGNetModel.load(model.toString())) {
            if (dataset.targets == null) dataset.targets = m.tasks().stream().map(TaskSpec::name).toList();
            return dataset.loadFor(m, err::println);
        }
    }
}
