package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Dataset;
import org.regnet.data.Featurizer;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Training on a tiny set of our own crystals with made-up labels. */
class TrainingTest {
    private static final ModelConfig SMALL = ModelConfig.defaults().withHidden(32).withLayers(2);
    private static final List<TaskSpec> TASKS = List.of(new TaskSpec("a", "eV", false), new TaskSpec("b", "", false));

    /** Eight crystals, labels made up; crystal 2 lacks label b. */
    static Dataset tiny() {
        Featurizer f = new Featurizer(TestCrystals.GRAPH, SMALL.gmax());
        List<Structure> s = new ArrayList<>(TestCrystals.all());
        s.add(TestCrystals.triclinic(99));
        s.add(TestCrystals.disordered());
        s.add(Transforms.changeBasis(TestCrystals.perovskite(), new int[][] {{1, 1, 0}, {0, 1, 0}, {0, 0, 1}}));
        List<CrystalGraph> graphs = new ArrayList<>();
        double[][] labels = new double[s.size()][];
        for (int i = 0; i < s.size(); i++) {
            Structure c = s.get(i).toBuilder().id("x" + i).build();
            graphs.add(f.featurize(c));
            labels[i] = new double[] {Math.sin(i) * 2 + 1, i == 2 ? Double.NaN : i * 0.5 - 1};
        }
        labels[7][0] = labels[2][0] + 0.3;  // a relabelled perovskite: the model may not fit both; leave it out of training below
        return new Dataset(List.of("a", "b"), graphs, labels, List.of());
    }

    static TrainingJob job(Dataset d, Path out, TrainingConfig tc, boolean resume, double maxSeconds) {
        return job(d, out, SMALL, tc, resume, maxSeconds);
    }

    static TrainingJob job(Dataset d, Path out, ModelConfig config, TrainingConfig tc, boolean resume, double maxSeconds) {
        List<String> ids = d.ids();
        Split split = new Split("test", ids.subList(0, 7), ids.subList(7, 8), List.of());
        return TrainingJob.builder().setData(d).setSplit(split).setTasks(TASKS).setModel(config).setGraph(TestCrystals.GRAPH).setTraining(tc)
                .setOut(out).optResume(resume).optTimeLimit(maxSeconds).build();
    }

    @Test
    void overfitsATinySet(@TempDir Path dir) throws IOException {
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(300).withBatchSize(4).withLearningRate(1e-3).withWarmup(5)
                .withPatience(0).withLoss(TrainingConfig.LossKind.MSE).withWeighting(TrainingConfig.TaskWeighting.EQUAL);
        ModelTrainer.Result r = ModelTrainer.train(job(tiny(), dir, tc, false, 0), new TrainingListener() { });
        r.model().close();  // the archive keeps the best validation epoch; the fit is judged on the last one
        List<String> lines = Files.readAllLines(dir.resolve(MetricsLog.FILE));
        assertTrue(lines.size() > 300);
        List<String> header = List.of(lines.get(0).split(","));
        double mae = Double.parseDouble(lines.get(lines.size() - 1).split(",")[header.indexOf("a_train_mae")]);
        assertTrue(mae < 0.05, "train MAE of task a in epoch 300: " + mae);
    }

    @Test
    void withoutAValidationSetEpochsAreScoredAndLabelledOnTheTrainingCrystals(@TempDir Path dir) throws IOException {
        Dataset d = tiny();
        Split trainAndTest = new Split("train + validation", d.ids().subList(0, 6), List.of(), d.ids().subList(6, 8));
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(4).withPatience(0);
        List<String> summaries = new ArrayList<>();
        TrainingJob job = TrainingJob.builder().setData(d).setSplit(trainAndTest).setTasks(TASKS).setModel(SMALL).setGraph(TestCrystals.GRAPH)
                .setTraining(tc).setOut(dir).build();
        try (ReGNetModel model = ModelTrainer.train(job, new TrainingListener() {
            @Override
            public void epochDone(int epoch, String summary) { summaries.add(summary); }
        }).model()) {
            assertEquals(2, summaries.size());
            for (String s : summaries) {
                assertTrue(s.contains("train score") && !s.contains("val"), "no validation figures are claimed: " + s);
            }
            assertEquals(java.util.Set.of("train", "test"), model.metrics().keySet());
        }
    }

