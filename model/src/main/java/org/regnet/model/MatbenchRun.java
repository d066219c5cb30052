package org.regnet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One matbench v0.1 task by its official protocol (matbench's folds.csv): for fold k, train and
 * pick validation only on the other folds' ids, test on fold k.
 * <p>Each fold trains in its own directory ({@code out/fold_k}) with {@link ModelTrainer}'s
 * checkpoints, so a run that was interrupted (or stopped by its time limit) continues exactly where
 * it stopped when started again; a fold whose {@value #PREDICTIONS} exists is not trained again.
 * The settings of the first start are kept in {@value #SETTINGS}, and a later start with other
 * settings is refused rather than mixing two runs. After every fold it writes:
 * <ul>
 *   <li>{@code fold_k/}{@value #PREDICTIONS}: id and prediction for the fold's test ids (the labels stay
 *       in the dataset: a run directory holds nothing copied from it);</li>
 *   <li>{@value #RESULTS}: every recorded fold's predictions keyed by id, in the layout of matbench's
 *       own results files (its {@code MatbenchTask.as_dict}, inside a benchmark's {@code tasks}), so
 *       anyone can rescore them;</li>
 *   <li>{@value #SUMMARY_JSON} and {@value #SUMMARY_MD}: MAE, RMSE, MAPE and max error per fold, the
 *       mean ± standard deviation over folds, the command, configuration, code version and compute.</li>
 * </ul>
 * Build one with {@link #builder()}; {@link #run()} blocks until the folds are done or the time
 * limit is reached.
 */
public final class MatbenchRun {
    public static final String BENCHMARK = "matbench_v0.1";
    public static final List<Integer> ALL_FOLDS = List.of(0, 1, 2, 3, 4);
    static final String SETTINGS = "run.json";
    static final String PREDICTIONS = "test_predictions.csv";
    static final String FOLD_INFO = "fold.json";
    static final String RESULTS = "results.json.gz";
    static final String SUMMARY_JSON = "summary.json";
    static final String SUMMARY_MD = "summary.md";
    /** A run continues by starting it again: finished folds are read back, a stopped one resumes. */
    static final String RESUME_ADVICE = "run the same command again to continue";

    /** Regression scores as matbench computes them (MAPE with sklearn's guard against zero labels). */
    public record Scores(double mae, double rmse, double mape, double maxError) {
        public static Scores of(double[] actual, double[] predicted) {
            if (actual.length != predicted.length || actual.length == 0) {
                throw new IllegalArgumentException("need as many predictions as labels, at least one");
            }
            double abs = 0, sq = 0, pct = 0, max = 0;
            for (int i = 0; i < actual.length; i++) {
                double e = Math.abs(predicted[i] - actual[i]);
                abs += e;
                sq += e * e;
                pct += e / Math.max(Math.abs(actual[i]), Math.ulp(1.0));
                max = Math.max(max, e);
            }
            int n = actual.length;
            return new Scores(abs / n, Math.sqrt(sq / n), pct / n, max);
        }
    }

    /**
     * One finished fold.
     *
     * @param seconds training wall time of the fold, over all sessions
     */
    public record Fold(int fold, List<String> ids, double[] actual, double[] predicted, Scores scores, int epochs, double seconds) {}

    /** @param complete every requested fold is finished (false when the time limit stopped the run) */
    public record Summary(String task, TaskSpec target, List<Fold> folds, boolean complete) {
        public double meanMae() { return folds.stream().mapToDouble(f -> f.scores().mae()).average().orElse(Double.NaN); }

        /** Population standard deviation over folds, as matbench's leaderboard reports it. */
        public double stdMae() {
            double mean = meanMae();
            return Math.sqrt(folds.stream().mapToDouble(f -> (f.scores().mae() - mean) * (f.scores().mae() - mean)).average().orElse(Double.NaN));
        }

        public double seconds() { return folds.stream().mapToDouble(Fold::seconds).sum(); }
    }

    /**
     * What the run was started with: a later start must match it (a run without a teacher writes no {@code distillation}).
     * {@code init} is the initial model's source and parameters' hash.
     */
    record Settings(String benchmark, String task, String folds, double validationFraction, long splitSeed, List<TaskSpec> tasks,
                    ModelConfig model, GraphSettings graph, TrainingConfig training, String occupancy, List<Manifest.DataFile> data, String init,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Distillation distillation) {}

    private final String task;
    private final Path foldsCsv;
    private final TrainingJob job;
    private final Path out;
    private final List<Integer> folds;
    private final double validationFraction;
    private final long splitSeed;
    private final double timeLimitSeconds;
    private final TrainingListener listener;
    private final StopSignal stop;

    private MatbenchRun(Builder b) {
        this.task = Objects.requireNonNull(b.task, "setTask");
        this.foldsCsv = Objects.requireNonNull(b.foldsCsv, "setFolds");
        this.job = Objects.requireNonNull(b.job, "setJob");
        this.out = Objects.requireNonNull(b.out, "setOut");
        if (job.tasks().size() != 1) {
            throw new IllegalArgumentException("a matbench task has one target; this job has " + job.tasks().size());
        }
        for (int k : b.folds) if (!ALL_FOLDS.contains(k)) throw new IllegalArgumentException("fold " + k + " is not one of 0-4");
        this.folds = List.copyOf(b.folds);
        this.validationFraction = b.validationFraction;
        this.splitSeed = b.splitSeed;
        this.timeLimitSeconds = b.timeLimitSeconds;
        this.listener = b.listener;
        this.stop = b.stop;
    }

    public static Builder builder() { return new Builder(); }

    /** Required: {@code setTask}, {@code setFolds}, {@code setJob}, {@code setOut}; the rest is optional. */
    public static final class Builder {
        private String task;
        private Path foldsCsv;
        private TrainingJob job;
        private Path out;
        private List<Integer> folds = ALL_FOLDS;
        private double validationFraction = 0.1;
        private long splitSeed = 42;
        private double timeLimitSeconds;
        private TrainingListener listener = new TrainingListener() { };
        private StopSignal stop = new StopSignal();

        private Builder() {}

        /** The task's name in folds.csv, e.g. matbench_perovskites. */
        public Builder setTask(String task) { this.task = task; return this; }

        /** matbench's folds.csv (task,id,test_fold). */
        public Builder setFolds(Path foldsCsv) { this.foldsCsv = foldsCsv; return this; }

        /** What to train (data, one target, model, training); its split, output and time limit are replaced per fold. */
        public Builder setJob(TrainingJob job) { this.job = job; return this; }

        /** Directory of the run: fold_k/ per fold, the results and the summary. */
        public Builder setOut(Path out) { this.out = out; return this; }

        /** The folds to run (default all five). */
        public Builder optFolds(List<Integer> folds) { this.folds = folds; return this; }

        /** Fraction of the other folds' ids held out for validation (default 0.1). */
        public Builder optValidationFraction(double fraction) { this.validationFraction = fraction; return this; }

        /** Seed of the validation pick (default 42). */
        public Builder optSplitSeed(long seed) { this.splitSeed = seed; return this; }

        /** Stop after the epoch that passes this wall time, over all folds of this start (0 = none); a start trains at least one epoch. */
        public Builder optTimeLimit(double seconds) { this.timeLimitSeconds = seconds; return this; }

        public Builder optListener(TrainingListener listener) { this.listener = listener; return this; }

        /** Stops the fold in training between two steps (e.g. {@link StopSignal#onShutdown}); finished folds are kept. */
        public Builder optStop(StopSignal stop) { this.stop = stop; return this; }

        public MatbenchRun build() { return new MatbenchRun(this); }
    }

    /** Trains and tests the folds not finished yet, then writes the results and the summary. */
    public Summary run() throws IOException {
        Files.createDirectories(out);
        checkSettings();
        long started = System.nanoTime();
        List<Fold> done = new ArrayList<>();
        boolean complete = true, trained = false;
        for (int k : folds) {
            Path dir = out.resolve("fold_" + k);
            Fold fold;
            if (Files.isRegularFile(dir.resolve(PREDICTIONS))) {
                fold = readFold(job.data(), k, dir);
                listener.message(String.format(Locale.ROOT, "fold %d: finished earlier, test MAE %.4f", k, fold.scores().mae()));
            } else {
                // like a training run's, the limit stops after an epoch: each start trains at least one
                double left = timeLimitSeconds - (System.nanoTime() - started) / 1e9;
                if (timeLimitSeconds > 0 && left <= 0 && trained) {
                    complete = false;
                    break;
                }
                if (stop.requested()) {
                    String text = "stopped before fold " + k + "; " + RESUME_ADVICE;
                    listener.message(text);
                    throw new TrainingStoppedException(text, 0);
                }
                trained = true;
                fold = trainFold(k, dir, timeLimitSeconds > 0 ? Math.max(left, 1e-9) : 0);
                if (fold == null) {
                    complete = false;
                    break;
                }
            }
            done.add(fold);
            write(new Summary(task, job.tasks().get(0), done, false));
        }
        Summary summary = new Summary(task, job.tasks().get(0), done, complete && done.size() == folds.size());
        write(summary);
        if (!summary.complete()) listener.message("time limit reached; " + RESUME_ADVICE);
        return summary;
    }

    /** Trains one fold (resuming its checkpoint if there is one) and tests it; null if the time limit stopped it. */
    private Fold trainFold(int k, Path dir, double maxSeconds) throws IOException {
        Split split = Split.matbenchFold(foldsCsv, task, k, validationFraction, splitSeed);
        boolean resume = Files.isRegularFile(dir.resolve(TrainingCheckpoint.FILE));
        listener.message(String.format(Locale.ROOT, "fold %d: %s (%d train / %d validation / %d test)",
                k, resume ? "resuming" : "training", split.train().size(), split.validation().size(), split.test().size()));
        TrainingJob foldJob = job.toBuilder().setSplit(split).setOut(dir).optResume(resume).optTimeLimit(maxSeconds).optResumeAdvice(RESUME_ADVICE)
                .optDistillation(job.distillation() == null ? null : job.distillation().forFold(k))  // a teacher per fold
                .build();
        stop.enter();  // the test predictions run native code too
        try {
            return testFold(k, dir, split, ModelTrainer.train(foldJob, listener, stop));
        } finally {
            stop.exit();
        }
    }

    /** Tests a trained fold and writes its predictions; null if the time limit stopped its training. */
    private Fold testFold(int k, Path dir, Split split, ModelTrainer.Result result) throws IOException {
        try (ReGNetModel model = result.model()) {
            if (!result.finished()) return null;
            Dataset data = job.data();
            int[] rows = data.indicesOf(split.test());
            List<CrystalGraph> graphs = new ArrayList<>(rows.length);
            double[] actual = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                graphs.add(data.graphs().get(rows[i]));
                actual[i] = data.labels()[rows[i]][0];
                if (Double.isNaN(actual[i])) throw new IOException(split.test().get(i) + ": a test id of " + task + " has no label");
            }
            double[][] values = model.estimate(graphs).mean();
            double[] predicted = new double[rows.length];
            for (int i = 0; i < rows.length; i++) predicted[i] = values[i][0];
            Fold fold = new Fold(k, split.test(), actual, predicted, Scores.of(actual, predicted), result.epochs(), result.seconds());
            // fold.json first: the predictions file marks the fold as done
            ModelArchive.writeAtomically(dir.resolve(FOLD_INFO), ModelArchive.JSON.writeValueAsBytes(
                    Map.of("epochs", fold.epochs(), "seconds", fold.seconds())));
            ModelArchive.writeAtomically(dir.resolve(PREDICTIONS), predictionsCsv(fold));
            listener.message(String.format(Locale.ROOT, "fold %d: test MAE %.4f  RMSE %.4f  max error %.4f %s",
                    k, fold.scores().mae(), fold.scores().rmse(), fold.scores().maxError(), job.tasks().get(0).unit()));
            return fold;
        }
    }

    /** id and prediction only: the labels stay in the dataset (a run directory may be shared without the data). */
    static byte[] predictionsCsv(Fold fold) throws IOException {
        StringBuilder s = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(s, CSVFormat.DEFAULT.builder().setHeader("id", "predicted").get())) {
            for (int i = 0; i < fold.ids().size(); i++) p.printRecord(fold.ids().get(i), fold.predicted()[i]);
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A finished fold read back, scored against the dataset's labels. */
    static Fold readFold(Dataset data, int k, Path dir) throws IOException {
        List<String> ids = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(dir.resolve(PREDICTIONS));
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            for (CSVRecord rec : p) {
                ids.add(rec.get("id"));
                values.add(Double.parseDouble(rec.get("predicted")));
            }
        }
        JsonNode info = ModelArchive.JSON.readTree(dir.resolve(FOLD_INFO).toFile());
        return scoredFold(data, k, ids, values, info.path("epochs").asInt(), info.path("seconds").asDouble());
    }

    /** Predictions keyed by test id, scored against the dataset's labels. */
    static Fold scoredFold(Dataset data, int k, List<String> ids, List<Double> values, int epochs, double seconds) {
        int[] rows = data.indicesOf(ids);
        double[] actual = new double[ids.size()], predicted = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            actual[i] = data.labels()[rows[i]][0];
            predicted[i] = values.get(i);
        }
        return new Fold(k, ids, actual, predicted, Scores.of(actual, predicted), epochs, seconds);
    }

    /** Records the settings on the first start; refuses a later start whose settings differ. */
    private void checkSettings() throws IOException {
        Settings settings = new Settings(BENCHMARK, task, foldsCsv.toAbsolutePath().normalize().toString(), validationFraction, splitSeed,
                job.tasks(), job.model(), job.graph(), job.training(), job.occupancy(), job.dataFiles(),
                job.init() == null ? null : job.init().identity(), job.distillation());  // the weights, not only the name: a bundled model may change
        // through bytes, so that numbers compare as they read back from the file (42 as an int, not a long)
        JsonNode now = ModelArchive.JSON.readTree(ModelArchive.JSON.writeValueAsBytes(settings));
        Path file = out.resolve(SETTINGS);
        if (Files.isRegularFile(file)) {
            JsonNode before = ModelArchive.JSON.readTree(file.toFile());
            if (!before.equals(now)) {
                List<String> differing = new ArrayList<>();
                for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!now.get(name).equals(before.get(name))) differing.add(name);
                }
                throw new IllegalArgumentException(out + " holds a matbench run started with other settings (differing: " + String.join(", ", differing)
                        + "); continue it with its own settings (" + file + ") or use another output directory");
            }
        } else {
            ModelArchive.writeAtomically(file, ModelArchive.JSON.writeValueAsBytes(now));
        }
    }

    private void write(Summary summary) throws IOException {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("model", job.model());
        configuration.put("training", job.training());
        int threads = TorchThreads.fix();  // wall time × the threads training used, not the machine's cores
        new MatbenchReport(task, folds.size(), job.command(), configuration, summary.seconds() * threads / 3600,
                threads + " training thread" + (threads == 1 ? "" : "s")).write(out, summary);
    }
}
