package org.regnet.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.crystal.ReadOptions;
import org.regnet.data.Dataset;
import org.regnet.data.DatasetLoader;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trained model scored on labelled crystals, through the public API only. */
class ModelEvaluationTest {
    private static final TaskSpec A = new TaskSpec("a", "eV", false), B = new TaskSpec("b", "", false);
    @TempDir static Path dir;
    private static Dataset data;
    private static ReGNetModel model;

    @BeforeAll
    static void train() throws IOException {
        data = TrainingTest.tiny();
        Split split = new Split("fixed", data.ids().subList(0, 5), data.ids().subList(5, 6), data.ids().subList(6, 8));
        ModelConfig config = ModelConfig.defaults().withHidden(16).withLayers(1);
        model = ModelTrainer.train(TrainingJob.builder().setData(data).setSplit(split).setTasks(List.of(A, B)).setModel(config)
                .setGraph(TestCrystals.GRAPH).setTraining(TrainingConfig.defaults().withEpochs(1).withBatchSize(4)).setOut(dir.resolve("model"))
                .build(), new TrainingListener() { }).model();
    }

    @AfterAll
    static void close() { model.close(); }

    @Test
    void aCalibratedModelsScoresSayHowOftenItsIntervalsHoldTheLabel() throws IOException {
        ModelEvaluation plain = ModelEvaluation.of(model, data, ModelEvaluation.Subset.ALL);
        assertTrue(Double.isNaN(plain.scores().get(0).intervalCoverage()) && Double.isNaN(plain.scores().get(0).intervalWidth()),
                "one validation crystal: training calibrated no interval");
        Path copy = dir.resolve("calibrated");
        IntervalCalibration.of(model, data, 0.5).saveAs(copy, model);
        try (ReGNetModel calibrated = ReGNetModel.load(copy)) {
            ModelEvaluation e = ModelEvaluation.of(calibrated, data, ModelEvaluation.Subset.ALL);
            PropertyModel.Estimates bounds = calibrated.estimate(data.graphs());
            for (int k = 0; k < 2; k++) {
                int n = 0, inside = 0;
                double width = 0;
                for (int i = 0; i < data.size(); i++) {
                    double y = data.labels()[i][k];
                    if (Double.isNaN(y)) continue;
                    n++;
                    width += bounds.upper()[i][k] - bounds.lower()[i][k];
                    if (y >= bounds.lower()[i][k] && y <= bounds.upper()[i][k]) inside++;
                }
                ModelEvaluation.TaskScore s = e.scores().get(k);
                assertEquals((double) inside / n, s.intervalCoverage(), 1e-12, s.task().name());
                assertEquals(width / n, s.intervalWidth(), 1e-9, s.task().name());
                assertTrue(s.intervalWidth() > 0, s.toString());
            }
        }
    }

    @Test
    void scoresAreTheMetricsOfThePredictionsOverTheLabelledCrystals() {
        ModelEvaluation e = ModelEvaluation.of(model, data, ModelEvaluation.Subset.ALL);
        assertEquals(List.of("a", "b"), e.scores().stream().map(s -> s.task().name()).toList());
        double[][] predicted = model.predictGraphs(data.graphs());
        for (int k = 0; k < 2; k++) {
            ModelEvaluation.TaskScore s = e.scores().get(k);
            assertEquals(data.ids(), s.ids());
            double sum = 0;
            int n = 0;
            for (int i = 0; i < data.size(); i++) {
                assertEquals(predicted[i][k], s.predicted()[i]);
                if (Double.isNaN(data.labels()[i][k])) continue;
                sum += Math.abs(predicted[i][k] - data.labels()[i][k]);
                n++;
            }
            assertEquals(n, s.count());
            assertEquals(sum / n, s.mae(), 1e-12);
            assertTrue(s.rmse() >= s.mae() && s.r2() <= 1, s.toString());
        }
        assertEquals(data.size() - 1, e.scores().get(1).count(), "the crystal without label b is not counted");
    }

