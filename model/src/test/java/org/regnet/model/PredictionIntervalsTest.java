package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.data.Dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Split-conformal intervals: the quantile rule, local scaling, ranges, and what training records. */
class PredictionIntervalsTest {
    private static final TaskSpec GAP = new TaskSpec("gap", "eV", false, true);
    private static final TaskSpec ENERGY = new TaskSpec("energy", "eV", false, false);

    @Test
    void theHalfWidthIsTheConformalQuantileOfTheScaledResiduals() {
        // residuals 1..9 at distance 0: with n = 9 and coverage 0.8, rank ⌈10 · 0.8⌉ = 8, so q = 8
        double[] predicted = new double[9], actual = new double[9], distance = new double[9];
        for (int i = 0; i < 9; i++) actual[i] = i + 1;
        PredictionIntervals p = PredictionIntervals.fit(List.of(ENERGY), new double[][] {predicted}, new double[][] {actual}, distance, 0.8, "test");
        assertEquals(8, p.tasks().get("energy").scale(), 0);
        assertEquals(9, p.tasks().get("energy").calibrationCrystals());
        // twice the distance from the training data, a wider interval: q · (1 + d)
        assertArrayEquals(new double[] {2 - 8 * 3, 2 + 8 * 3}, p.interval(ENERGY, 2, 2), 1e-12);
        // coverage 0.95 would need rank 10 of 9: no finite interval can promise it, so there is none
        PredictionIntervals strict = PredictionIntervals.fit(List.of(ENERGY), new double[][] {predicted}, new double[][] {actual}, distance, 0.95, "test");
        assertNull(strict.tasks().get("energy"));
        assertNull(strict.interval(ENERGY, 2, 0));
    }

    @Test
    void aNonNegativeTaskKeepsItsLowerEndAtZeroAndMissingLabelsAreLeftOut() {
        double[] predicted = {0.1, 0.2, 0.3, 0.4}, actual = {0.2, Double.NaN, 0.5, 0.3}, distance = {0, 0, 0, 0};
        PredictionIntervals p = PredictionIntervals.fit(List.of(GAP), new double[][] {predicted}, new double[][] {actual}, distance, 0.7, "test");
        assertEquals(3, p.tasks().get("gap").calibrationCrystals());
        double[] range = p.interval(GAP, 0.05, 0);
        assertEquals(0, range[0], 0, "a gap interval never goes below zero");
        assertTrue(range[1] > 0.05);
        assertNull(p.interval(ENERGY, 1, 0), "a task without calibration has no interval");
    }

    @Test
    void exchangeableDataAreCoveredAtTheNominalRate() {
        Random random = new Random(7);
        int n = 2000, m = 20000;
        double[][] cal = new double[2][n];
        double[] calDistance = new double[n];
        for (int i = 0; i < n; i++) {
            calDistance[i] = 2 * random.nextDouble();
            cal[1][i] = random.nextGaussian() * 0.1 * (1 + calDistance[i]);  // errors that grow with the distance
        }
        PredictionIntervals p = PredictionIntervals.fit(List.of(ENERGY), new double[][] {cal[0]}, new double[][] {cal[1]}, calDistance, 0.9, "test");
        int inside = 0;
        for (int i = 0; i < m; i++) {
            double d = 2 * random.nextDouble(), y = random.nextGaussian() * 0.1 * (1 + d);
            double[] range = p.interval(ENERGY, 0, d);
            if (y >= range[0] && y <= range[1]) inside++;
        }
        double coverage = (double) inside / m;
        assertTrue(Math.abs(coverage - 0.9) < 0.01, "coverage " + coverage);
    }

    @Test
    void trainingCalibratesOnValidationAndPredictionsCarryTheIntervals(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(3);
        try (ReGNetModel m = ModelTrainer.train(TrainingTest.job(d, dir, tc, false, 0), new TrainingListener() { }).model()) {
            PredictionIntervals intervals = m.manifest().intervals();
            assertNotNull(intervals, "the tiny job has a validation split");
            assertTrue(intervals.tasks().isEmpty(), "one validation crystal cannot promise 90 %: no interval, not an infinite one");
            PropertyModel.Estimates e = m.estimate(d.graphs());
            for (int i = 0; i < d.size(); i++) {
                for (int t = 0; t < 2; t++) {
                    if (Double.isNaN(e.lower()[i][t])) continue;
                    assertTrue(e.lower()[i][t] <= e.mean()[i][t] && e.mean()[i][t] <= e.upper()[i][t], "crystal " + i + ", task " + t);
                }
            }
        }
        // seven validation crystals hold a 75 % interval ((7 + 1) · 0.75 = 6 ≤ 7): calibrate for that, write, read back
        List<String> ids = d.ids();
        org.regnet.data.Split wide = new org.regnet.data.Split("test", ids.subList(0, 1), ids.subList(1, 8), List.of());
        Path wideDir = dir.resolve("wide");
        try (ReGNetModel m = ModelTrainer.train(TrainingTest.job(d, wideDir, tc, false, 0).forSplit(wide, wideDir, false, 0),
                new TrainingListener() { }).model()) {
            IntervalCalibration c = IntervalCalibration.of(m, d, 0.75);
            assertEquals(7, c.intervals().tasks().get("a").calibrationCrystals());
            c.writeTo(wideDir, m);
        }
        try (ReGNetModel again = ReGNetModel.load(wideDir)) {
            assertNotNull(again.manifest().intervals());
            Prediction p = again.predict(TestCrystals.all().get(0));
            assertNotNull(p.lower());
            assertTrue(p.lower()[0] <= p.values()[0] && p.values()[0] <= p.upper()[0]);
        }
    }
}
