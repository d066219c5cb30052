package org.regnet.cli;

import org.regnet.data.Split;
import org.regnet.model.ModelTrainer;
import org.regnet.model.StopSignal;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code regnet train}: fits a model and writes its archive, checkpoints and metrics to --out. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Train a ReGNet model on structures with labels.",
                "Writes to --out: the model archive (manifest.json, parameters.bin, split.json), checkpoint.bin after every epoch, metrics.csv."})
final class TrainCommand extends TrainingCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory of the model.")
    Path out;

    @Option(names = "--resume", description = "Continue from --out/checkpoint.bin exactly where it stopped (same options required).")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace what --out holds (without it, a non-empty --out is refused unless --resume).")
    boolean overwrite;

    @ArgGroup(exclusive = false, heading = "%nSplit (default: random 0.8/0.1/0.1):%n")
    SplitOptions split = new SplitOptions();

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (!resume && !overwrite && isNonEmptyDirectory(out)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out " + out
                    + " is not empty: choose another directory, --resume to continue the training there, or --overwrite to replace it");
        }
        try {
            Prepared prepared = prepare(split::toSplit, out, resume);
            try (StopSignal stop = StopSignal.onShutdown(STOP_GRACE)) {
                ModelTrainer.train(prepared.job(), new CliProgress(err), stop).model().close();
            } catch (IllegalArgumentException e) {
                // what the options ask cannot be trained (labels against --non-negative, an unsuitable --teacher)
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            err.println("model written to " + out);
            err.flush();
            return prepared.failures().isEmpty() ? 0 : 1;
        } finally {
            close();
        }
    }

    private static boolean isNonEmptyDirectory(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) return false;
        try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    /** How to split the dataset into train, validation and test. */
    static final class SplitOptions {
        @Option(names = "--split", paramLabel = "TRAIN,VAL,TEST", split = ",", description = "Random fractions. Default: 0.8,0.1,0.1.")
        List<Double> fractions = List.of(0.8, 0.1, 0.1);

        @Option(names = "--train-ids", paramLabel = "FILE", description = "Explicit split: ids for training, one per line (with --val-ids, --test-ids).")
        Path trainIds;

        @Option(names = "--val-ids", paramLabel = "FILE", description = "Explicit split: validation ids.") Path valIds;

        @Option(names = "--test-ids", paramLabel = "FILE", description = "Explicit split: test ids.") Path testIds;

        @Option(names = "--matbench-folds", paramLabel = "FILE", description = "matbench folds.csv: test = the fold, validation = 10%% of the rest.")
        Path folds;

        @Option(names = "--matbench-task", paramLabel = "TASK", description = "Task name in folds.csv, e.g. matbench_perovskites.")
        String task;

        @Option(names = "--fold", paramLabel = "K", defaultValue = "0", description = "matbench fold used as the test set (0-4). Default: ${DEFAULT-VALUE}.") int fold;

        @Option(names = "--split-seed", paramLabel = "N", defaultValue = "42", description = "Seed of random splits. Default: ${DEFAULT-VALUE}.")
        long seed;

        /** How --split fractions are drawn. */
        enum SplitKind { RANDOM, CHEMICAL_SYSTEM }

        @Option(names = "--split-by", paramLabel = "KIND", defaultValue = "random", converter = SplitKindConverter.class,
                description = "random, or chemical-system: --split fractions of whole chemical systems (element sets), so the test set "
                        + "holds only chemistries never trained on. Default: ${DEFAULT-VALUE}.")
        SplitKind by;

        Split toSplit(org.regnet.data.Dataset data) {
            List<String> ids = data.ids();
            if (trainIds != null) return Split.fromFiles(trainIds, valIds, testIds);
            if (folds != null) {
                if (task == null) throw new IllegalArgumentException("--matbench-folds needs --matbench-task");
                return Split.matbenchFold(folds, task, fold, 0.1, seed);
            }
            if (fractions.size() < 2) throw new IllegalArgumentException("--split needs TRAIN,VAL[,TEST] fractions");
            return switch (by) {
                case RANDOM -> Split.random(ids, fractions.get(0), fractions.get(1), seed);
                case CHEMICAL_SYSTEM -> Split.byChemicalSystem(ids, data.chemicalSystems(), fractions.get(0), fractions.get(1), seed);
            };
        }
    }

    static final class SplitKindConverter extends EnumConverter<SplitOptions.SplitKind> {
        SplitKindConverter() { super(SplitOptions.SplitKind.class); }
    }
}
