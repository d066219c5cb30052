package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training that learns a teacher's predictions beside the labels ({@link Distillation}). */
class DistillationTest {
    private static final ModelConfig SMALL = ModelConfig.defaults().withHidden(32).withLayers(2);
    private static final List<TaskSpec> TASKS = List.of(new TaskSpec("a", "eV", false), new TaskSpec("b", "", false));
    private static final double SHIFT = 3;

    /** A teacher trained briefly on labels shifted by {@link #SHIFT}: its predictions sit well away from the labels. */
    private static Path shiftedTeacher(Dataset d, Path dir) throws IOException {
        double[][] shifted = new double[d.size()][];
        for (int i = 0; i < d.size(); i++) shifted[i] = new double[] {d.labels()[i][0] + SHIFT, d.labels()[i][1] + SHIFT};
        Dataset moved = new Dataset(d.targets(), d.graphs(), shifted, List.of());
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(4);
        ModelTrainer.train(TrainingTest.job(moved, dir, SMALL, tc, false, 0), new TrainingListener() { }).model().close();
        return dir;
    }

    private static TrainingJob student(Dataset d, Path out, TrainingConfig tc, Distillation distillation, boolean resume, double maxSeconds) {
        return TrainingTest.job(d, out, SMALL, tc, resume, maxSeconds).toBuilder().optDistillation(distillation).build();
    }

    /** Mean over the training rows and both tasks of |p − q|. */
    private static double distance(double[][] p, double[][] q) {
        double sum = 0;
        for (int i = 0; i < 7; i++) for (int t = 0; t < 2; t++) sum += Math.abs(p[i][t] - q[i][t]);
        return sum / 14;
    }

    @Test
    void theStudentMovesTowardsItsTeacherAndRecordsIt(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        Path teacherDir = shiftedTeacher(d, dir.resolve("teacher"));
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(30).withBatchSize(4).withLearningRate(5e-3).withPatience(0);
        double[][] teacher, plain, distilled;
        try (ReGNetModel t = ReGNetModel.load(teacherDir.toString())) {
            teacher = t.predictGraphs(d.graphs());
        }
        try (ReGNetModel m = ModelTrainer.train(TrainingTest.job(d, dir.resolve("plain"), SMALL, tc, false, 0), new TrainingListener() { }).model()) {
            plain = m.predictGraphs(d.graphs());
            assertNull(m.manifest().provenance().distilledFrom());
        }
        try (ReGNetModel m = ModelTrainer.train(student(d, dir.resolve("distilled"), tc, new Distillation(List.of(teacherDir.toString()), 1), false, 0),
                new TrainingListener() { }).model()) {
            distilled = m.predictGraphs(d.graphs());
            String from = m.manifest().provenance().distilledFrom();
            assertTrue(from.startsWith(teacherDir + " (parameters sha256 ") && from.endsWith("; weight 1.0"), from);
        }
        double mean = 0;
        for (int i = 0; i < 7; i++) mean += (distilled[i][0] - plain[i][0] + distilled[i][1] - plain[i][1]) / 14;
        assertTrue(mean > SHIFT / 3, "with α = 1 the training crystals learn the teacher's shifted values: mean shift " + mean);
        assertTrue(distance(distilled, teacher) < distance(plain, teacher) / 2,
                "closer to the teacher: " + distance(distilled, teacher) + " against " + distance(plain, teacher) + " without it");
    }

    @Test
    void aTeachersPredictionsFileTeachesExactlyWhatTheTeacherDoes(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        Path teacherDir = shiftedTeacher(d, dir.resolve("teacher"));
        // the file regnet predict would write: units in the header, a row that failed, ids in another order
        StringBuilder csv = new StringBuilder("id,status,a[eV],b\nbroken,error,,\n");
        try (ReGNetModel t = ReGNetModel.load(teacherDir.toString())) {
            double[][] p = t.predictGraphs(d.graphs());
            for (int i = d.size() - 1; i >= 0; i--) csv.append(d.ids().get(i)).append(",ok,").append(p[i][0]).append(',').append(p[i][1]).append('\n');
        }
        Path file = Files.writeString(dir.resolve("teacher.csv"), csv);
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(3).withBatchSize(3);
        List<String> messages = new ArrayList<>();
        float[] byModel, byFile;
        try (ReGNetModel m = ModelTrainer.train(student(d, dir.resolve("by-model"), tc, new Distillation(List.of(teacherDir.toString()), 0.5), false, 0),
                new TrainingListener() { }).model()) {
            byModel = flatten(m.predictGraphs(d.graphs()));
        }
        try (ReGNetModel m = ModelTrainer.train(student(d, dir.resolve("by-file"), tc, new Distillation(List.of(file.toString()), 0.5), false, 0),
                new TrainingListener() {
                    @Override
                    public void message(String text) { messages.add(text); }
                }).model()) {
            byFile = flatten(m.predictGraphs(d.graphs()));
            String from = m.manifest().provenance().distilledFrom();
            assertTrue(from.startsWith(file + " (sha256 ") && from.endsWith("; weight 0.5"), from);
        }
        assertArrayEquals(byModel, byFile);
        assertTrue(messages.stream().anyMatch(m -> m.contains("predictions for 7 of the 7 training crystals")
                && m.contains("make sure none of this job's test crystals did")), messages.toString());
    }

