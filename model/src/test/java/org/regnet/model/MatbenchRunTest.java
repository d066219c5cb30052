package org.regnet.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matbench protocol on our own eight crystals, with a folds file written here. */
class MatbenchRunTest {
    private static final TrainingConfig TWO_EPOCHS = TrainingConfig.defaults().withEpochs(2).withBatchSize(3).withPatience(0);

    /** The tiny training set with its first target only (a matbench task has one). */
    static Dataset oneTarget() {
        Dataset d = TrainingTest.tiny();
        double[][] labels = new double[d.size()][];
        for (int i = 0; i < d.size(); i++) labels[i] = new double[] {d.labels()[i][0]};
        return new Dataset(List.of("a"), d.graphs(), labels, List.of());
    }

    /** x0 … x7 in folds i mod 5, under task "t", plus another task's row that must be ignored. */
    static Path folds(Path dir) throws IOException {
        StringBuilder s = new StringBuilder("task,id,test_fold\n");
        for (int i = 0; i < 8; i++) s.append("t,x").append(i).append(',').append(i % 5).append('\n');
        s.append("other,x0,1\n");
        return Files.writeString(dir.resolve("folds.csv"), s);
    }

    static MatbenchRun.Builder run(Dataset d, Path folds, Path out, TrainingConfig tc) {
        TrainingJob job = TrainingJob.builder().setData(d).setTasks(List.of(new TaskSpec("a", "eV", false)))
                .setModel(ModelConfig.defaults().withHidden(16).withLayers(1)).setGraph(TestCrystals.GRAPH).setTraining(tc).build();
        return MatbenchRun.builder().setTask("t").setFolds(folds).setJob(job).setOut(out).optValidationFraction(0.2);
    }

