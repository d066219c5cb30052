package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recalibration on the user's own crystals ({@link IntervalCalibration#onCrystals}), and writing a recalibrated copy. */
class IntervalCalibrationTest {
    private static final double COVERAGE = 0.75;  // 3 calibration crystals suffice: the tiny data set has 8

    /** A model trained on x0 alone, calibrated at 75 % on x1 … x7 (its validation split) for both tasks. */
    private static Path calibratedModel(Path dir, Dataset d, String name) throws IOException {
        Path out = dir.resolve(name);
        List<String> ids = d.ids();
        Split wide = new Split("test", ids.subList(0, 1), ids.subList(1, 8), List.of());
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(3);
        TrainingConfig member = name.equals("m2") ? tc.withLearningRate(1e-3) : tc;
        ModelTrainer.train(TrainingTest.job(d, out, member, false, 0).toBuilder().setSplit(wide).build(), new TrainingListener() { }).model().close();
        try (ReGNetModel m = ReGNetModel.load(out)) {
            IntervalCalibration.of(m, d, COVERAGE).writeTo(out, m);
        }
        return out;
    }

    /** The user's population: labels of task "a" only, 50 eV above the tiny set's (a harder population for the model). */
    private static Dataset population(Dataset d) {
        double[][] labels = new double[d.size()][];
        for (int i = 0; i < d.size(); i++) labels[i] = new double[] {d.labels()[i][0] + 50};
        return new Dataset(List.of("a"), d.graphs(), labels, List.of());
    }

    @Test
    void givenCrystalsRecalibrateTheirTasksAndTheOthersKeepTheirs(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        Path original = calibratedModel(dir, d, "m1");
        byte[] manifestBefore = Files.readAllBytes(original.resolve(ModelArchive.MANIFEST));
        Path copy = dir.resolve("recalibrated");
        PredictionIntervals before;
        IntervalCalibration c;
        try (ReGNetModel m = ReGNetModel.load(original)) {
            before = m.intervals();
            c = IntervalCalibration.onCrystals(m, population(d), IntervalCalibration.Settings.defaults().withCoverage(COVERAGE));
            c.saveAs(copy, m);
            // the same draw again gives the same intervals
            assertEquals(c.intervals(), IntervalCalibration.onCrystals(m, population(d), new IntervalCalibration.Settings(COVERAGE, 0.3, 42)).intervals());
        }
        // x0 is a training crystal: 7 left, 2 (30 %) held back, 5 calibrate
        PredictionIntervals.Task a = c.intervals().tasks().get("a");
        assertEquals(5, a.calibrationCrystals());
        assertTrue(a.scale() > 5 * before.tasks().get("a").scale(), "labels 50 eV off widen the interval: " + a + " against " + before.tasks().get("a"));
        assertEquals(before.tasks().get("b"), c.intervals().tasks().get("b"), "no label of b given: b keeps its calibration");
        assertEquals(IntervalCalibration.CHECK, c.checkedOn());
        assertEquals(2, c.test().size());
        int inside = 0;
        for (IntervalCalibration.TestCrystal x : c.test()) if (x.actual()[0] >= x.lower()[0] && x.actual()[0] <= x.upper()[0]) inside++;
        assertEquals(inside / 2.0, c.metrics().get("a").get(IntervalMetrics.COVERAGE), 0, "coverage on the crystals held back");
        String set = c.intervals().calibrationSet();
        assertTrue(set.startsWith("5 given crystals (a), 2 more held back to check, 1 training crystals left out; b: validation split"), set);

        assertArrayEquals(manifestBefore, Files.readAllBytes(original.resolve(ModelArchive.MANIFEST)), "the original is left as it was");
        try (ReGNetModel recalibrated = ReGNetModel.load(copy); ReGNetModel m = ReGNetModel.load(original)) {
            assertEquals(c.intervals(), recalibrated.intervals());
            assertArrayEquals(Files.readAllBytes(original.resolve(ModelArchive.PARAMETERS)), Files.readAllBytes(copy.resolve(ModelArchive.PARAMETERS)), "same weights");
            var metrics = recalibrated.manifest().metrics();
            assertEquals(c.metrics().get("a").get(IntervalMetrics.COVERAGE), metrics.get(IntervalCalibration.CHECK).get("a").get(IntervalMetrics.COVERAGE));
            assertFalse(metrics.get(IntervalCalibration.CHECK).containsKey("b"));
            var values = recalibrated.estimate(d.graphs());
            var old = m.estimate(d.graphs());
            assertArrayEquals(old.mean()[3], values.mean()[3], 0, "only the intervals change");
            assertEquals(old.upper()[3][1], values.upper()[3][1], 0, "b's interval as it was");
            assertTrue(values.upper()[3][0] - values.mean()[3][0] > old.upper()[3][0] - old.mean()[3][0], "a's interval wider");
        }
        IOException exists = assertThrows(IOException.class, () -> {
            try (ReGNetModel m = ReGNetModel.load(original)) {
                c.saveAs(copy, m);
            }
        });
        assertTrue(exists.getMessage().contains("not an empty folder"), exists.getMessage());
    }

