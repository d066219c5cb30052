package org.regnet.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finished matbench runs combined fold by fold: the mean that ModelEnsemble predicts, written and scored as a run. */
class MatbenchEnsembleTest {
    private static TrainingConfig twoEpochs(long seed) {
        return new TrainingConfig(2, 3, 4096, 2e-3, 1e-5, 1, 5.0, 0, TrainingConfig.LossKind.L1, TrainingConfig.TaskWeighting.UNCERTAINTY, seed, 0,
                TrainingConfig.Schedule.COSINE);
    }

    @Test
    void eachFoldIsTheMeanOfTheRunsAsTheirModelsPredictItTogether(@TempDir Path dir) throws IOException {
        Dataset d = MatbenchRunTest.oneTarget();
        Path folds = MatbenchRunTest.folds(dir);
        Path a = dir.resolve("seed-42"), b = dir.resolve("seed-7"), out = dir.resolve("ensemble");
        MatbenchRunTest.run(d, folds, a, twoEpochs(42)).build().run();
        MatbenchRunTest.run(d, folds, b, twoEpochs(7)).optFolds(List.of(0, 1)).build().run();  // the second run has finished two folds

        MatbenchRun.Summary summary = MatbenchEnsemble.combine(List.of(a, b), d, out, "regnet matbench-ensemble test");
        assertEquals(List.of(0, 1), summary.folds().stream().map(MatbenchRun.Fold::fold).toList(), "only the folds both runs finished");
        assertFalse(summary.complete());
        JsonNode recorded = MatbenchRunTest.results(out).get("tasks").get("t").get("results");
        for (MatbenchRun.Fold fold : summary.folds()) {
            Path foldA = a.resolve("fold_" + fold.fold()), foldB = b.resolve("fold_" + fold.fold());
            List<CrystalGraph> graphs = new ArrayList<>();
            for (int row : d.indicesOf(fold.ids())) graphs.add(d.graphs().get(row));
            try (ModelEnsemble together = ModelEnsemble.load(List.of(foldA.toString(), foldB.toString()))) {
                double[][] mean = together.estimate(graphs).mean();
                for (int i = 0; i < graphs.size(); i++) {
                    assertEquals(mean[i][0], fold.predicted()[i], 0, "bit for bit the ensemble's mean, " + fold.ids().get(i));
                    assertEquals(fold.predicted()[i], recorded.get("fold_" + fold.fold()).get("data").get(fold.ids().get(i)).asDouble(), 0);
                }
            }
            assertEquals(MatbenchRun.Scores.of(fold.actual(), fold.predicted()), fold.scores());
            assertTrue(Files.isRegularFile(out.resolve("fold_" + fold.fold()).resolve(MatbenchRun.PREDICTIONS)));
        }
        String md = Files.readString(out.resolve(MatbenchRun.SUMMARY_MD));
        assertTrue(md.contains("2 of 5 folds so far") && md.contains("Members: `[" + a + ", " + b + "]`") && md.contains("the members' training, summed"), md);
        JsonNode json = ModelArchive.JSON.readTree(out.resolve(MatbenchRun.SUMMARY_JSON).toFile());
        assertEquals(summary.meanMae(), json.get("mae_mean").asDouble(), 1e-12);
        assertTrue(json.get("core_hours").asDouble() > 0, json.toString());
    }

    @Test
    void committedResultsStandForTheirRunDirectory(@TempDir Path dir) throws IOException {
        Dataset d = MatbenchRunTest.oneTarget();
        Path folds = MatbenchRunTest.folds(dir);
        Path a = dir.resolve("seed-42"), b = dir.resolve("seed-7");
        MatbenchRunTest.run(d, folds, a, twoEpochs(42)).optFolds(List.of(0, 1)).build().run();
        MatbenchRunTest.run(d, folds, b, twoEpochs(7)).optFolds(List.of(0, 1)).build().run();
        Path kept = Files.createDirectories(dir.resolve("committed-seed-7"));  // what benchmarks/matbench/ keeps: no models, no run.json
        for (String f : List.of(MatbenchRun.RESULTS, MatbenchRun.SUMMARY_JSON)) Files.copy(b.resolve(f), kept.resolve(f));

        MatbenchRun.Summary runs = MatbenchEnsemble.combine(List.of(a, b), d, dir.resolve("from-runs"), "c");
        MatbenchRun.Summary mixed = MatbenchEnsemble.combine(List.of(a, kept), d, dir.resolve("mixed"), "c");
        assertEquals(2, mixed.folds().size());
        for (int f = 0; f < 2; f++) {
            assertEquals(runs.folds().get(f).ids(), mixed.folds().get(f).ids());
            assertTrue(java.util.Arrays.equals(runs.folds().get(f).predicted(), mixed.folds().get(f).predicted()), "fold " + f);
            assertEquals(runs.folds().get(f).seconds(), mixed.folds().get(f).seconds(), 1e-9, "the committed summary keeps the training time");
        }
        assertEquals(runs.target(), mixed.target(), "the run directory's target is the one reported");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException neither = assertThrows(IOException.class, () -> MatbenchEnsemble.combine(List.of(a, empty), d, dir.resolve("e"), "c"));
        assertTrue(neither.getMessage().contains("nor a run's committed results"), neither.getMessage());
    }

    @Test
    void runsOfAnotherProtocolOrTooFewAreRefused(@TempDir Path dir) throws IOException {
        Dataset d = MatbenchRunTest.oneTarget();
        Path folds = MatbenchRunTest.folds(dir);
        Path a = dir.resolve("a"), other = dir.resolve("other");
        MatbenchRunTest.run(d, folds, a, twoEpochs(42)).optFolds(List.of(0)).build().run();
        MatbenchRunTest.run(d, folds, other, twoEpochs(7)).optFolds(List.of(0)).optValidationFraction(0.4).build().run();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatbenchEnsemble.combine(List.of(a, other), d, dir.resolve("e"), "c"));
        assertTrue(e.getMessage().contains("differs from " + a + " in validationFraction"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MatbenchEnsemble.combine(List.of(a), d, dir.resolve("e"), "c"));
        IOException notARun = assertThrows(IOException.class, () -> MatbenchEnsemble.combine(List.of(a, dir), d, dir.resolve("e"), "c"));
        assertTrue(notARun.getMessage().contains("is not a matbench run directory"), notARun.getMessage());
    }
}
