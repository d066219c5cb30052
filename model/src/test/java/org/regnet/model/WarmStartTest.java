package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training that starts from a trained model: fine-tuning and warm restarts. */
class WarmStartTest {
    private static final ModelConfig SMALL = ModelConfig.defaults().withHidden(32).withLayers(2).withAngular(true);
    private static final TaskSpec A = new TaskSpec("a", "eV", false), B = new TaskSpec("b", "", false), C = new TaskSpec("c", "", false);

    /** Trains two epochs on tasks a and b of the tiny set. */
    private static ReGNetModel initial(Dataset d, Path dir) throws IOException {
        Split split = new Split("first", d.ids().subList(0, 7), d.ids().subList(7, 8), List.of());
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(4);
        return ModelTrainer.train(TrainingJob.builder().setData(d).setSplit(split).setTasks(List.of(A, B)).setModel(SMALL)
                .setGraph(TestCrystals.GRAPH).setTraining(tc).setOut(dir).build(), new TrainingListener() { }).model();
    }

    @Test
    void sharedTasksKeepTheirTowersAndNewTasksStartFresh() throws IOException {
        Dataset d = TrainingTest.tiny();
        try (Network from = new Network(SMALL, OutputRanges.none(2), 1); Network to = new Network(SMALL, OutputRanges.none(2), 2); Network fresh = new Network(SMALL, OutputRanges.none(2), 2)) {
            assertEquals(1, WarmStart.copy(from, List.of("a", "b"), to, List.of("b", "c")));
            int[] rows = {0, 1, 2, 3};
            var planner = new org.regnet.data.BatchPlanner(8, 4096);
            float[][] before = from.predict(d.graphs(), rows, planner, () -> false), after = to.predict(d.graphs(), rows, planner, () -> false);
            float[][] untouched = fresh.predict(d.graphs(), rows, planner, () -> false);
            for (int r : rows) {
                assertEquals(before[r][1], after[r][0], 1e-6, "task b moved from the second tower to the first");
                assertTrue(Math.abs(after[r][1] - untouched[r][1]) > 1e-6, "task c keeps its fresh tower but sees the copied body");
            }
        }
    }

    @Test
    void fineTuningKeepsTheInitialNormalizationAndRecordsWhereItStarted(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        try (ReGNetModel first = initial(d, dir.resolve("first"))) {
            // shifted labels: a refitted normalization would move every prediction by about 10
            double[][] shifted = new double[d.size()][];
            for (int i = 0; i < d.size(); i++) shifted[i] = new double[] {d.labels()[i][0] + 10, d.labels()[i][1]};
            Dataset moved = new Dataset(d.targets(), d.graphs(), shifted, List.of());
            Split split = new Split("second", d.ids().subList(2, 8), List.of(), d.ids().subList(0, 2));
            TrainingConfig barelyMoving = TrainingConfig.defaults().withEpochs(1).withBatchSize(4).withLearningRate(1e-9);
            List<String> messages = new ArrayList<>();
            TrainingJob job = TrainingJob.builder().setData(moved).setSplit(split).setTasks(List.of(A, B)).setModel(SMALL)
                    .setGraph(TestCrystals.GRAPH).setTraining(barelyMoving).setOut(dir.resolve("second")).optInit(first).build();
            try (ReGNetModel second = ModelTrainer.train(job, new TrainingListener() {
                @Override
                public void message(String text) { messages.add(text); }
            }).model()) {
                double[][] p = first.predictGraphs(d.graphs()), q = second.predictGraphs(d.graphs());
                for (int i = 0; i < p.length; i++) {
                    assertEquals(p[i][0], q[i][0], 1e-4);
                    assertEquals(p[i][1], q[i][1], 1e-4);
                }
                for (int t = 0; t < 2; t++) {
                    Manifest.Task before = first.manifest().tasks().get(t), after = second.manifest().tasks().get(t);
                    assertEquals(before.mean(), after.mean());
                    assertEquals(before.std(), after.std());
                    assertTrue(Math.abs(before.lossLogVariance()) > 1e-5, "two epochs move the task weights (from 0) well beyond the tolerance below: " + before);
                    assertEquals(before.lossLogVariance(), after.lossLogVariance(), 1e-6, "the task weights carry over");
                }
                String from = second.manifest().provenance().initializedFrom();
                assertTrue(from.startsWith(first.source() + " (parameters sha256 "), from);
                assertTrue(messages.stream().anyMatch(m -> m.contains("2 of 2 test crystals were in the initial model's training set")), messages.toString());
                assertNull(first.manifest().provenance().initializedFrom());
            }
        }
    }

    @Test
    void anotherArchitectureIsRefused(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        try (ReGNetModel first = initial(d, dir)) {
            Split split = first.split();
            TrainingConfig tc = TrainingConfig.defaults().withEpochs(1);
            TrainingJob.Builder wider = TrainingJob.builder().setData(d).setSplit(split).setTasks(List.of(A, C)).setModel(SMALL.withHidden(48))
                    .setGraph(TestCrystals.GRAPH).setTraining(tc).setOut(dir.resolve("x")).optInit(first);
            assertThrows(IllegalArgumentException.class, wider::build);
        }
    }
}