    /**
     * A teacher's value below zero for a non-negative task teaches what zero does: the student's
     * softplus head cannot reach it, and its straight-through gradient would push on without end
     * (the mp36k student's gradients exploded so).
     */
    @Test
    void aNegativeTeacherValueOfANonNegativeTaskTeachesZero(@TempDir Path dir) throws IOException {
        Dataset tiny = TrainingTest.tiny();
        double[][] labels = new double[tiny.size()][];
        for (int i = 0; i < tiny.size(); i++) labels[i] = new double[] {tiny.labels()[i][0], Math.abs(tiny.labels()[i][1])};
        Dataset d = new Dataset(tiny.targets(), tiny.graphs(), labels, List.of());
        List<TaskSpec> tasks = List.of(new TaskSpec("a", "eV", false, false), new TaskSpec("b", "eV", false, true));
        Split split = new Split("test", d.ids().subList(0, 7), d.ids().subList(7, 8), List.of());
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(3);
        List<float[]> predictions = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (String b : List.of("-0.4", "0")) {
            StringBuilder csv = new StringBuilder("id,a[eV],b[eV]\n");
            for (int i = 0; i < d.size(); i++) csv.append(d.ids().get(i)).append(",1.5,").append(b).append('\n');
            Path file = Files.writeString(dir.resolve("teacher" + b + ".csv"), csv);
            TrainingJob job = TrainingJob.builder().setData(d).setSplit(split).setTasks(tasks).setModel(SMALL).setGraph(TestCrystals.GRAPH)
                    .setTraining(tc).setOut(dir.resolve("student" + b)).optDistillation(new Distillation(List.of(file.toString()), 0.5)).build();
            try (ReGNetModel m = ModelTrainer.train(job, new TrainingListener() {
                @Override
                public void message(String text) { messages.add(text); }
            }).model()) {
                predictions.add(flatten(m.predictGraphs(d.graphs())));
            }
        }
        assertArrayEquals(predictions.get(1), predictions.get(0));
        assertEquals(1, messages.stream().filter(m -> m.contains("values below zero of non-negative tasks teach zero")
                && m.contains(": b 7 training crystals")).count(), messages.toString());
    }

