package org.regnet.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;
import org.regnet.crystal.graph.GraphSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SCIENCE.md §4 on untrained models, the default architecture and the one with angular
 * (three-body) terms: symmetries of the crystal leave predictions unchanged.
 */
class InvarianceTest {
    private static final double TOLERANCE = 1e-5;
    private static final Map<String, ReGNetModel> MODELS = new LinkedHashMap<>();
    private static final Map<ReGNetModel, double[]> TYPICAL = new java.util.HashMap<>();

    @BeforeAll
    static void untrainedModels() {
        // an intensive and an extensive task; a larger G_max so every crystal has many reciprocal vectors
        ModelConfig config = ModelConfig.defaults().withGmax(3.0);
        List<TaskSpec> tasks = List.of(new TaskSpec("gap", "eV", false), new TaskSpec("moment", "μB/cell", true));
        MODELS.put("default", ReGNetModel.untrained(config, tasks, TestCrystals.GRAPH, 11));
        MODELS.put("angular", ReGNetModel.untrained(config.withAngular(true), tasks, TestCrystals.GRAPH, 11));
        for (ReGNetModel model : MODELS.values()) TYPICAL.put(model, typicalPerAtom(model));
    }

    @AfterAll
    static void close() { MODELS.values().forEach(ReGNetModel::close); }

    /** A model being tested, named for the test report. */
    record Variant(String name) {
        ReGNetModel model() { return MODELS.get(name); }
        @Override public String toString() { return name; }
    }

    static Stream<Arguments> crystals() {
        return Stream.of("default", "angular").flatMap(v -> TestCrystals.all().stream().map(s -> Arguments.of(new Variant(v), s)));
    }

    @ParameterizedTest
    @MethodSource("crystals")
    void rotation(Variant m, Structure s) {
        double t = 0.7, p = 1.1;
        double[][] q = {{Math.cos(t), -Math.sin(t), 0}, {Math.sin(t), Math.cos(t), 0}, {0, 0, 1}};
        double[][] r = {{1, 0, 0}, {0, Math.cos(p), -Math.sin(p)}, {0, Math.sin(p), Math.cos(p)}};
        assertSame(m, s, Transforms.rotate(Transforms.rotate(s, q), r), 1);
    }

    @ParameterizedTest
    @MethodSource("crystals")
    void translation(Variant m, Structure s) { assertSame(m, s, Transforms.wrap(Transforms.translate(s, 0.31, -0.12, 0.77)), 1); }

    @ParameterizedTest
    @MethodSource("crystals")
    void permutation(Variant m, Structure s) {
        Integer[] order = new Integer[s.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Collections.shuffle(java.util.Arrays.asList(order), new Random(3));
        assertSame(m, s, Transforms.permute(s, java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray()), 1);
    }

    @ParameterizedTest
    @MethodSource("crystals")
    void unimodularCellChange(Variant m, Structure s) {
        assertSame(m, s, Transforms.changeBasis(s, new int[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 1}}), 1);
    }

    @ParameterizedTest
    @MethodSource("crystals")
    void supercell(Variant m, Structure s) { assertSame(m, s, Transforms.supercell(s, 2, 2, 2), 8); }

    @ParameterizedTest
    @MethodSource("crystals")
    void wrappedCoordinates(Variant m, Structure s) {
        // the same atoms with fractional coordinates shifted by whole lattice vectors
        assertSame(m, s, Transforms.translate(s, 1, -2, 3), 1);
    }

    @org.junit.jupiter.api.Test
    void differentCrystalsGetDifferentPredictions() {
        // guards the tests above against a model that ignores its input, or angular terms that change nothing
        for (ReGNetModel model : MODELS.values()) {
            double a = model.predict(TestCrystals.rockSalt()).values()[0], b = model.predict(TestCrystals.silicon()).values()[0];
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(a - b) > 1e-3, a + " vs " + b);
        }
        double plain = MODELS.get("default").predict(TestCrystals.wurtzite()).values()[0];
        double angular = MODELS.get("angular").predict(TestCrystals.wurtzite()).values()[0];
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(plain - angular) > 1e-4, plain + " vs " + angular);
    }

    /**
     * Intensive outputs are equal; extensive ones scale with the number of atoms. "Relative" is
     * relative to the output's size, or to the model's typical output on these crystals when that
     * is larger: an output that happens to sum to nearly zero still carries the rounding of its
     * terms (float32, about 1e-6 of the activations).
     */
    private static void assertSame(Variant m, Structure a, Structure b, int scale) {
        ReGNetModel model = m.model();
        double[] pa = model.predict(a).values(), pb = model.predict(b).values();
        double[] typical = TYPICAL.get(model);
        double intensive = Math.max(1, Math.max(Math.abs(pa[0]), typical[0]));
        double extensive = Math.max(1, Math.max(Math.abs(pa[1] * scale), typical[1] * b.size()));
        assertEquals(pa[0], pb[0], TOLERANCE * intensive, "intensive task of " + a.id());
        assertEquals(pa[1] * scale, pb[1], TOLERANCE * extensive, "extensive task of " + a.id());
    }

    /** Mean |output| over the test crystals: the intensive task's, and the extensive task's per atom. */
    private static double[] typicalPerAtom(ReGNetModel model) {
        double[] sum = new double[2];
        List<Structure> all = TestCrystals.all();
        for (Structure s : all) {
            double[] p = model.predict(s).values();
            sum[0] += Math.abs(p[0]) / all.size();
            sum[1] += Math.abs(p[1]) / s.size() / all.size();
        }
        return sum;
    }
}
