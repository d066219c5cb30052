package org.regnet.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.regnet.data.BatchPlanner;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Dataset;
import org.regnet.data.TargetScaler;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

/**
 * Trains a {@link ReGNetModel}: masked multi-task loss, AdamW with warm-up and cosine decay,
 * gradient clipping, early stopping on the validation score (mean over tasks of MAE / std), a
 * checkpoint after every epoch (written atomically), exact resume, a metrics CSV, and the best
 * model saved as an archive in the output directory.
 * Determinism: initialization is seeded by the seed, data order per epoch and dropout masks per
 * batch from it, so the same data, seed and machine give the same model, resumed or not.
 */
public final class ModelTrainer {
    /**
     * @param finished true when training ran to the end (epochs or early stop), false when the time limit cut it
     * @param seconds  training wall time over all sessions of this run (resumes included)
     */
    public record Result(ReGNetModel model, boolean finished, int epochs, double seconds) {}

    private final TrainingJob job;
    private final TrainingListener listener;
    private final StopSignal stop;
    private final int tasks;
    private final int[] train, validation, test;
    private final TargetScaler scaler;
    private final TrainingScores scores;
    private final float[] target, mask;
    private final Network network;
    private final List<Parameter> parameters;
    private final List<String> parameterNames;
    private final List<float[]> weights = new ArrayList<>();
    private final boolean[] decay;
    private final float[] logVariance;
    private final AdamW optimizer;
    /** The weights' moving average that validation and the archive use, or null when training keeps the weights as trained. */
    private final WeightAverage average;
    private final BatchPlanner planner;
    /** The initial model and its parameters' hash (provenance), or null for a fresh start. */
    private final String initialization;
    /** The teacher's standardized predictions for the training crystals, or null without distillation. */
    private final TeacherTargets teacher;
    private final DivergenceCheck divergence;
    private final EarlyStopping stopping;

    private int epochsDone;
    private int skippedBatches;
    private double elapsed;

    private ModelTrainer(TrainingJob job, TrainingListener listener, StopSignal stop) throws IOException {
        this.job = job;
        this.listener = listener;
        this.stop = stop;
        this.tasks = job.tasks().size();
        Dataset data = job.data();
        this.train = data.indicesOf(job.split().train());
        this.validation = data.indicesOf(job.split().validation());
        this.test = data.indicesOf(job.split().test());
        boolean[] extensive = new boolean[tasks];
        for (int t = 0; t < tasks; t++) extensive[t] = job.tasks().get(t).extensive();
        checkNonNegativeLabels(job);
        WarmStart warmStart = job.init() == null ? null : new WarmStart(job.init());
        TargetScaler fitted = TargetScaler.fit(data, train, extensive);
        this.scaler = warmStart == null ? fitted : warmStart.normalization(taskNames(), fitted);
        this.scores = new TrainingScores(data, job.tasks(), scaler);
        this.target = new float[data.size() * tasks];
        this.mask = new float[data.size() * tasks];
        for (int i = 0; i < data.size(); i++) {
            for (int t = 0; t < tasks; t++) {
                double y = data.labels()[i][t];
                if (Double.isNaN(y)) continue;
                target[i * tasks + t] = (float) scaler.normalize(t, y, data.graphs().get(i).atoms());
                mask[i * tasks + t] = 1f;
            }
        }
        this.teacher = job.distillation() == null ? null : TeacherTargets.compute(job.distillation(), job, train, scaler, listener);
        this.divergence = new DivergenceCheck(taskNames());
        this.stopping = new EarlyStopping(job.training().patience());
        this.network = new Network(job.model(), OutputRanges.of(manifestTasks(null)), job.training().seed());
        this.initialization = warmStart == null ? null : warmStart.description();
        if (warmStart != null) {
            int kept = warmStart.copyInto(network, taskNames());
            listener.message(String.format(Locale.ROOT, "starting from %s: %d of %d tasks keep their trained towers", job.init().source(), kept, tasks));
            warmStart.leakageWarning(job.split()).ifPresent(listener::message);
        }
        this.parameters = network.parameters();
        this.parameterNames = network.parameterNames();
        List<String> names = parameterNames;
        this.decay = new boolean[parameters.size() + 1];
        List<float[]> all = new ArrayList<>();
        for (int p = 0; p < parameters.size(); p++) {
            parameters.get(p).getArray().setRequiresGradient(true);  // loaded arrays start without
            float[] w = parameters.get(p).getArray().toFloatArray();
            weights.add(w);
            all.add(w);
            decay[p] = parameters.get(p).getType() == Parameter.Type.WEIGHT && !names.get(p).contains("norm");
        }
        this.logVariance = new float[tasks];
        if (warmStart != null) warmStart.keepTaskWeights(taskNames(), logVariance);
        all.add(logVariance);
        this.optimizer = new AdamW(all);
        this.average = job.training().averageDecay() > 0 ? new WeightAverage(job.training().averageDecay(), weights) : null;
        this.planner = new BatchPlanner(job.training().batchSize(), job.training().maxBatchAtoms());
    }