    @Test
    void aSubsetScoresOnlyThatPartOfTheModelsSplit() {
        ModelEvaluation test = ModelEvaluation.of(model, data, ModelEvaluation.Subset.TEST);
        assertEquals(data.ids().subList(6, 8), test.scores().get(0).ids());
        assertEquals(2, test.scores().get(0).count());
        Dataset withOneTestCrystal = new Dataset(data.targets(), data.graphs().subList(0, 7), java.util.Arrays.copyOf(data.labels(), 7), List.of());
        assertEquals(List.of(data.ids().get(6)), ModelEvaluation.of(model, withOneTestCrystal, ModelEvaluation.Subset.TEST).scores().get(0).ids(),
                "the test crystals the data hold");
        Dataset onlyTrain = new Dataset(data.targets(), data.graphs().subList(0, 3), java.util.Arrays.copyOf(data.labels(), 3), List.of());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ModelEvaluation.of(model, onlyTrain, ModelEvaluation.Subset.TEST));
        assertTrue(none.getMessage().contains("none of these crystals is in the model's test set"), none.getMessage());
    }

    @Test
    void unseenChemistryKeepsTheTestCrystalsWhoseElementSetNoTrainingCrystalHas() {
        List<String> systems = data.chemicalSystems();
        assertEquals(systems.get(1), systems.get(7), "x7 is the training perovskite in another basis");
        assertTrue(!systems.subList(0, 5).contains(systems.get(6)), "CuAu shares no training crystal's elements: " + systems);
        ModelEvaluation unseen = ModelEvaluation.of(model, data, ModelEvaluation.Subset.TEST_UNSEEN_CHEMISTRY);
        assertEquals(List.of("x6"), unseen.scores().get(0).ids());
        assertEquals(ModelEvaluation.of(model, data, ModelEvaluation.Subset.TEST).scores().get(0).predicted()[0], unseen.scores().get(0).predicted()[0], 1e-5,
                "the same prediction, batched alone");

        Dataset withoutATrainingCrystal = new Dataset(data.targets(), data.graphs().subList(1, 8), java.util.Arrays.copyOfRange(data.labels(), 1, 8), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelEvaluation.of(model, withoutATrainingCrystal, ModelEvaluation.Subset.TEST_UNSEEN_CHEMISTRY));
        assertTrue(e.getMessage().contains("needs the model's training crystals") && e.getMessage().contains("1 of 5"), e.getMessage());
        int[] allButX6 = {0, 1, 2, 3, 4, 5, 7};
        Dataset seenOnly = new Dataset(data.targets(), java.util.Arrays.stream(allButX6).mapToObj(data.graphs()::get).toList(),
                java.util.Arrays.stream(allButX6).mapToObj(i -> data.labels()[i]).toArray(double[][]::new), List.of());
        IllegalArgumentException all = assertThrows(IllegalArgumentException.class,
                () -> ModelEvaluation.of(model, seenOnly, ModelEvaluation.Subset.TEST_UNSEEN_CHEMISTRY));
        assertTrue(all.getMessage().contains("also in the training set"), all.getMessage());
    }

    @Test
    void aTargetTheModelDoesNotPredictIsRefused() {
        Dataset other = new Dataset(List.of("a", "gap"), data.graphs(), data.labels(), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelEvaluation.of(model, other, ModelEvaluation.Subset.ALL));
        assertTrue(e.getMessage().contains("'gap'") && e.getMessage().contains("[a, b]"), e.getMessage());
    }

    @Test
    void labelledDataIsFeaturizedAsTheModelWasTrained(@TempDir Path files) throws IOException {
        Files.writeString(files.resolve("Si.vasp"), """
                Si
                5.431
                1 0 0
                0 1 0
                0 0 1
                Si
                8
                Direct
                0 0 0
                0.5 0.5 0
                0.5 0 0.5
                0 0.5 0.5
                0.25 0.25 0.25
                0.75 0.75 0.25
                0.75 0.25 0.75
                0.25 0.75 0.75
                """);
        Path labels = Files.writeString(files.resolve("labels.csv"), "id,a\nSi,0.5\n");
        Dataset d = model.labelledData(List.of(files.resolve("Si.vasp")), labels, List.of("a"),
                new DatasetLoader.Options(ReadOptions.defaults(), null, 1, s -> { }));
        assertEquals(List.of("Si"), d.ids());
        float[] expected = model.featurizer().featurize(TestCrystals.silicon()).neighborDistance().clone();
        float[] read = d.graphs().get(0).neighborDistance().clone();
        java.util.Arrays.sort(expected);
        java.util.Arrays.sort(read);
        assertArrayEquals(expected, read, 1e-4f, "the same edges as the model's own featurizer gives");
        assertEquals(1, ModelEvaluation.of(model, d, ModelEvaluation.Subset.ALL).scores().get(0).count());
    }
}
