package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.regnet.data.Dataset;
import org.regnet.data.TargetScaler;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingScoresTest {
    // task "e" intensive (std 2), task "m" extensive and non-negative (per atom: mean 1, std 0.5)
    private static final List<TaskSpec> TASKS = List.of(new TaskSpec("e", "eV", false), new TaskSpec("m", "μB", true, true));
    private static final TargetScaler SCALER = new TargetScaler(new double[] {0, 1}, new double[] {2, 0.5}, new boolean[] {false, true});

    /** The tiny training set's crystals with labels of our own: e = row, m = atoms (one per atom); row 1 has no m. */
    private static Dataset data() {
        Dataset tiny = TrainingTest.tiny();
        double[][] labels = new double[tiny.size()][];
        for (int i = 0; i < tiny.size(); i++) labels[i] = new double[] {i, i == 1 ? Double.NaN : tiny.graphs().get(i).atoms()};
        return new Dataset(List.of("e", "m"), tiny.graphs(), labels, List.of());
    }

    @Test
    void theScoreIsTheMeanOverTasksOfTheStandardizedMaeAndSkipsMissingLabels() {
        Dataset d = data();
        TrainingScores scores = new TrainingScores(d, TASKS, SCALER);
        int[] rows = {0, 1, 2};
        double[][] predicted = new double[2][d.size()];
        for (int r : rows) {
            predicted[0][r] = d.labels()[r][0] + 1;  // off by half a std
            predicted[1][r] = 2.0 * d.graphs().get(r).atoms();  // off by one per atom: two stds
        }
        predicted[1][1] = 1e6;  // no label: must not count
        assertEquals((0.5 + 2.0) / 2, scores.score(rows, predicted), 1e-12);
        assertEquals(1.0, scores.metrics(rows, predicted).get("e").get("mae"), 1e-12);
        assertEquals(2.0, scores.metrics(rows, predicted).get("m").get("count"), 0);  // row 1 has no label
    }

    @Test
    void aTaskWithoutLabelsIsLeftOutOfTheScore() {
        Dataset d = data();
        TrainingScores scores = new TrainingScores(d, TASKS, SCALER);
        double[][] predicted = new double[2][d.size()];
        predicted[0][1] = d.labels()[1][0] - 4;  // two stds off; row 1 has no m label
        assertEquals(2.0, scores.score(new int[] {1}, predicted), 1e-12);
    }

    @Test
    void outputsReturnToTheTasksUnitsAndANonNegativeTaskStaysAtOrAboveZero() {
        Dataset d = data();
        TrainingScores scores = new TrainingScores(d, TASKS, SCALER);
        int atoms = d.graphs().get(0).atoms();
        assertEquals(3.0, scores.physical(0, 1.5f, atoms), 1e-6);
        assertEquals(1.5 * atoms, scores.physical(1, 1f, atoms), 1e-6);  // (1 · 0.5 + 1) per atom
        assertEquals(0.0, scores.physical(1, -2.0000002f, atoms), 0);  // a rounding residue below zero
        float[][] normalized = new float[d.size()][];
        for (int r = 0; r < d.size(); r++) normalized[r] = new float[] {r, 0};
        double[][] physical = scores.physical(new int[] {2, 4}, normalized);
        assertEquals(8.0, physical[0][4], 1e-6);
        assertEquals(0.0, physical[0][3], 0);  // rows not asked for are left at zero
        assertEquals((double) d.graphs().get(2).atoms(), physical[1][2], 1e-6);
    }
}