    /** A task declared non-negative must have no negative label: its head could never fit one. */
    private static void checkNonNegativeLabels(TrainingJob job) {
        for (int t = 0; t < job.tasks().size(); t++) {
            if (!job.tasks().get(t).nonNegative()) continue;
            int negative = 0, lowest = -1;
            for (int i = 0; i < job.data().size(); i++) {
                double y = job.data().labels()[i][t];
                if (y < 0) {
                    negative++;
                    if (lowest < 0 || y < job.data().labels()[lowest][t]) lowest = i;
                }
            }
            if (negative > 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "target '%s' is declared non-negative, but %d labels are "
                        + "negative (lowest %.4g, %s); leave it out of the non-negative targets", job.tasks().get(t).name(), negative,
                        job.data().labels()[lowest][t], job.data().ids().get(lowest)));
            }
        }
    }

    public static Result train(TrainingJob job, TrainingListener listener) throws IOException {
        return train(job, listener, new StopSignal());
    }

    /**
     * Trains, stopping between two optimizer steps once {@code stop} is raised.
     *
     * @throws TrainingStoppedException when {@code stop} was raised; the last epoch's checkpoint is kept for resume
     */
    public static Result train(TrainingJob job, TrainingListener listener, StopSignal stop) throws IOException {
        Objects.requireNonNull(job.split(), "the job has no split (TrainingJob.Builder.setSplit)");
        Objects.requireNonNull(job.out(), "the job has no run directory (TrainingJob.Builder.setOut)");
        stop.enter();
        try {
            ModelTrainer trainer = new ModelTrainer(job, listener, stop);
            try {
                return trainer.run();
            } finally {
                trainer.network.close();
            }
        } finally {
            stop.exit();
        }
    }

    /**
     * Training throughput: {@code repeat} rounds of the same {@code batches} optimizer steps
     * (forward + backward + update) on shuffled training batches, after one warm-up round; every
     * round does the same work, so rounds differ only by the machine's noise.
     *
     * @return crystals per second of each timed round
     */
    public static double[] throughput(TrainingJob job, int batches, int repeat) throws IOException {
        ModelTrainer trainer = new ModelTrainer(job, new TrainingListener() { }, new StopSignal());
        try {
            double[] rates = new double[repeat];
            List<int[]> plan = trainer.planner.shuffled(trainer.train, job.data().graphs(), new Random(job.training().seed()));
            double[][] sink = new double[trainer.tasks][job.data().size()];
            for (int round = -1; round < repeat; round++) {
                long crystals = 0, t0 = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    int[] batch = plan.get(b % plan.size());
                    trainer.step(batch, job.training().learningRate(), b, sink);
                    crystals += batch.length;
                }
                if (round >= 0) rates[round] = crystals / ((System.nanoTime() - t0) / 1e9);
            }
            return rates;
        } finally {
            trainer.network.close();
        }
    }

    private Result run() throws IOException {
        TrainingConfig tc = job.training();
        Files.createDirectories(job.out());
        Path checkpoint = job.out().resolve(TrainingCheckpoint.FILE);
        MetricsLog metricsLog = new MetricsLog(job.out(), job.tasks());
        if (job.resume() && Files.isRegularFile(checkpoint)) {
            loadCheckpoint(checkpoint);
            if (stopping.bestEpoch() >= 0 && !Files.isRegularFile(job.out().resolve(ModelArchive.PARAMETERS))) {
                // the checkpoint holds the last epoch's weights, not the best one's: without them the run could not finish
                throw new IOException(job.out() + ": the checkpoint is there, but not the best epoch's model (" + ModelArchive.PARAMETERS
                        + ", epoch " + (stopping.bestEpoch() + 1) + ") that it was saved beside; copy the whole directory to resume, or train afresh");
            }
            metricsLog.truncateAfter(epochsDone);
            listener.message(String.format(Locale.ROOT, "resuming after epoch %d (best score %.4f at epoch %d)",
                    epochsDone, stopping.bestScore(), stopping.bestEpoch() + 1));
        } else if (job.resume()) {
            listener.message("no checkpoint in " + job.out() + ": starting at epoch 1");
        }
        if (epochsDone == 0) metricsLog.start();
        listener.message(String.format(Locale.ROOT, "%d parameters; %d train / %d validation / %d test crystals; tasks %s; on %s, %d threads",
                network.parameterCount(), train.length, validation.length, test.length, taskNames(),
                network.manager.getDevice(), TorchThreads.fix()));
        long started = System.nanoTime();
        double before = elapsed;
        boolean finished = true;
        while (epochsDone < tc.epochs()) {
            if (stopping.exhausted()) {
                listener.message("early stop: no better validation score for " + stopping.stale() + " epochs");
                break;
            }
            if (job.maxSeconds() > 0 && elapsed - before >= job.maxSeconds()) {
                listener.message("time limit reached after epoch " + epochsDone + "; " + job.resumeAdvice());
                finished = false;
                break;
            }
            runEpoch(epochsDone, metricsLog);
            elapsed = before + (System.nanoTime() - started) / 1e9;
            saveCheckpoint(checkpoint);
        }
        return new Result(finish(finished), finished, epochsDone, elapsed);
    }

    private void runEpoch(int epoch, MetricsLog metricsLog) throws IOException {
        TrainingConfig tc = job.training();
        long t0 = System.nanoTime();
        Random random = new Random(tc.seed() * 1_000_003L + epoch);
        List<int[]> batches = planner.shuffled(train, job.data().graphs(), random);
        listener.epochStarted(epoch + 1, tc.epochs(), batches.size());
        double lossSum = 0;
        double[][] trainPredicted = new double[tasks][job.data().size()];
        double lr = 0;
        int skippedBefore = skippedBatches;
        for (int b = 0; b < batches.size(); b++) {
            lr = tc.learningRateAt(epoch + (double) b / batches.size());
            double loss = step(batches.get(b), lr, tc.seed() * 1_000_003L * 1_000_003L + epoch * 1_000_003L + b, trainPredicted);
            if (Double.isFinite(loss)) lossSum += loss;
            listener.batchDone(b + 1, loss);
            if (stop.requested()) throw stopped(epoch);
        }
        if (skippedBatches - skippedBefore == batches.size()) {
            throw new IOException("training diverged: every batch of epoch " + (epoch + 1) + " had a non-finite loss or gradient"
                    + (stopping.bestEpoch() >= 0 ? "; the best model so far (epoch " + (stopping.bestEpoch() + 1) + ") is in " + job.out() : "")
                    + ". Try a lower --lr or --clip.");
        }
        epochsDone = epoch + 1;
        Map<String, Map<String, Double>> trainMetrics = scores.metrics(train, trainPredicted);
        // Without a validation set (a model trained on train + validation for a fixed schedule)
        // the epochs are scored, and the best kept, on the training crystals, and labelled so.
        boolean validated = validation.length > 0;
        if (average != null) writeWeights(average.weights());  // validated, and kept, as averaged
        double[][] valPredicted;
        try {
            valPredicted = validated ? predict(validation) : trainPredicted;
        } catch (CancellationException e) {
            throw stopped(epoch);
        }
        int[] scored = validated ? validation : train;
        Map<String, Map<String, Double>> valMetrics = scores.metrics(scored, valPredicted);
        double score = scores.score(scored, valPredicted);
        if (stopping.record(epoch, score)) {
            ModelArchive.save(job.out(), manifest(Map.of(validated ? "validation" : "train", valMetrics)), network, job.split());
        }
        if (average != null) writeWeights(weights);
        double seconds = (System.nanoTime() - t0) / 1e9;
        metricsLog.append(epoch + 1, lr, lossSum / batches.size(), score, trainMetrics, valMetrics, seconds);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  %s score %.4f%s  %.0f s  (%.0f crystals/s)",
                epoch + 1, tc.epochs(), lossSum / batches.size(), validated ? "val" : "train", score, stopping.bestEpoch() == epoch ? " *" : "", seconds, train.length / seconds));
        for (TaskSpec t : job.tasks()) {
            s.append(String.format(Locale.ROOT, "%n    %-28s train MAE %.4f", t.name(), trainMetrics.get(t.name()).getOrDefault("mae", Double.NaN)));
            if (validated) s.append(String.format(Locale.ROOT, "  val MAE %.4f", valMetrics.get(t.name()).getOrDefault("mae", Double.NaN)));
            s.append(' ').append(t.unit());
        }
        listener.epochDone(epoch + 1, s.toString());
        double[] trainMae = job.tasks().stream().mapToDouble(t -> trainMetrics.get(t.name()).getOrDefault("mae", Double.NaN)).toArray();
        divergence.check(epoch + 1, trainMae, batches.size(), stopping.bestEpoch() + 1).ifPresent(listener::message);
    }

    /** The stop during (0-based) {@code epoch}, said to the listener first: the JVM may halt before the caller prints it. */
    private TrainingStoppedException stopped(int epoch) {
        String text = "stopped during epoch " + (epoch + 1) + (epochsDone > 0
                ? "; the checkpoint after epoch " + epochsDone + " is kept in " + job.out() + ": " + job.resumeAdvice()
                : "; no epoch had finished, so there is nothing to resume");
        listener.message(text);
        return new TrainingStoppedException(text, epochsDone);
    }

    /** The stop while the best epoch is scored on every split: the epochs are all checkpointed, so a resume only scores again. */
    private TrainingStoppedException stoppedInFinalEvaluation() {
        String text = "stopped during the final evaluation, after epoch " + epochsDone + "; the checkpoint is kept in " + job.out()
                + ", and the archive there holds the best epoch without its final metrics: " + job.resumeAdvice() + " to evaluate it";
        listener.message(text);
        return new TrainingStoppedException(text, epochsDone);
    }

    /**
     * Zeroes a parameter's gradient for the next step (PyTorch accumulates them). g - g is the
     * cheap way, but a NaN or infinite entry stays NaN under it, and every later batch would then
     * have a NaN gradient and be skipped: one overflow froze a whole training run that way. The
     * indexed fill writes into the gradient's own storage; {@code g.set(float[])} would point the
     * gradient at a Java buffer that the garbage collector later frees (a JVM crash).
     */
    static void clearGradient(NDArray g, float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                g.set(new NDIndex("..."), 0f);
                return;
            }
        }
        g.subi(g);
    }

    /** Names of the parameters whose gradients hold NaN or infinity (the last entry is the task log-variances). */
    private String nonFinite(List<float[]> gradients) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < gradients.size(); i++) {
            for (float v : gradients.get(i)) {
                if (!Float.isFinite(v)) {
                    names.add(i < parameters.size() ? parameterNames.get(i) : "task log-variances");
                    break;
                }
            }
        }
        if (names.size() >= parameters.size()) return "every parameter";
        return names.size() > 6 ? names.subList(0, 6) + " and " + (names.size() - 6) + " more" : names.toString();
    }

    /** One optimizer step on a batch; records the batch's predictions (original units). */
    private double step(int[] rows, double lr, long dropoutSeed, double[][] predicted) {
        List<CrystalGraph> members = job.data().graphsOf(rows);
        float[] y = rowsOf(target, rows), m = rowsOf(mask, rows);
        List<float[]> gradients = new ArrayList<>();
        double lossValue;
        try (NDScope scope = new NDScope(); NDManager sub = network.manager.newSubManager()) {
            NDList inputs = BatchTensors.inputs(sub, members, network.config);
            NDArray yArray = sub.create(y, new Shape(rows.length, tasks));
            NDArray mArray = sub.create(m, new Shape(rows.length, tasks));
            NDArray logVar = null;
            if (job.training().weighting() == TrainingConfig.TaskWeighting.UNCERTAINTY) {
                logVar = sub.create(logVariance);
                logVar.setRequiresGradient(true);
            }
            float[] out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList outputs = network.block.forward(network.store, inputs, true,
                        new PairList<>(List.of(MixtureOfExperts.DROPOUT_SEED), List.<Object>of(dropoutSeed)));
                NDArray prediction = ReGNetNetwork.predictions(outputs);
                NDArray present = mArray.sum(new int[] {0}).gt(0f).toType(DataType.FLOAT32, false);
                NDArray perTask = TaskLoss.perTask(prediction, yArray, mArray, job.training().loss());
                if (teacher != null) {
                    // (1 − α) L(f, y) + α L(f, ŷ_teacher); a task counts when either has a target in the batch
                    NDArray tArray = sub.create(rowsOf(teacher.target(), rows), new Shape(rows.length, tasks));
                    NDArray tmArray = sub.create(rowsOf(teacher.mask(), rows), new Shape(rows.length, tasks));
                    double alpha = job.distillation().weight();
                    // constants as arrays, not Java numbers: DJL frees a number's buffer while autograd may still need it (README)
                    perTask = perTask.mul(Layer.constant(perTask, 1 - alpha))
                            .add(TaskLoss.perTask(prediction, tArray, tmArray, job.training().loss()).mul(Layer.constant(perTask, alpha)));
                    present = mArray.add(tmArray).sum(new int[] {0}).gt(0f).toType(DataType.FLOAT32, false);
                }
                NDArray notZero = ReGNetNetwork.notZeroLogits(outputs);
                if (notZero != null) perTask = perTask.add(network.ranges.notZeroLoss(notZero, yArray, mArray));  // the hurdle head's classifier
                NDArray loss = TaskLoss.combine(perTask, present, logVar);
                collector.backward(loss);
                lossValue = loss.getFloat();
                out = prediction.toFloatArray();
            }
            for (Parameter p : parameters) {
                NDArray g = p.getArray().getGradient();
                float[] values = g.toFloatArray();
                gradients.add(values);
                clearGradient(g, values);
            }
            gradients.add(logVar != null ? logVar.getGradient().toFloatArray() : new float[tasks]);
            for (int i = 0; i < rows.length; i++) {
                int atoms = members.get(i).atoms();
                for (int t = 0; t < tasks; t++) predicted[t][rows[i]] = scores.physical(t, out[i * tasks + t], atoms);
            }
        }
        double norm = AdamW.clip(gradients, job.training().clipNorm());
        if (!Double.isFinite(lossValue) || !Double.isFinite(norm)) {
            // one bad batch must not poison the weights: skip it, and say which crystals it held
            if (skippedBatches++ < 5) {
                List<String> ids = new ArrayList<>();
                for (CrystalGraph g : members) ids.add(g.id());
                listener.message(String.format(Locale.ROOT, "warning: non-finite loss %.4g or gradient norm %.4g (in %s); batch skipped: %s",
                        lossValue, norm, nonFinite(gradients), ids.size() > 8 ? ids.subList(0, 8) + "..." : ids));
            }
            return lossValue;
        }
        List<float[]> all = new ArrayList<>(weights);
        all.add(logVariance);
        optimizer.update(all, gradients, decay, lr, job.training().weightDecay());
        if (average != null) average.update(weights);
        writeWeights(weights);
        return lossValue;
    }

    /**
     * Copies weights (the trained ones, or their average) into the parameters' own (PyTorch-owned)
     * memory. NDArray.set would instead point each parameter at a Java direct buffer that the GC may
     * free while PyTorch still uses it: nondeterministic numbers, or NaN.
     */
    private void writeWeights(List<float[]> values) {
        try (NDManager sub = network.manager.newSubManager()) {
            for (int p = 0; p < parameters.size(); p++) {
                NDArray w = parameters.get(p).getArray();
                w.muli(0f).addi(sub.create(values.get(p), w.getShape()));
            }
        }
    }

    /** The entries (row × tasks + task) of the given rows, in batch order. */
    private float[] rowsOf(float[] perRow, int[] rows) {
        float[] out = new float[rows.length * tasks];
        for (int i = 0; i < rows.length; i++) System.arraycopy(perRow, rows[i] * tasks, out, i * tasks, tasks);
        return out;
    }

    /** Predictions (original units) per task for the given rows; other entries are unused. */
    private double[][] predict(int[] rows) {
        return scores.physical(rows, network.predict(job.data().graphs(), rows, planner, stop::requested));
    }

    /** Reloads the best epoch's parameters, scores every split and writes the final archive. */
    private ReGNetModel finish(boolean finished) throws IOException {
        ModelArchive.Contents best = ModelArchive.read(job.out());
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(best.parameters()))) {
            network.load(in);
        }
        FinalEvaluation evaluation;
        try {
            evaluation = FinalEvaluation.of(job, network, planner, scores, new FinalEvaluation.Rows(train, validation, test), stop::requested);
        } catch (CancellationException e) {
            throw stoppedInFinalEvaluation();
        }
        Manifest manifest = manifest(evaluation.metrics()).withDomain(evaluation.domain());
        if (evaluation.intervals() != null) manifest = manifest.withIntervals(evaluation.intervals(), evaluation.metrics());
        ModelArchive.save(job.out(), manifest, network, job.split());
        if (test.length > 0) {
            StringBuilder s = new StringBuilder("test set (" + test.length + " crystals), best epoch " + (stopping.bestEpoch() + 1) + ":");
            for (TaskSpec t : job.tasks()) {
                Map<String, Double> m = evaluation.metrics().get("test").get(t.name());
                s.append(String.format(Locale.ROOT, "%n    %-28s MAE %.4f  RMSE %.4f  R² %.4f %s", t.name(),
                        m.getOrDefault("mae", Double.NaN), m.getOrDefault("rmse", Double.NaN), m.getOrDefault("r2", Double.NaN), t.unit()));
            }
            listener.message(s.toString());
        }
        if (!finished) listener.message("(training stopped by the time limit; the archive holds the best epoch so far)");
        return ReGNetModel.load(job.out());
    }

    /** The tasks with their normalization and declarations, and the loss log-variances when given. */
    private List<Manifest.Task> manifestTasks(float[] logVariances) {
        List<Manifest.Task> taskList = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            TaskSpec s = job.tasks().get(t);
            Double logVar = logVariances != null && job.training().weighting() == TrainingConfig.TaskWeighting.UNCERTAINTY
                    ? (double) logVariances[t] : null;
            taskList.add(new Manifest.Task(s.name(), s.unit(), s.extensive(), scaler.mean()[t], scaler.std()[t], logVar, s.nonNegative()));
        }
        return taskList;
    }

    private Manifest manifest(Map<String, Map<String, Map<String, Double>>> metrics) {
        List<Manifest.Task> taskList = manifestTasks(logVariance);
        TreeSet<Integer> elements = new TreeSet<>();
        for (int r : train) for (int z : job.data().graphs().get(r).speciesNumber()) if (z > 0) elements.add(z);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("train", train.length);
        sizes.put("validation", validation.length);
        sizes.put("test", test.length);
        Manifest.Provenance provenance = new Manifest.Provenance(CodeVersion.get(), Instant.now().toString(), job.dataFiles(),
                job.split().method(), sizes, job.training().seed(), job.training(), epochsDone, stopping.bestEpoch() + 1, elapsed, job.command(),
                initialization, teacher == null ? null : teacher.description(), Manifest.Environment.current());
        return Manifest.of(job.model(), taskList, job.graph(), job.occupancy(), List.copyOf(elements), provenance, metrics, null);
    }

    private List<String> taskNames() {
        List<String> names = new ArrayList<>();
        for (TaskSpec t : job.tasks()) names.add(t.name());
        return names;
    }

    // ---- checkpoint: everything needed to continue bit for bit ----

    private String fingerprint() throws IOException {
        List<Object> settings = new ArrayList<>(List.of(job.model(), job.training().withEpochs(1), job.split().method(),
                job.split().train().size(), taskNames()));
        if (initialization != null) settings.add(initialization);  // a resumed warm start needs the same initial model
        if (teacher != null) settings.add(teacher.description());  // and a resumed distillation the same teacher
        return ModelArchive.JSON.writeValueAsString(settings);
    }

    /** What a checkpoint restores besides the progress. */
    private TrainingCheckpoint.State checkpointState() {
        return new TrainingCheckpoint.State(logVariance, optimizer, network, average);
    }

    private void saveCheckpoint(Path file) throws IOException {
        TrainingCheckpoint.save(file, fingerprint(), new TrainingCheckpoint.Progress(epochsDone, stopping.bestEpoch(), stopping.stale(), stopping.bestScore(), elapsed),
                checkpointState());
    }

    private void loadCheckpoint(Path file) throws IOException {
        TrainingCheckpoint.Progress progress = TrainingCheckpoint.load(file, fingerprint(), checkpointState());
        epochsDone = progress.epochsDone();
        stopping.restore(progress.bestEpoch(), progress.stale(), progress.bestScore());
        elapsed = progress.elapsed();
        for (int p = 0; p < parameters.size(); p++) {
            parameters.get(p).getArray().setRequiresGradient(true);  // loaded arrays start without
            float[] w = parameters.get(p).getArray().toFloatArray();
            System.arraycopy(w, 0, weights.get(p), 0, w.length);
        }
    }
}
