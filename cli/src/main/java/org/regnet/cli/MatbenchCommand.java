package org.regnet.cli;

import org.regnet.model.MatbenchRun;
import org.regnet.model.StopSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code regnet matbench}: one matbench v0.1 task by its official five-fold protocol, every training
 * option passing through; resumable fold by fold (see {@link MatbenchRun}).
 */
@Command(name = "matbench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Run a matbench v0.1 task: for each fold, train on the other folds (validation picked from them), test on the fold.",
                "Writes to --out: fold_K/ (model, checkpoints, test_predictions.csv), results.json.gz (matbench's layout), summary.md and summary.json.",
                "Run the same command again to continue an interrupted run: finished folds are kept, a started one resumes from its checkpoint."})
final class MatbenchCommand extends TrainingCommand implements Callable<Integer> {
    @Option(names = "--matbench-folds", required = true, paramLabel = "FILE", description = "matbench's folds.csv (task,id,test_fold).")
    Path folds;

    @Option(names = "--matbench-task", required = true, paramLabel = "TASK", description = "Task name in folds.csv, e.g. matbench_perovskites.")
    String task;

    @Option(names = "--folds", split = ",", paramLabel = "K", description = "Folds to run (default: 0,1,2,3,4).")
    List<Integer> only = MatbenchRun.ALL_FOLDS;

    @Option(names = "--validation", paramLabel = "FRACTION", defaultValue = "0.1",
            description = "Fraction of the other folds' ids held out for validation (early stopping, best epoch). Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(names = "--split-seed", paramLabel = "N", defaultValue = "42", description = "Seed of the validation pick. Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory of the run.")
    Path out;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new ParameterException(spec.commandLine(), "--validation must lie between 0 and 1 (exclusive), not " + validationFraction);
        }
        if (dataset.targets == null || dataset.targets.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--targets takes the task's one target column, e.g. --targets e_form");
        }
        try {
            // the runner gives every fold its own split and directory
            Prepared prepared = prepare(data -> null, out, false);
            MatbenchRun.Summary summary;
            try (StopSignal stop = StopSignal.onShutdown(STOP_GRACE)) {
                summary = MatbenchRun.builder().setTask(task).setFolds(folds).setJob(prepared.job()).setOut(out)
                        .optFolds(only).optValidationFraction(validationFraction).optSplitSeed(splitSeed)
                        .optTimeLimit(timeLimitMinutes * 60).optListener(new CliProgress(err))
                        .optStop(stop).build().run();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            err.println(String.format(Locale.ROOT, "%s: %d fold(s), test MAE %.4f ± %.4f %s%s; summary in %s", task, summary.folds().size(),
                    summary.meanMae(), summary.stdMae(), summary.target().unit(), summary.complete() ? "" : " (not finished)",
                    out.resolve("summary.md")));
            err.flush();
            return prepared.failures().isEmpty() ? 0 : 1;
        } finally {
            close();
        }
    }
}