    static JsonNode results(Path out) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out.resolve(MatbenchRun.RESULTS)))) {
            return ModelArchive.JSON.readTree(in);
        }
    }

    @Test
    void everyIdIsTestedOnceInItsFoldAndNeverTrainedOnThere(@TempDir Path dir) throws IOException {
        Dataset d = oneTarget();
        d.labels()[0][0] = 0;  // x0, in fold 0: a label where MAPE is undefined
        Path out = dir.resolve("run");
        MatbenchRun.Summary summary = run(d, folds(dir), out, TWO_EPOCHS).build().run();
        assertTrue(summary.complete());
        assertEquals(5, summary.folds().size());
        JsonNode task = results(out).get("tasks").get("t");
        assertEquals("matbench_v0.1", task.get("benchmark_name").asText());
        Map<String, Integer> foldOf = new HashMap<>();
        for (MatbenchRun.Fold f : summary.folds()) {
            JsonNode recorded = task.get("results").get("fold_" + f.fold());
            for (int i = 0; i < f.ids().size(); i++) {
                String id = f.ids().get(i);
                assertEquals(null, foldOf.put(id, f.fold()), id + " tested twice");
                assertEquals(Integer.parseInt(id.substring(1)) % 5, f.fold(), id);
                assertEquals(f.predicted()[i], recorded.get("data").get(id).asDouble(), 0, id);
                assertEquals(d.labels()[Integer.parseInt(id.substring(1))][0], f.actual()[i], 0);
            }
            assertEquals(f.scores().mae(), recorded.get("scores").get("mae").asDouble(), 1e-12);
            assertEquals(MatbenchRun.Scores.of(f.actual(), f.predicted()), f.scores());
            // the fold's model never saw its test ids
            Split split = ModelArchive.read(out.resolve("fold_" + f.fold())).split();
            for (String id : f.ids()) assertFalse(split.train().contains(id) || split.validation().contains(id), id);
        }
        assertEquals(8, foldOf.size());
        String md = Files.readString(out.resolve(MatbenchRun.SUMMARY_MD));
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "**MAE %.4f ± %.4f eV**", summary.meanMae(), summary.stdMae())), md);
        JsonNode json = ModelArchive.JSON.readTree(out.resolve(MatbenchRun.SUMMARY_JSON).toFile());
        assertEquals(summary.meanMae(), json.get("mae_mean").asDouble(), 1e-12);
        assertTrue(json.get("code_version").asText().contains("git"));
        // compute is charged per training thread, not per core of the machine
        assertEquals(summary.seconds() * TorchThreads.fix() / 3600, json.get("core_hours").asDouble(), 1e-9);
        assertTrue(md.contains("training thread"), md);
        // MAPE is shown only where it means something: not for fold 0, which holds a label of 0
        for (String line : md.split("\n")) {
            if (line.matches("\\| \\d \\|.*")) assertEquals(line.startsWith("| 0 |"), line.contains("| — |"), line);
        }
        assertTrue(md.contains("label of exactly 0"), md);
        assertTrue(Double.isFinite(json.get("folds").get(0).get("mape").asDouble()));
    }

    @Test
    void anInterruptedRunContinuesToTheSameNumbers(@TempDir Path dir) throws IOException {
        Dataset d = oneTarget();
        Path folds = folds(dir), straight = dir.resolve("straight"), interrupted = dir.resolve("interrupted");
        List<Integer> two = List.of(0, 1);
        MatbenchRun.Summary a = run(d, folds, straight, TWO_EPOCHS).optFolds(two).build().run();
        // a time limit of ~0 s stops fold 0 after its first epoch; the same run started again finishes it
        MatbenchRun.Summary first = run(d, folds, interrupted, TWO_EPOCHS).optFolds(two).optTimeLimit(1e-9).build().run();
        assertFalse(first.complete());
        assertTrue(first.folds().isEmpty());
        List<String> messages = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void message(String line) { messages.add(line); }
        };
        MatbenchRun.Summary b = run(d, folds, interrupted, TWO_EPOCHS).optFolds(two).optListener(listener).build().run();
        assertTrue(b.complete());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("fold 0: resuming")), messages.toString());
        for (int k = 0; k < 2; k++) {
            assertEquals(a.folds().get(k).ids(), b.folds().get(k).ids());
            assertArrayEquals(a.folds().get(k).predicted(), b.folds().get(k).predicted(), "fold " + k);
        }
        // a finished run started again trains nothing and reads its folds back
        messages.clear();
        MatbenchRun.Summary again = run(d, folds, interrupted, TWO_EPOCHS).optFolds(two).optListener(listener).build().run();
        assertEquals(List.of("fold 0: finished earlier", "fold 1: finished earlier"),
                messages.stream().map(m -> m.substring(0, m.indexOf(','))).toList());
        assertArrayEquals(b.folds().get(1).predicted(), again.folds().get(1).predicted());
        assertEquals(b.folds().get(1).epochs(), again.folds().get(1).epochs());
    }

    @Test
    void aStopDuringAFoldKeepsTheFinishedFoldsAndTheSameRunContinues(@TempDir Path dir) throws IOException {
        Dataset d = oneTarget();
        Path folds = folds(dir), straight = dir.resolve("straight"), stopped = dir.resolve("stopped");
        List<Integer> two = List.of(0, 1);
        MatbenchRun.Summary a = run(d, folds, straight, TWO_EPOCHS).optFolds(two).build().run();
        StopSignal stop = new StopSignal();
        TrainingListener stopInFoldOnesSecondEpoch = new TrainingListener() {
            boolean inFoldOne;
            @Override
            public void message(String line) { inFoldOne |= line.startsWith("fold 1: training"); }
            @Override
            public void epochStarted(int epoch, int epochs, int batches) { if (inFoldOne && epoch == 2) stop.request(); }
        };
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class,
                () -> run(d, folds, stopped, TWO_EPOCHS).optFolds(two).optListener(stopInFoldOnesSecondEpoch).optStop(stop).build().run());
        // the advice is the runner's own: `regnet matbench` has no --resume
        assertEquals("stopped during epoch 2; the checkpoint after epoch 1 is kept in " + stopped.resolve("fold_1")
                + ": run the same command again to continue", e.getMessage());
        assertTrue(Files.isRegularFile(stopped.resolve("fold_0").resolve(MatbenchRun.PREDICTIONS)), "fold 0 is kept");
        assertFalse(Files.exists(stopped.resolve("fold_1").resolve(MatbenchRun.PREDICTIONS)));
        // a signal raised before a fold starts stops the run there, before any training
        assertThrows(TrainingStoppedException.class, () -> run(d, folds, stopped, TWO_EPOCHS).optFolds(two).optStop(stop).build().run());
        MatbenchRun.Summary b = run(d, folds, stopped, TWO_EPOCHS).optFolds(two).build().run();
        assertTrue(b.complete());
        for (int k = 0; k < 2; k++) assertArrayEquals(a.folds().get(k).predicted(), b.folds().get(k).predicted(), "fold " + k);
    }

    @Test
    void aRunStartedWithOtherSettingsIsRefused(@TempDir Path dir) throws IOException {
        Dataset d = oneTarget();
        Path folds = folds(dir), out = dir.resolve("run");
        run(d, folds, out, TWO_EPOCHS).optFolds(List.of(3)).build().run();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(d, folds, out, TWO_EPOCHS.withEpochs(3)).optFolds(List.of(3)).build().run());
        assertTrue(e.getMessage().contains("differing: training"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> run(d, folds, out, TWO_EPOCHS).optFolds(List.of(5)).build());
    }

    @Test
    void aRunIsContinuedOnlyFromTheSameInitialWeights(@TempDir Path dir) throws IOException {
        Dataset d = oneTarget();
        Path folds = folds(dir), trained = dir.resolve("trained"), init = dir.resolve("init"), out = dir.resolve("run");
        run(d, folds, trained, TWO_EPOCHS).optFolds(List.of(0, 1)).build().run();
        copyModel(trained.resolve("fold_0"), init);
        try (ReGNetModel first = ReGNetModel.load(init)) {
            MatbenchRun.Builder fineTuned = run(d, folds, out, TWO_EPOCHS).optFolds(List.of(3));
            fineTuned.setJob(fineTunedJob(d, first)).build().run();
        }
        // the same path now holds other weights (a bundled model replaced between sessions)
        copyModel(trained.resolve("fold_1"), init);
        try (ReGNetModel second = ReGNetModel.load(init)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> run(d, folds, out, TWO_EPOCHS).optFolds(List.of(3)).setJob(fineTunedJob(d, second)).build().run());
            assertTrue(e.getMessage().contains("differing: init"), e.getMessage());
        }
    }

    private static TrainingJob fineTunedJob(Dataset d, ReGNetModel init) {
        return TrainingJob.builder().setData(d).setTasks(List.of(new TaskSpec("a", "eV", false)))
                .setModel(ModelConfig.defaults().withHidden(16).withLayers(1)).setGraph(TestCrystals.GRAPH).setTraining(TWO_EPOCHS)
                .optInit(init).build();
    }

    private static void copyModel(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : List.of(ModelArchive.MANIFEST, ModelArchive.PARAMETERS)) {
            Files.copy(from.resolve(name), to.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void eachFoldLearnsFromItsOwnTeacherAndOneTeacherForAllFoldsIsRefused(@TempDir Path dir) throws IOException {
        Dataset d = oneTarget();
        Path folds = folds(dir), teachers = dir.resolve("teachers");
        run(d, folds, teachers, TWO_EPOCHS).optFolds(List.of(0, 1)).build().run();
        Path out = dir.resolve("students");
        Distillation perFold = new Distillation(List.of(teachers.resolve("fold_" + Distillation.FOLD).toString()), 0.5);
        TrainingJob job = TrainingJob.builder().setData(d).setTasks(List.of(new TaskSpec("a", "eV", false)))
                .setModel(ModelConfig.defaults().withHidden(16).withLayers(1)).setGraph(TestCrystals.GRAPH).setTraining(TWO_EPOCHS)
                .optDistillation(perFold).build();
        MatbenchRun.Summary summary = MatbenchRun.builder().setTask("t").setFolds(folds).setJob(job).setOut(out).optValidationFraction(0.2)
                .optFolds(List.of(0, 1)).build().run();
        assertTrue(summary.complete());
        for (int k = 0; k < 2; k++) {
            String from = ModelArchive.read(out.resolve("fold_" + k)).manifest().provenance().distilledFrom();
            assertTrue(from.startsWith(teachers.resolve("fold_" + k) + " (parameters sha256 "), from);
        }
        assertEquals(0.5, ModelArchive.JSON.readTree(out.resolve(MatbenchRun.SETTINGS).toFile()).get("distillation").get("weight").asDouble());
        // fold 0's teacher trained on fold 1's test crystals
        Distillation one = new Distillation(List.of(teachers.resolve("fold_0").toString()), 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatbenchRun.builder().setTask("t").setFolds(folds)
                .setJob(job.toBuilder().optDistillation(one).build()).setOut(dir.resolve("leaky")).optValidationFraction(0.2).optFolds(List.of(1)).build().run());
        assertTrue(e.getMessage().contains("test crystals") && e.getMessage().contains(Distillation.FOLD), e.getMessage());
    }

    @Test
    void scoresAreMatbenchs() {
        MatbenchRun.Scores s = MatbenchRun.Scores.of(new double[] {1, 2, -4}, new double[] {2, 2, -1});
        assertEquals(4.0 / 3, s.mae(), 1e-15);
        assertEquals(Math.sqrt(10.0 / 3), s.rmse(), 1e-15);
        assertEquals((1 + 0 + 0.75) / 3, s.mape(), 1e-15);
        assertEquals(3, s.maxError(), 0);
    }
}
