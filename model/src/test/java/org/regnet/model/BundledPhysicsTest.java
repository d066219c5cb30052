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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
                    int step = step(steps);
                    if (step >= 0) {
                        fail(String.format("%s, %s, %s: a step of %.3g at point %d against median %.3g", name, s.id(),
                                model.tasks().get(t).name(), steps[step], step, median(steps)));
                    }
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
                for (Prediction q : p) {
                    // mp36k holds a few dozen layers in vacuum, so the slab's volume per atom is inside its range up to 25 Å;
                    // its empty slab (at least 10 Å, where 99.9 % of the training crystals have no more than 4.5 Å) is not
                    assertFalse(q.inDomain(), name + ": " + q.id() + " in vacuum is outside a bulk-crystal model's domain");
                    assertTrue(q.domain().reason().contains("an empty slab"), name + ": " + q.domain().reason());
                }
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

    /**
     * The first step among a scan's changes between neighbouring points, or -1 (SCIENCE.md §4: the
     * largest change is at most a few times the median change). A step is a change over 5× the median
     * change and over 5× the changes two points away on either side, beyond float noise (1e-4 in the
     * task's units). Those changes let a smooth onset pass: a band gap leaving the softplus floor under
     * strain rises by changes that grow point by point, while the median change over the flat rest of
     * the scan is near zero (`mp36k-labels-warm44` on mp-1001082: 0.00023, 0.00025, 0.00027, 0.00029,
     * 0.00032 eV per 0.05 % strain over the last points, median 4e-6). A jump stands out against them,
     * even split over two or three points, like format 1's 560× step where reciprocal vectors crossed G_max.
     */
    static int step(double[] steps) {
        double median = median(steps);
        for (int i = 0; i < steps.length; i++) {
            double around = Math.max(i >= 2 ? steps[i - 2] : 0, i + 2 < steps.length ? steps[i + 2] : 0);
            if (steps[i] > 5 * median + 1e-4 && steps[i] > 5 * around + 1e-4) return i;
        }
        return -1;
    }

    @org.junit.jupiter.api.Test
    void aStepIsAJumpNotASmoothOnsetOrAKink() {
        double[] onset = new double[120];
        for (int i = 0; i < onset.length; i++) onset[i] = 1e-6 * Math.exp(i / 14.0);  // the gap leaving zero, faster than the model did: up to 0.005 per point
        assertEquals(-1, step(onset), "a smooth exponential onset");
        double[] kink = new double[120];
        Arrays.fill(kink, 90, 120, 0.002);  // flat, then a constant slope: continuous, not a step
        assertEquals(-1, step(kink));
        double[] flatWithJump = new double[120];
        flatWithJump[70] = 0.001;  // 1 meV, ten times the noise allowance, on a flat curve
        assertEquals(70, step(flatWithJump));
        double[] slope = new double[120];
        Arrays.fill(slope, 0.00046);
        double[] format1 = slope.clone();
        format1[40] = 0.2595;  // format 1 on diamond Si: 0.26 eV/atom where the {111} vectors crossed G_max
        assertEquals(40, step(format1));
        double[] split = slope.clone();
        split[40] = split[41] = split[42] = 0.0865;  // the same jump spread over three points
        assertEquals(41, step(split));
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