    @Test
    void keptTasksFixTheCoverageAndTrainingCrystalsAloneAreRefused(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        Path original = calibratedModel(dir, d, "m1");
        try (ReGNetModel m = ReGNetModel.load(original)) {
            IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> IntervalCalibration.onCrystals(m, population(d), new IntervalCalibration.Settings(0.8, 0.3, 42)));
            assertTrue(mixed.getMessage().contains("[b] keep the model's 75 % intervals"), mixed.getMessage());
            // with labels of both tasks every task is recalibrated, at any coverage
            IntervalCalibration both = IntervalCalibration.onCrystals(m, d, IntervalCalibration.Settings.defaults().withCoverage(0.6).withCheckFraction(0));
            assertEquals(0.6, both.intervals().coverage());
            assertEquals(7, both.intervals().tasks().get("a").calibrationCrystals());
            assertTrue(both.test().isEmpty() && both.metrics().isEmpty(), "nothing held back");
            Dataset trainingOnly = new Dataset(d.targets(), d.graphs().subList(0, 1), new double[][] {d.labels()[0]}, List.of());
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> IntervalCalibration.onCrystals(m, trainingOnly, new IntervalCalibration.Settings(COVERAGE, 0.3, 42)));
            assertTrue(none.getMessage().contains("trained on"), none.getMessage());
            assertThrows(IllegalArgumentException.class, () -> IntervalCalibration.Settings.defaults().withCheckFraction(1.0), "nothing left to calibrate on");
            assertEquals(new IntervalCalibration.Settings(0.9, 0.3, 42), IntervalCalibration.Settings.defaults());
        }
    }

    @Test
    void aRecalibratedEnsembleIsANewFolderOfTheSameMembers(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        calibratedModel(dir, d, "m1");
        calibratedModel(dir, d, "m2");
        Path named = Files.createDirectories(dir.resolve("named"));
        Files.writeString(named.resolve(EnsembleDefinition.FILE), "{\"members\": [\"../m1\", \"../m2\"]}");
        try (PropertyModel ensemble = PropertyModel.load(List.of(named.toString()))) {
            IntervalCalibration.of(ensemble, d, COVERAGE).writeTo(named, ensemble);
        }
        Path copy = dir.resolve("elsewhere/recalibrated");
        IntervalCalibration c;
        try (PropertyModel ensemble = PropertyModel.load(List.of(named.toString()))) {
            c = IntervalCalibration.onCrystals(ensemble, population(d), IntervalCalibration.Settings.defaults().withCoverage(COVERAGE).withSeed(7));
            c.saveAs(copy, ensemble);
        }
        EnsembleDefinition written = EnsembleDefinition.find(copy.toString());
        assertNotNull(written);
        assertEquals(List.of(dir.resolve("m1").toAbsolutePath().normalize().toString(), dir.resolve("m2").toAbsolutePath().normalize().toString()),
                written.members(), "members by absolute path: the new folder lies elsewhere");
        try (PropertyModel loaded = PropertyModel.load(List.of(copy.toString()))) {
            assertEquals(c.intervals(), loaded.intervals());
        }
    }
}
