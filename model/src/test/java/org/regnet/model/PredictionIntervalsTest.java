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
        assertArrayEquals(new double[] {2 - 8 * 3, 2 + 8 * 3}, p.interval(ENERGY, 2, 2, false, 1), 1e-12);
        // coverage 0.95 would need rank 10 of 9: no finite interval can promise it, so there is none
        PredictionIntervals strict = PredictionIntervals.fit(List.of(ENERGY), new double[][] {predicted}, new double[][] {actual}, distance, 0.95, "test");
        assertNull(strict.tasks().get("energy"));
        assertNull(strict.interval(ENERGY, 2, 0, false, 1));
    }

    @Test
    void aNonNegativeTaskKeepsItsLowerEndAtZeroAndMissingLabelsAreLeftOut() {
        double[] predicted = {0.1, 0.2, 0.3, 0.4}, actual = {0.2, Double.NaN, 0.5, 0.3}, distance = {0, 0, 0, 0};
        PredictionIntervals p = PredictionIntervals.fit(List.of(GAP), new double[][] {predicted}, new double[][] {actual}, distance, 0.7, "test");
        assertEquals(3, p.tasks().get("gap").calibrationCrystals());
        double[] range = p.interval(GAP, 0.05, 0, false, 1);
        assertEquals(0, range[0], 0, "a gap interval never goes below zero");
        assertTrue(range[1] > 0.05);
        assertNull(p.interval(ENERGY, 1, 0, false, 1), "a task without calibration has no interval");
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
            double[] range = p.interval(ENERGY, 0, d, false, 1);
            if (y >= range[0] && y <= range[1]) inside++;
        }
        double coverage = (double) inside / m;
        assertTrue(Math.abs(coverage - 0.9) < 0.01, "coverage " + coverage);
    }

    @Test
    void crystalsOfUnseenChemistryAreCalibratedApart() throws IOException {
        List<org.regnet.data.CrystalGraph> crystals = TrainingTest.tiny().graphs();
        List<String> trainingChemistry = List.of(crystals.get(0).chemicalSystem(), crystals.get(1).chemicalSystem());
        // seen: x0, x1 and x7 (x1's perovskite in another basis); unseen: x2 … x6
        boolean[] seen = {true, true, false, false, false, false, false, true};
        double[] predicted = new double[8], actual = new double[8], distance = new double[8];
        for (int i = 0; i < 8; i++) {
            actual[i] = seen[i] ? i + 1 : 10 * (i + 1);
            assertEquals(seen[i], trainingChemistry.contains(crystals.get(i).chemicalSystem()), "x" + i);
        }
        PredictionIntervals p = PredictionIntervals.fit(List.of(ENERGY), new double[][] {predicted}, new double[][] {actual}, distance,
                crystals, trainingChemistry, 0.5, "test");
        // seen residuals {1, 2, 8}: rank ⌈4 · 0.5⌉ = 2, q = 2; unseen {30, 40, 50, 60, 70}: rank ⌈6 · 0.5⌉ = 3, q = 50
        PredictionIntervals.Task task = p.tasks().get("energy");
        assertEquals(2, task.scale(), 0);
        assertEquals(3, task.calibrationCrystals());
        assertEquals(50, task.unseenChemistry().scale(), 0);
        assertEquals(5, task.unseenChemistry().calibrationCrystals());
        assertEquals(new java.util.TreeSet<>(trainingChemistry).stream().toList(), p.trainingChemistry(), "sorted, once each");
        assertArrayEquals(new double[] {-50 * 2, 50 * 2}, p.interval(ENERGY, 0, 1, true, 1), 1e-12);
        assertArrayEquals(new double[] {-2 * 2, 2 * 2}, p.interval(ENERGY, 0, 1, false, 1), 1e-12);
        double[][][] bounds = p.bounds(List.of(ENERGY), new double[8][1], distance, crystals);
        for (int i = 0; i < 8; i++) {
            assertEquals(seen[i], !p.unseenChemistry(crystals.get(i)));
            assertEquals(seen[i] ? 2 : 50, bounds[1][i][0], 0, "x" + i + ": the q of its group");
        }
        PredictionIntervals read = ModelArchive.JSON.readValue(ModelArchive.JSON.writeValueAsBytes(p), PredictionIntervals.class);
        assertEquals(p, read, "written and read back, both groups and the training chemistry");

        // when every calibration crystal is of seen chemistry there is no unseen group: one q, as without grouping
        List<String> everything = crystals.stream().map(org.regnet.data.CrystalGraph::chemicalSystem).toList();
        PredictionIntervals all = PredictionIntervals.fit(List.of(ENERGY), new double[][] {predicted}, new double[][] {actual}, distance,
                crystals, everything, 0.5, "test");
        PredictionIntervals plain = PredictionIntervals.fit(List.of(ENERGY), new double[][] {predicted}, new double[][] {actual}, distance, 0.5, "test");
        assertNull(all.tasks().get("energy").unseenChemistry());
        assertEquals(plain, all, "nothing told apart: one group, no training chemistry kept");
        assertNull(plain.trainingChemistry());
        assertTrue(!plain.unseenChemistry(crystals.get(6)), "one group: no crystal is told apart");
        assertTrue(!ModelArchive.JSON.writeValueAsString(plain).contains("trainingChemistry"), "left out of the file when not grouped");
    }

    @Test
    void eachCellSizeClassGetsItsOwnQuantile() throws IOException {
        // Si cells of 8, 16, 32 and 64 atoms: one per size class (up to 10, 11-30, 31-60, over 60)
        org.regnet.data.Featurizer f = new org.regnet.data.Featurizer(TestCrystals.GRAPH, ModelConfig.defaults().gmax());
        int[][] repeats = {{1, 1, 1}, {2, 1, 1}, {2, 2, 1}, {2, 2, 2}};
        List<org.regnet.data.CrystalGraph> sizes = new java.util.ArrayList<>();
        for (int[] r : repeats) sizes.add(f.featurize(org.regnet.crystal.Transforms.supercell(TestCrystals.silicon(), r[0], r[1], r[2])));
        // three calibration crystals per class, residuals (c + 1) · {1, 2, 3}: at coverage 0.5 rank ⌈4 · 0.5⌉ = 2, so q_c = 2 (c + 1)
        List<org.regnet.data.CrystalGraph> crystals = new java.util.ArrayList<>();
        double[] predicted = new double[12], actual = new double[12], distance = new double[12];
        for (int c = 0; c < 4; c++) {
            for (int k = 0; k < 3; k++) {
                crystals.add(sizes.get(c));
                actual[3 * c + k] = (c + 1) * (k + 1);
            }
        }
        PredictionIntervals p = PredictionIntervals.fit(List.of(ENERGY), new double[][] {predicted}, new double[][] {actual}, distance,
                crystals, null, 0.5, "test");
        assertEquals(PredictionIntervals.DEFAULT_SIZE_CLASSES, p.sizeClasses());
        PredictionIntervals.Task task = p.tasks().get("energy");
        // all twelve residuals 1,2,2,3,3,4,4,6,6,8,9,12: rank ⌈13 · 0.5⌉ = 7, q = 4 (kept for reference)
        assertEquals(4, task.scale(), 0);
        for (int c = 0; c < 4; c++) {
            assertEquals(2 * (c + 1), task.bySize().get(c).scale(), 0, "class " + c);
            assertEquals(3, task.bySize().get(c).calibrationCrystals());
            int atoms = sizes.get(c).atoms();
            assertArrayEquals(new double[] {-2 * (c + 1), 2 * (c + 1)}, p.interval(ENERGY, 0, 0, sizes.get(c)), 1e-12, atoms + " atoms");
        }
        assertEquals(1, PredictionIntervals.sizeClass(p.sizeClasses(), 11), "11 atoms: the second class");
        assertEquals(0, PredictionIntervals.sizeClass(p.sizeClasses(), 10), "10 atoms: the first");
        assertEquals(List.of("1-10", "11-30", "31-60", "over 60"), java.util.stream.IntStream.range(0, 4).mapToObj(p::sizeClassName).toList());
        // the test metrics report each class's coverage: residuals (c + 1) · 1.5 fall inside every class's ±2 (c + 1)
        double[] testActual = new double[4];
        for (int c = 0; c < 4; c++) testActual[c] = 1.5 * (c + 1);
        var metrics = IntervalMetrics.add(null, List.of(ENERGY), p, new double[][] {new double[4]}, new double[][] {testActual}, new double[4], sizes);
        assertEquals(1.0, metrics.get("energy").get("interval_coverage_atoms_over_60"), 0);
        assertEquals(1.0, metrics.get("energy").get("interval_coverage_atoms_11_30"), 0);
        PredictionIntervals read = ModelArchive.JSON.readValue(ModelArchive.JSON.writeValueAsBytes(p), PredictionIntervals.class);
        assertEquals(p, read, "written and read back with its size groups");

        // a class without calibration crystals (no 64-atom cell): one q for every size, as before
        PredictionIntervals noLarge = PredictionIntervals.fit(List.of(ENERGY), new double[][] {java.util.Arrays.copyOf(predicted, 9)},
                new double[][] {java.util.Arrays.copyOf(actual, 9)}, new double[9], crystals.subList(0, 9), null, 0.5, "test");
        assertNull(noLarge.sizeClasses());
        assertNull(noLarge.tasks().get("energy").bySize());
        assertTrue(!ModelArchive.JSON.writeValueAsString(noLarge).contains("sizeClasses"), "left out of the file when not by size");
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
        try (ReGNetModel m = ModelTrainer.train(TrainingTest.job(d, wideDir, tc, false, 0).toBuilder().setSplit(wide).build(),
                new TrainingListener() { }).model()) {
            IntervalCalibration c = IntervalCalibration.of(m, d, 0.75);
            assertEquals(7, c.intervals().tasks().get("a").calibrationCrystals());
            c.writeTo(wideDir, m);
        }
        try (ReGNetModel again = ReGNetModel.load(wideDir)) {
            assertNotNull(again.manifest().intervals());
            assertNull(again.manifest().intervals().trainingChemistry(), "no validation crystal shares x0's chemistry: one group");
            assertTrue(!again.manifest().requires().contains("intervals-by-chemistry"), again.manifest().requires().toString());
            Prediction p = again.predict(TestCrystals.all().get(0));
            assertNotNull(p.lower());
            assertTrue(p.lower()[0] <= p.values()[0] && p.values()[0] <= p.upper()[0]);
        }
    }

    @Test
    void trainingCalibratesUnseenChemistryApartAndRecordsIt(@TempDir Path dir) throws IOException {
        // 12 Li-Fe-P-O cells and rock salt, 9 silicon cells strained apart: training sees rock salt and 3 of the
        // Li-Fe-P-O cells, so validation holds 9 crystals of seen chemistry and 9 of unseen, enough for 90 % each
        org.regnet.data.Featurizer f = new org.regnet.data.Featurizer(TestCrystals.GRAPH, ModelConfig.defaults().gmax());
        List<org.regnet.data.CrystalGraph> graphs = new java.util.ArrayList<>();
        List<org.regnet.crystal.Structure> structures = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) structures.add(TestCrystals.triclinic(100 + i));
        for (int i = 0; i < 9; i++) structures.add(TestCrystals.silicon(5.2 + 0.05 * i));
        structures.add(TestCrystals.rockSalt());
        double[][] labels = new double[structures.size()][];
        for (int i = 0; i < structures.size(); i++) {
            graphs.add(f.featurize(structures.get(i).toBuilder().id("c" + i).build()));
            labels[i] = new double[] {Math.sin(i), Math.cos(i)};
        }
        Dataset d = new Dataset(List.of("a", "b"), graphs, labels, List.of());
        List<String> ids = d.ids();
        List<String> train = new java.util.ArrayList<>(ids.subList(0, 3));
        train.add(ids.get(21));
        org.regnet.data.Split split = new org.regnet.data.Split("test", train, ids.subList(3, 21), List.of());
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(1).withBatchSize(8);
        try (ReGNetModel m = ModelTrainer.train(TrainingTest.job(d, dir, tc, false, 0).toBuilder().setSplit(split).build(), new TrainingListener() { }).model()) {
            PredictionIntervals intervals = m.manifest().intervals();
            assertEquals(List.of(graphs.get(0).chemicalSystem(), graphs.get(21).chemicalSystem()).stream().sorted().toList(),
                    intervals.trainingChemistry(), "the training crystals' chemical systems, sorted, once each");
            assertTrue(m.manifest().requires().contains("intervals-by-chemistry"), m.manifest().requires().toString());
            for (String task : List.of("a", "b")) {
                assertEquals(9, intervals.tasks().get(task).calibrationCrystals(), "seen chemistry: the 9 validation Li-Fe-P-O cells");
                assertEquals(9, intervals.tasks().get(task).unseenChemistry().calibrationCrystals(), "unseen: the 9 silicon cells");
            }
            PropertyModel.Estimates e = m.estimate(graphs.subList(3, 21));
            double[] distance = e.distance();
            for (int i = 0; i < 18; i++) {
                PredictionIntervals.Task group = i < 9 ? intervals.tasks().get("a") : intervals.tasks().get("a").unseenChemistry();
                assertEquals(group.scale() * (1 + distance[i]), e.upper()[i][0] - e.mean()[i][0], 1e-9, "crystal " + (i + 3) + " gets its group's q");
            }
        }
        try (ReGNetModel again = ReGNetModel.load(dir)) {
            assertNotNull(again.manifest().intervals().tasks().get("a").unseenChemistry(), "kept in the archive");
        }
    }

    @Test
    void aNamedEnsembleIsCalibratedOnItsMembersSharedValidationSet(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        List<String> ids = d.ids();
        org.regnet.data.Split wide = new org.regnet.data.Split("test", ids.subList(0, 1), ids.subList(1, 8), List.of());
        TrainingConfig tc = TrainingConfig.defaults().withEpochs(2).withBatchSize(3);
        for (String name : List.of("m1", "m2")) {
            Path out = dir.resolve(name);
            TrainingConfig member = name.equals("m1") ? tc : tc.withLearningRate(1e-3);  // two different members
            ModelTrainer.train(TrainingTest.job(d, out, member, false, 0).toBuilder().setSplit(wide).build(), new TrainingListener() { }).model().close();
        }
        Path named = java.nio.file.Files.createDirectories(dir.resolve("named"));
        java.nio.file.Files.writeString(named.resolve(EnsembleDefinition.FILE), "{\"members\": [\"../m1\", \"../m2\"]}");
        try (PropertyModel ensemble = PropertyModel.load(List.of(named.toString()))) {
            assertNull(ensemble.intervals(), "not calibrated yet");
            IntervalCalibration c = IntervalCalibration.of(ensemble, d, 0.75);
            assertEquals(7, c.intervals().tasks().get("a").calibrationCrystals());
            c.writeTo(named, ensemble);
        }
        String json = java.nio.file.Files.readString(named.resolve(EnsembleDefinition.FILE));
        assertTrue(json.contains("\"../m1\"") && json.contains("\"intervals\""), "members kept as written, intervals added: " + json);
        try (ModelEnsemble ensemble = ModelEnsemble.load(List.of(named.toString()));
             ReGNetModel m1 = ReGNetModel.load(dir.resolve("m1")); ReGNetModel m2 = ReGNetModel.load(dir.resolve("m2"))) {
            PredictionIntervals intervals = ensemble.intervals();
            assertNotNull(intervals);
            List<org.regnet.data.CrystalGraph> validation = d.graphs().subList(1, 8);
            PropertyModel.Estimates e = ensemble.estimate(validation);
            double[] d1 = m1.estimate(validation).distance(), d2 = m2.estimate(validation).distance();
            double q = intervals.tasks().get("a").scale();
            int inside = 0;
            for (int i = 0; i < validation.size(); i++) {
                double distance = (d1[i] + d2[i]) / 2;  // the members' mean embedding distance scales the interval
                assertEquals(distance, e.distance()[i], 1e-12);
                assertEquals(e.mean()[i][0] - q * (1 + distance), e.lower()[i][0], 1e-9);
                assertEquals(e.mean()[i][0] + q * (1 + distance), e.upper()[i][0], 1e-9);
                double label = d.labels()[i + 1][0];
                if (label >= e.lower()[i][0] && label <= e.upper()[i][0]) inside++;
            }
            assertTrue(inside >= 6, "the conformal rank: at least 6 of the 7 calibration crystals inside, got " + inside);
            assertTrue(new PredictionColumns(ensemble).names().contains("a_lo[eV]"), new PredictionColumns(ensemble).names().toString());
        }
        // mixed with another model, the ensemble's calibration no longer holds: no intervals
        try (PropertyModel mixed = PropertyModel.load(List.of(named.toString(), dir.resolve("m1").toString()))) {
            assertNull(mixed.intervals());
            assertNull(mixed.estimate(d.graphs()).lower());
        }
        // members tested on different crystals share no split: calibration is refused
        Path other = dir.resolve("m3");
        org.regnet.data.Split tested = new org.regnet.data.Split("test", ids.subList(0, 6), ids.subList(6, 7), ids.subList(7, 8));
        ModelTrainer.train(TrainingTest.job(d, other, tc, false, 0).toBuilder().setSplit(tested).build(), new TrainingListener() { }).model().close();
        try (PropertyModel split = PropertyModel.load(List.of(dir.resolve("m1").toString(), other.toString()))) {
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> IntervalCalibration.of(split, d, 0.75));
            assertTrue(refused.getMessage().contains("do not share one test set"), refused.getMessage());
        }
    }
}
