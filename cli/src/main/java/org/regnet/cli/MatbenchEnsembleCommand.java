package org.regnet.cli;

import org.regnet.data.Dataset;
import org.regnet.model.MatbenchEnsemble;
import org.regnet.model.MatbenchRun;
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
                "A fold is combined once every run has finished it; run the command again when they have."})
final class MatbenchEnsembleCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "RUN", description = "Directories of `regnet matbench` runs (their --out) of the same task, folds and validation pick.")
    List<Path> runs;

    @Mixin DatasetOptions dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory of the ensemble.")
    Path out;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path model = MatbenchRun.ALL_FOLDS.stream().map(k -> runs.get(0).resolve("fold_" + k)).filter(d -> Files.isRegularFile(d.resolve("manifest.json")))
                .findFirst().orElseThrow(() -> new ParameterException(spec.commandLine(), runs.get(0) + " holds no fold model (fold_K/manifest.json): is it a matbench run?"));
        Dataset data;
        try (ReGNetModel m = ReGNetModel.load(model.toString())) {  // reads the data as the runs were trained on them
            if (dataset.targets == null) dataset.targets = m.tasks().stream().map(TaskSpec::name).toList();
            data = dataset.loadFor(m, err::println);
        }
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
}