    @Test
    void aPredictionsFileThatCannotTeachIsRefused(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(1).withBatchSize(4);
        Path strangers = Files.writeString(dir.resolve("strangers.csv"), "id,a,b\nx,1,2\ny,3,4\n");
        Path oneTask = Files.writeString(dir.resolve("one-task.csv"), "id,a\n" + d.ids().get(0) + ",1\n");
        String none = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.train(student(d, dir.resolve("s1"), tc,
                new Distillation(List.of(strangers.toString()), 0.5), false, 0), new TrainingListener() { })).getMessage();
        assertTrue(none.contains("has none of the 7 training crystals' ids"), none);
        String task = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.train(student(d, dir.resolve("s2"), tc,
                new Distillation(List.of(oneTask.toString()), 0.5), false, 0), new TrainingListener() { })).getMessage();
        assertTrue(task.contains("one-task.csv") && task.contains("no column 'b'"), task);
        String missing = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.train(student(d, dir.resolve("s3"), tc,
                new Distillation(List.of(dir.resolve("absent.csv").toString()), 0.5), false, 0), new TrainingListener() { })).getMessage();
        assertTrue(missing.contains("absent.csv does not exist"), missing);
        assertThrows(IllegalArgumentException.class, () -> new Distillation(List.of("m", strangers.toString()), 0.5));
    }

    @Test
    void aPartialPredictionsFileSaysWhichCrystalsLearnFromTheirLabelsOnly(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        Path part = Files.writeString(dir.resolve("part.csv"), "id,a,b\n" + d.ids().get(0) + ",1,2\n" + d.ids().get(1) + ",,3\n");
        List<String> messages = new ArrayList<>();
        ModelTrainer.train(student(d, dir.resolve("s"), TrainingConfig.defaults().withEpochs(1).withBatchSize(4),
                new Distillation(List.of(part.toString()), 0.5), false, 0), new TrainingListener() {
                    @Override
                    public void message(String text) { messages.add(text); }
                }).model().close();
        assertTrue(messages.stream().anyMatch(m -> m.contains("predictions for 2 of the 7 training crystals (the others learn from their labels only)")),
                messages.toString());
    }

    @Test
    void aDistilledRunResumesExactlyAndOnlyWithTheSameTeacher(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        Distillation half = new Distillation(List.of(shiftedTeacher(d, dir.resolve("teacher")).toString()), 0.5);
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(3).withBatchSize(3);
        float[] straight, resumed;
        try (ReGNetModel m = ModelTrainer.train(student(d, dir.resolve("straight"), tc, half, false, 0), new TrainingListener() { }).model()) {
            straight = flatten(m.predictGraphs(d.graphs()));
        }
        Path out = dir.resolve("resumed");
        ModelTrainer.train(student(d, out, tc, half, false, 1e-9), new TrainingListener() { }).model().close();
        IOException other = assertThrows(IOException.class, () -> ModelTrainer.train(student(d, out, tc,
                new Distillation(half.teacher(), 0.25), true, 0), new TrainingListener() { }));
        assertTrue(other.getMessage().contains("other settings"), other.getMessage());
        try (ReGNetModel m = ModelTrainer.train(student(d, out, tc, half, true, 0), new TrainingListener() { }).model()) {
            resumed = flatten(m.predictGraphs(d.graphs()));
        }
        assertArrayEquals(straight, resumed);
    }

    @Test
    void aTeacherThatCannotTeachThisJobIsRefused(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(1).withBatchSize(4);
        Split trainedOnTest = new Split("teacher", d.ids(), List.of(), List.of());
        Path leaky = untrainedTeacher(dir.resolve("leaky"), TASKS, TestCrystals.GRAPH, trainedOnTest);
        Path otherTasks = untrainedTeacher(dir.resolve("tasks"), List.of(TASKS.get(0)), TestCrystals.GRAPH, null);
        Path otherGraph = untrainedTeacher(dir.resolve("graph"), TASKS, GraphSettings.radius(TestCrystals.GRAPH.cutoff() + 1), null);
        // the tiny job tests on crystal 7, which the leaky teacher trained on
        Split withTest = new Split("student", d.ids().subList(0, 6), d.ids().subList(6, 7), d.ids().subList(7, 8));
        TrainingJob base = TrainingJob.builder().setData(d).setSplit(withTest).setTasks(TASKS).setModel(SMALL).setGraph(TestCrystals.GRAPH)
                .setTraining(tc).setOut(dir.resolve("s")).build();
        String leak = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.train(
                base.toBuilder().optDistillation(new Distillation(List.of(leaky.toString()), 0.5)).build(), new TrainingListener() { })).getMessage();
        assertTrue(leak.contains("was trained on 1 of the 1 test crystals"), leak);
        String tasks = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.train(
                base.toBuilder().optDistillation(new Distillation(List.of(otherTasks.toString()), 0.5)).build(), new TrainingListener() { })).getMessage();
        assertTrue(tasks.contains("predicts [a], not 'b'"), tasks);
        String graph = assertThrows(IllegalArgumentException.class, () -> ModelTrainer.train(
                base.toBuilder().optDistillation(new Distillation(List.of(otherGraph.toString()), 0.5)).build(), new TrainingListener() { })).getMessage();
        assertTrue(graph.contains("reads other graphs"), graph);
    }

    @Test
    void aTeacherWithoutASplitIsUsedWithAWarning(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        Path teacher = untrainedTeacher(dir.resolve("t"), TASKS, TestCrystals.GRAPH, null);
        List<String> messages = new ArrayList<>();
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(1).withBatchSize(4);
        ModelTrainer.train(student(d, dir.resolve("s"), tc, new Distillation(List.of(teacher.toString()), 0.5), false, 0), new TrainingListener() {
            @Override
            public void message(String text) { messages.add(text); }
        }).model().close();
        assertTrue(messages.stream().anyMatch(m -> m.contains("records no split")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("predicted the 7 training crystals")), messages.toString());
    }

    @Test
    void settingsAreCheckedAndAFoldIsPutIntoThePaths() {
        Distillation d = new Distillation(List.of("runs/a/fold_" + Distillation.FOLD, "runs/b/fold_{fold}/x"), 0.3);
        assertEquals(List.of("runs/a/fold_2", "runs/b/fold_2/x"), d.forFold(2).teacher());
        assertEquals(0.3, d.forFold(2).weight());
        assertNull(d.predictions());
        assertEquals(Path.of("runs/t/fold_1.csv"), new Distillation(List.of("runs/t/fold_{fold}.csv"), 0.5).forFold(1).predictions());
        assertThrows(IllegalArgumentException.class, () -> new Distillation(List.of(), 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Distillation(List.of("m"), 0));
        assertThrows(IllegalArgumentException.class, () -> new Distillation(List.of("m"), 1.01));
        assertThrows(IllegalArgumentException.class, () -> new Distillation(List.of("m"), Double.NaN));
    }

    private static Path untrainedTeacher(Path dir, List<TaskSpec> tasks, GraphSettings graph, Split split) throws IOException {
        try (ReGNetModel m = ReGNetModel.untrained(SMALL.withGraph(graph), tasks, graph, 3)) {
            ModelArchive.save(dir, m.manifest(), m.network(), split);
        }
        return dir;
    }

    private static float[] flatten(double[][] v) {
        float[] out = new float[v.length * v[0].length];
        for (int i = 0; i < v.length; i++) for (int j = 0; j < v[i].length; j++) out[i * v[i].length + j] = (float) v[i][j];
        return out;
    }
}