    @Test
    void aMissingLabelGivesNoGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray predicted = m.create(new float[] {0.3f, -1.2f, 2.0f, 0.7f}, new Shape(2, 2));
            predicted.setRequiresGradient(true);
            NDArray target = m.create(new float[] {1f, 5f, 0f, 0f}, new Shape(2, 2));
            NDArray mask = m.create(new float[] {1f, 1f, 1f, 0f}, new Shape(2, 2));  // sample 1 lacks task 1
            for (TrainingConfig.LossKind kind : TrainingConfig.LossKind.values()) {
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray perTask = TaskLoss.perTask(predicted, target, mask, kind);
                    c.backward(TaskLoss.combine(perTask, m.create(new float[] {1f, 1f}), m.create(new float[] {0.2f, -0.4f})));
                }
                float[] g = predicted.getGradient().toFloatArray();
                assertEquals(0f, g[3], kind + ": the missing label got a gradient");
                assertTrue(g[0] != 0 && g[1] != 0 && g[2] != 0, kind + ": labelled entries must get gradients");
                predicted.getGradient().subi(predicted.getGradient());
            }
        }
    }

    @Test
    void archiveRoundTripGivesIdenticalPredictions(@TempDir Path dir) throws IOException {
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(4);
        Dataset d = tiny();
        try (ReGNetModel trained = ModelTrainer.train(job(d, dir, tc, false, 0), new TrainingListener() { }).model();
             ReGNetModel loaded = ReGNetModel.load(dir)) {
            assertArrayEquals(flatten(trained.predictGraphs(d.graphs())), flatten(loaded.predictGraphs(d.graphs())));
            assertEquals(trained.manifest().tasks(), loaded.manifest().tasks());
            assertEquals(d.ids().subList(0, 7), loaded.split().train());
            // and as a zip
            Path zip = dir.resolveSibling(dir.getFileName() + ".zip");
            try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
                for (String name : new String[] {ModelArchive.MANIFEST, ModelArchive.PARAMETERS, ModelArchive.SPLIT}) {
                    out.putNextEntry(new java.util.zip.ZipEntry("model/" + name));
                    out.write(Files.readAllBytes(dir.resolve(name)));
                }
            }
            try (ReGNetModel zipped = ReGNetModel.load(zip)) {
                assertArrayEquals(flatten(trained.predictGraphs(d.graphs())), flatten(zipped.predictGraphs(d.graphs())));
            }
        }
    }

    @Test
    void anAngularModelTrainsAndRoundTrips(@TempDir Path dir) throws IOException {
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(4);
        Dataset d = tiny();
        try (ReGNetModel trained = ModelTrainer.train(job(d, dir, SMALL.withAngular(true), tc, false, 0), new TrainingListener() { }).model();
             ReGNetModel loaded = ReGNetModel.load(dir)) {
            assertTrue(loaded.manifest().architecture().angular());
            assertArrayEquals(flatten(trained.predictGraphs(d.graphs())), flatten(loaded.predictGraphs(d.graphs())));
        }
    }

    @Test
    void aHurdleModelTrainsAndRoundTrips(@TempDir Path dir) throws IOException {
        // task b is non-negative and zero for half the crystals (as band gaps are for metals)
        Dataset t = tiny();
        double[][] labels = new double[t.size()][];
        for (int i = 0; i < labels.length; i++) labels[i] = new double[] {t.labels()[i][0], i % 2 == 0 ? 0 : 1 + 0.3 * i};
        Dataset d = new Dataset(t.targets(), t.graphs(), labels, List.of());
        List<TaskSpec> tasks = List.of(new TaskSpec("a", "eV", false), new TaskSpec("b", "eV", false, true));
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(4);
        Split split = new Split("test", d.ids().subList(0, 7), d.ids().subList(7, 8), List.of());
        TrainingJob job = TrainingJob.builder().setData(d).setSplit(split).setTasks(tasks).setModel(SMALL.withNonNegativeHead(NonNegativeHead.HURDLE))
                .setGraph(TestCrystals.GRAPH).setTraining(tc).setOut(dir).build();
        try (ReGNetModel trained = ModelTrainer.train(job, new TrainingListener() { }).model();
             ReGNetModel loaded = ReGNetModel.load(dir)) {
            assertTrue(loaded.manifest().requires().contains("output-non-negative-hurdle"), loaded.manifest().requires().toString());
            assertEquals(NonNegativeHead.HURDLE, loaded.manifest().architecture().nonNegativeHead());
            double[][] predicted = trained.predictGraphs(d.graphs());
            assertArrayEquals(flatten(predicted), flatten(loaded.predictGraphs(d.graphs())));
            for (double[] p : predicted) assertTrue(p[1] >= 0, "b is non-negative: " + p[1]);
        }
    }

    @Test
    void anIncompatibleFormatVersionIsRefused(@TempDir Path dir) throws IOException {
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(1).withBatchSize(4);
        ModelTrainer.train(job(tiny(), dir, tc, false, 0), new TrainingListener() { }).model().close();
        Path manifest = dir.resolve(ModelArchive.MANIFEST);
        String written = Files.readString(manifest);
        assertTrue(written.contains("\"formatVersion\" : 2"), "model v2 archives are format 2");
        Files.writeString(manifest, written.replace("\"formatVersion\" : 2", "\"formatVersion\" : 99"));
        IOException e = assertThrows(IOException.class, () -> ReGNetModel.load(dir));
        assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
        // a feature this build does not know is refused, not dropped
        Files.writeString(manifest, written.replace("\"requires\" : [", "\"requires\" : [ \"reciprocal-hyperbolic\", "));
        e = assertThrows(IOException.class, () -> ReGNetModel.load(dir));
        assertTrue(e.getMessage().contains("needs reciprocal-hyperbolic"), e.getMessage());
        // the forms format 2 depends on must be spelled out
        Files.writeString(manifest, written.replace("\"reciprocalForm\"", "\"formerlyReciprocalForm\""));
        e = assertThrows(IOException.class, () -> ReGNetModel.load(dir));
        assertTrue(e.getMessage().contains("must state its reciprocalForm"), e.getMessage());
        Files.writeString(manifest, written);
        try (ReGNetModel m = ReGNetModel.load(dir)) {
            assertTrue(m.manifest().requires().containsAll(List.of("reciprocal-ewald", "reciprocal-envelope", "graph-radius",
                    "local-smooth-cutoff-sum", "domain-of-applicability")), m.manifest().requires().toString());
            assertTrue(m.manifest().provenance().codeVersion().contains("git "), m.manifest().provenance().codeVersion());
            assertTrue(m.manifest().provenance().environment().pytorch().startsWith("2."), "the PyTorch version is recorded");
            assertTrue(m.manifest().provenance().environment().threads() > 0, "the PyTorch thread count is recorded");
        }
    }

    @Test
    void resumedTrainingEqualsUninterruptedTraining(@TempDir Path dir) throws IOException {
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(3).withBatchSize(3);
        ModelConfig withDropout = SMALL.withDropout(0.3);  // dropout masks must be reproducible too
        Dataset d = tiny();
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed"), again = dir.resolve("again");
        float[] a, b, c;
        try (ReGNetModel m = ModelTrainer.train(job(d, straight, withDropout, tc, false, 0), new TrainingListener() { }).model()) {
            a = flatten(m.predictGraphs(d.graphs()));
        }
        // stop after the first epoch (a time limit of ~0 s), then resume to the end
        ModelTrainer.Result first = ModelTrainer.train(job(d, resumed, withDropout, tc, false, 1e-9), new TrainingListener() { });
        first.model().close();
        assertFalse(first.finished());
        assertEquals(1, first.epochs());
        try (ReGNetModel m = ModelTrainer.train(job(d, resumed, withDropout, tc, true, 0), new TrainingListener() { }).model()) {
            b = flatten(m.predictGraphs(d.graphs()));
        }
        try (ReGNetModel m = ModelTrainer.train(job(d, again, withDropout, tc, false, 0), new TrainingListener() { }).model()) {
            c = flatten(m.predictGraphs(d.graphs()));
        }
        assertArrayEquals(a, b, "resumed");
        assertArrayEquals(a, c, "same seed, same data, second run");
        // a checkpoint copied without the best epoch's model is refused at once, not after the remaining epochs
        Path orphan = Files.createDirectories(dir.resolve("orphan"));
        Files.copy(resumed.resolve(TrainingCheckpoint.FILE), orphan.resolve(TrainingCheckpoint.FILE));
        String message = assertThrows(IOException.class, () -> ModelTrainer.train(job(d, orphan, withDropout, tc.withEpochs(4), true, 0),
                new TrainingListener() { })).getMessage();
        assertTrue(message.contains("not the best epoch's model (parameters.bin"), message);
        assertEquals(Files.readString(straight.resolve(MetricsLog.FILE)).lines().map(l -> l.substring(0, l.lastIndexOf(','))).toList(),
                Files.readString(resumed.resolve(MetricsLog.FILE)).lines().map(l -> l.substring(0, l.lastIndexOf(','))).toList());
    }

    @Test
    void aStopBetweenStepsKeepsTheLastEpochsCheckpointAndResumesExactly(@TempDir Path dir) throws IOException {
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(3).withBatchSize(3);
        Dataset d = tiny();
        Path straight = dir.resolve("straight"), stopped = dir.resolve("stopped");
        float[] a, b;
        try (ReGNetModel m = ModelTrainer.train(job(d, straight, tc, false, 0), new TrainingListener() { }).model()) {
            a = flatten(m.predictGraphs(d.graphs()));
        }
        StopSignal stop = new StopSignal();
        List<String> messages = new ArrayList<>();
        TrainingListener stopInEpochTwo = new TrainingListener() {
            int epoch;
            @Override public void epochStarted(int e, int epochs, int batches) { epoch = e; }
            @Override public void batchDone(int batch, double loss) { if (epoch == 2 && batch == 2) stop.request(); }  // from "another thread"
            @Override public void message(String line) { messages.add(line); }
        };
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class,
                () -> ModelTrainer.train(job(d, stopped, tc, false, 0), stopInEpochTwo, stop));
        assertEquals(1, e.epochsDone());
        assertTrue(e.getMessage().startsWith("stopped during epoch 2; the checkpoint after epoch 1 is kept"), e.getMessage());
        assertTrue(messages.contains(e.getMessage()), "said before the JVM may halt: " + messages);
        assertTrue(stop.requestAndAwait(java.time.Duration.ZERO), "the training released its native memory");
        assertEquals(2, Files.readAllLines(stopped.resolve(MetricsLog.FILE)).size(), "header and epoch 1 only");
        try (ReGNetModel m = ModelTrainer.train(job(d, stopped, tc, true, 0), new TrainingListener() { }).model()) {
            b = flatten(m.predictGraphs(d.graphs()));
        }
        assertArrayEquals(a, b, "the stopped epoch is repeated exactly on resume");
    }

    @Test
    void aStopDuringTheFinalEvaluationStopsAtOnceAndResumeOnlyEvaluates(@TempDir Path dir) throws IOException {
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(3);
        Dataset d = tiny();
        Path straight = dir.resolve("straight"), stopped = dir.resolve("stopped");
        float[] a, b;
        Map<String, Map<String, Map<String, Double>>> straightMetrics;
        try (ReGNetModel m = ModelTrainer.train(job(d, straight, tc, false, 0), new TrainingListener() { }).model()) {
            a = flatten(m.predictGraphs(d.graphs()));
            straightMetrics = m.metrics();
        }
        StopSignal stop = new StopSignal();
        List<String> messages = new ArrayList<>();
        TrainingListener stopAfterTheLastEpoch = new TrainingListener() {
            @Override public void epochDone(int epoch, String summary) { if (epoch == 2) stop.request(); }
            @Override public void message(String line) { messages.add(line); }
        };
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class,
                () -> ModelTrainer.train(job(d, stopped, tc, false, 0), stopAfterTheLastEpoch, stop));
        assertEquals(2, e.epochsDone());
        assertTrue(e.getMessage().startsWith("stopped during the final evaluation, after epoch 2; the checkpoint is kept"), e.getMessage());
        assertTrue(messages.contains(e.getMessage()), messages.toString());
        assertTrue(stop.requestAndAwait(java.time.Duration.ZERO), "the training released its native memory");
        assertTrue(Files.isRegularFile(stopped.resolve(TrainingCheckpoint.FILE)));
        List<String> resumedMessages = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override public void epochStarted(int epoch, int epochs, int batches) { fail("no epoch is left to train, yet epoch " + epoch + " started"); }
            @Override public void message(String line) { resumedMessages.add(line); }
        };
        try (ReGNetModel m = ModelTrainer.train(job(d, stopped, tc, true, 0), recorder).model()) {
            b = flatten(m.predictGraphs(d.graphs()));
            assertEquals(straightMetrics, m.metrics(), "the final metrics, as an uninterrupted run writes them");
        }
        assertArrayEquals(a, b);
        assertTrue(resumedMessages.stream().anyMatch(l -> l.startsWith("resuming after epoch 2")), resumedMessages.toString());
    }

    @Test
    void theWeightAverageIsWhatIsValidatedKeptAndResumedExactly(@TempDir Path dir) throws IOException {
        TrainingConfig plain = TrainingConfig.defaults().withEpochs(4).withBatchSize(3).withPatience(0);
        TrainingConfig averaged = plain.withAverageDecay(0.8);
        Dataset d = tiny();
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed"), unaveraged = dir.resolve("plain");
        float[] a, b, c;
        double keptValidationMae;
        try (ReGNetModel m = ModelTrainer.train(job(d, straight, averaged, false, 0), new TrainingListener() { }).model()) {
            a = flatten(m.predictGraphs(d.graphs()));
            keptValidationMae = m.metrics().get("validation").get("a").get("mae");
            assertEquals(0.8, m.manifest().provenance().training().averageDecay(), "the manifest records the average");
        }
        ModelTrainer.train(job(d, resumed, averaged, false, 1e-9), new TrainingListener() { }).model().close();
        try (ReGNetModel m = ModelTrainer.train(job(d, resumed, averaged, true, 0), new TrainingListener() { }).model()) {
            b = flatten(m.predictGraphs(d.graphs()));
        }
        try (ReGNetModel m = ModelTrainer.train(job(d, unaveraged, plain, false, 0), new TrainingListener() { }).model()) {
            c = flatten(m.predictGraphs(d.graphs()));
        }
        assertArrayEquals(a, b, "a resumed run carries the average in its checkpoint");
        assertFalse(java.util.Arrays.equals(a, c), "the averaged weights are not the weights as trained");
        // the shipped weights are the ones that were validated: the kept epoch's logged validation MAE is the archive's
        List<String> lines = Files.readAllLines(straight.resolve(MetricsLog.FILE));
        List<String> header = List.of(lines.get(0).split(","));
        double bestLogged = lines.subList(1, lines.size()).stream()
                .mapToDouble(l -> Double.parseDouble(l.split(",")[header.indexOf("val_score")])).min().orElseThrow();
        String bestLine = lines.subList(1, lines.size()).stream()
                .filter(l -> Double.parseDouble(l.split(",")[header.indexOf("val_score")]) == bestLogged).findFirst().orElseThrow();
        assertEquals(Double.parseDouble(bestLine.split(",")[header.indexOf("a_val_mae")]), keptValidationMae, 1e-5);
    }

    @Test
    void resumeWithMoreEpochsExtendsAFinishedRun(@TempDir Path dir) throws IOException {
        Dataset d = tiny();
        TrainingConfig two = TrainingConfig.defaults().withEpochs(2).withBatchSize(3);
        ModelTrainer.train(job(d, dir, two, false, 0), new TrainingListener() { }).model().close();
        List<String> messages = new java.util.ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void message(String text) { messages.add(text); }
        };
        ModelTrainer.Result more = ModelTrainer.train(job(d, dir, two.withEpochs(4), true, 0), listener);
        more.model().close();
        assertTrue(more.finished());
        assertEquals(4, more.epochs());
        assertTrue(messages.get(0).startsWith("resuming after epoch 2"), messages.get(0));
        assertEquals(List.of("1", "2", "3", "4"), Files.readAllLines(dir.resolve(MetricsLog.FILE)).stream().skip(1)
                .map(l -> l.substring(0, l.indexOf(','))).toList());
    }

    private static float[] flatten(double[][] v) {
        float[] out = new float[v.length * v[0].length];
        for (int i = 0; i < v.length; i++) for (int t = 0; t < v[i].length; t++) out[i * v[i].length + t] = (float) v[i][t];
        return out;
    }

    @Test
    void aNonFiniteGradientIsClearedForTheNextStep() {
        int n = 100_000;
        float[] poison = new float[n], twos = new float[n];
        poison[0] = Float.POSITIVE_INFINITY;
        poison[1] = Float.NaN;
        java.util.Arrays.fill(twos, 2f);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[n]);
            w.setRequiresGradient(true);
            for (int round = 0; round < 50; round++) {  // with collections between: a cleared gradient must stay valid memory
                try (NDManager sub = m.newSubManager()) {
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        c.backward(w.mul(sub.create(poison)).sum());
                    }
                    NDArray g = w.getGradient();
                    float[] bad = g.toFloatArray();
                    assertFalse(Float.isFinite(bad[0]) && Float.isFinite(bad[1]), "the test needs a non-finite gradient");
                    ModelTrainer.clearGradient(g, bad);
                    assertArrayEquals(new float[n], g.toFloatArray(), "g - g would have left NaN");
                    g.close();  // as the trainer's NDScope does after every step
                }
                System.gc();
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    c.backward(w.mul(2f).sum());
                }
                NDArray g = w.getGradient();
                assertArrayEquals(twos, g.toFloatArray());
                g.subi(g);
            }
        }
    }
}
