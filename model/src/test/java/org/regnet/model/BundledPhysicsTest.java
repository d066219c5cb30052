package org.regnet.model;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;
import org.regnet.crystal.io.StructureReaders;
import org.regnet.crystal.io.StructureSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SCIENCE.md §4 on every bundled model of format 2 (format-1 models are legacy and fail these by
 * construction; {@code regnet models} labels them): strain scans without steps, a molecule and a slab
 * whose predictions settle as vacuum grows, no negative band gap, and every prediction over examples/
 * and a sample of the shared datasets finite and within the training labels' range widened by its width.
 */
class BundledPhysicsTest {
    private static final Path DATASETS = Path.of(System.getProperty("regnet.datasets", "../../shared/datasets"));
    /** Low-symmetry Materials Project crystals for the strain scans (read from the shared datasets when present). */
    private static final Set<String> LOW_SYMMETRY = Set.of("mp-1001079.cif", "mp-1001082.cif", "mp-10032.cif");
    /** SCIENCE.md §4: the change from 25 to 40 Å of vacuum, per unit (eV/atom for energies, eV for gaps and Fermi levels). */
    private static final double ENERGY_SETTLED = 0.01, GAP_SETTLED = 0.02;

    static List<String> v2Models() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : ReGNetModel.BUNDLED) {
            try (ReGNetModel m = ReGNetModel.load(name)) {
                if (!m.manifest().legacy()) out.add(name);
            }
        }
        Assumptions.assumeFalse(out.isEmpty(), "no bundled model of format 2 yet");
        return out;
    }

    @ParameterizedTest
    @MethodSource("v2Models")
    void strainScansHaveNoSteps(String name) throws IOException {
        List<Structure> crystals = new ArrayList<>(List.of(TestCrystals.silicon(), TestCrystals.rockSalt(), TestCrystals.triclinic(7),
                TestCrystals.wurtzite()));
        crystals.addAll(sharedCrystals(LOW_SYMMETRY));
        try (ReGNetModel model = ReGNetModel.load(name)) {
            for (Structure s : crystals) {
                List<Structure> scan = new ArrayList<>();
                for (int k = -60; k <= 60; k++) scan.add(Transforms.strained(s, 1 + k * 0.0005));
                List<Prediction> p = model.predict(scan);
                for (int t = 0; t < model.tasks().size(); t++) {
                    double[] steps = new double[scan.size() - 1];
                    for (int i = 0; i < steps.length; i++) steps[i] = Math.abs(p.get(i + 1).values()[t] - p.get(i).values()[t]);
                    double largest = Arrays.stream(steps).max().orElseThrow();
                    double median = median(steps);
                    // "at most a few times the median change"; 1e-4 in the task's units absorbs float noise on flat curves
                    assertTrue(largest <= 5 * median + 1e-4, String.format("%s, %s, %s: largest step %.3g against median %.3g", name, s.id(),
                            model.tasks().get(t).name(), largest, median));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("v2Models")
    void aMoleculeAndASlabSettleAsVacuumGrows(String name) throws IOException {
        try (ReGNetModel model = ReGNetModel.load(name)) {
            TrainingDomain domain = model.manifest().domain();
            for (boolean slab : new boolean[] {false, true}) {
                double[] sizes = slab ? new double[] {10, 15, 20, 25, 30, 40} : new double[] {12, 15, 20, 25, 30, 40};
                List<Structure> scan = new ArrayList<>();
                for (double x : sizes) scan.add(slab ? VacuumTest.siliconSlab(x) : VacuumTest.methylIodide(x));
                List<Prediction> p = model.predict(scan);
                for (int t = 0; t < model.tasks().size(); t++) {
                    TaskSpec task = model.tasks().get(t);
                    double change = Math.abs(p.get(5).values()[t] - p.get(3).values()[t]);
                    double allowed = task.name().contains("gap") || task.name().equals("efermi") ? GAP_SETTLED
                            : task.extensive() ? ENERGY_SETTLED * scan.get(0).size() : ENERGY_SETTLED;
                    assertTrue(change < allowed, String.format("%s, %s, %s: 25 → 40 Å changes it by %.3g", name, slab ? "Si slab" : "CH3I",
                            task.name(), change));
                    for (Prediction q : p) assertInRange(domain, task, q.values()[t], name + " " + q.id());
                }
                assertFalse(p.get(5).inDomain() && !slab, "a molecule in a 40 Å box is outside a bulk-crystal model's domain");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("v2Models")
    void everyPredictionIsFiniteAndInRange(String name) throws IOException {
        List<Structure> corpus = new ArrayList<>();
        try (var files = Files.list(Path.of("../examples"))) {
            for (Path f : files.sorted().toList()) corpus.addAll(StructureReaders.read(f, ReadOptions.defaults()));
        }
        corpus.addAll(sharedSample(2000));
        try (ReGNetModel model = ReGNetModel.load(name)) {
            TrainingDomain domain = model.manifest().domain();
            for (Prediction p : model.predict(corpus)) {
                if (!p.ok()) continue;  // unreadable or unfeaturizable inputs are error rows, tested elsewhere
                for (int t = 0; t < model.tasks().size(); t++) {
                    TaskSpec task = model.tasks().get(t);
                    assertTrue(Double.isFinite(p.values()[t]), name + " " + p.id() + " " + task.name());
                    if (task.nonNegative()) assertTrue(p.values()[t] >= 0, name + " " + p.id() + " " + task.name() + " = " + p.values()[t]);
                    assertInRange(domain, task, p.values()[t], name + " " + p.id());
                }
            }
        }
    }

    /** Within the training labels' range widened by its width on each side (per atom for extensive tasks, whose range is per cell). */
    private static void assertInRange(TrainingDomain domain, TaskSpec task, double value, String what) {
        TrainingDomain.Range r = domain.labels().get(task.name());
        if (task.extensive()) return;  // a per-cell range says nothing about a cell of another size
        assertTrue(value >= r.min() - r.width() && value <= r.max() + r.width(),
                String.format("%s: %s = %.4g outside %.4g–%.4g widened by its width", what, task.name(), value, r.min(), r.max()));
    }

    private static List<Structure> sharedCrystals(Set<String> names) {
        Path archive = DATASETS.resolve("mp36k/structures-0.tar.gz");
        if (!Files.isRegularFile(archive)) return List.of();
        List<Structure> out = new ArrayList<>();
        StructureSource.forEach(List.of(archive), ReadOptions.defaults(), e -> {
            String file = e.source().substring(e.source().lastIndexOf('/') + 1);
            if (e.error() == null && names.contains(file)) out.addAll(StructureReaders.read(e.source(), e.bytes(), ReadOptions.defaults()));
        });
        return out;
    }

    /** Every n-th of the first shard's structures, about {@code count} of them; none without the shared datasets. */
    private static List<Structure> sharedSample(int count) {
        Path archive = DATASETS.resolve("mp36k/structures-0.tar.gz");
        if (!Files.isRegularFile(archive)) return List.of();
        List<Structure> out = new ArrayList<>();
        int[] seen = {0};
        StructureSource.forEach(List.of(archive), ReadOptions.defaults(), e -> {
            if (seen[0]++ % 9 != 0 || e.error() != null || out.size() >= count) return;
            try {
                out.addAll(StructureReaders.read(e.source(), e.bytes(), ReadOptions.defaults()));
            } catch (org.regnet.crystal.StructureException ignored) {
                // the readers' own tests cover bad files
            }
        });
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
