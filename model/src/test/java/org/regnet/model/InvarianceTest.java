package org.regnet.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;
import org.regnet.crystal.graph.GraphSettings;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SCIENCE.md §4 on an untrained model: symmetries of the crystal leave predictions unchanged. */
class InvarianceTest {
    private static final double TOLERANCE = 1e-5;
    private static ReGNetModel model;

    @BeforeAll
    static void untrainedModel() {
        // an intensive and an extensive task; a larger G_max so every crystal has many reciprocal vectors
        model = ReGNetModel.untrained(ModelConfig.defaults().withGmax(3.0), List.of(new TaskSpec("gap", "eV", false),
                new TaskSpec("moment", "μB/cell", true)), GraphSettings.defaults(), 11);
    }

    @AfterAll
    static void close() { model.close(); }

    static Stream<Structure> crystals() { return TestCrystals.all().stream(); }

    @ParameterizedTest
    @MethodSource("crystals")
    void rotation(Structure s) {
        double t = 0.7, p = 1.1;
        double[][] q = {{Math.cos(t), -Math.sin(t), 0}, {Math.sin(t), Math.cos(t), 0}, {0, 0, 1}};
        double[][] r = {{1, 0, 0}, {0, Math.cos(p), -Math.sin(p)}, {0, Math.sin(p), Math.cos(p)}};
        assertSame(s, Transforms.rotate(Transforms.rotate(s, q), r), 1);
    }

    @ParameterizedTest
    @MethodSource("crystals")
    void translation(Structure s) { assertSame(s, Transforms.wrap(Transforms.translate(s, 0.31, -0.12, 0.77)), 1); }

    @ParameterizedTest
    @MethodSource("crystals")
    void permutation(Structure s) {
        Integer[] order = new Integer[s.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Collections.shuffle(java.util.Arrays.asList(order), new Random(3));
        assertSame(s, Transforms.permute(s, java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray()), 1);
    }

    @ParameterizedTest
    @MethodSource("crystals")
    void unimodularCellChange(Structure s) {
        assertSame(s, Transforms.changeBasis(s, new int[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 1}}), 1);
    }

    @ParameterizedTest
    @MethodSource("crystals")
    void supercell(Structure s) { assertSame(s, Transforms.supercell(s, 2, 2, 2), 8); }

    @ParameterizedTest
    @MethodSource("crystals")
    void wrappedCoordinates(Structure s) {
        // the same atoms with fractional coordinates shifted by whole lattice vectors
        assertSame(s, Transforms.translate(s, 1, -2, 3), 1);
    }

    @org.junit.jupiter.api.Test
    void differentCrystalsGetDifferentPredictions() {
        // guards the tests above against a model that ignores its input
        double a = model.predict(TestCrystals.rockSalt()).values()[0], b = model.predict(TestCrystals.silicon()).values()[0];
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(a - b) > 1e-3, a + " vs " + b);
    }

    /** Intensive outputs are equal; extensive ones scale with the number of atoms. */
    private static void assertSame(Structure a, Structure b, int scale) {
        double[] pa = model.predict(a).values(), pb = model.predict(b).values();
        assertEquals(pa[0], pb[0], TOLERANCE * Math.max(1, Math.abs(pa[0])), "intensive task of " + a.id());
        assertEquals(pa[1] * scale, pb[1], TOLERANCE * Math.max(1, Math.abs(pa[1] * scale)), "extensive task of " + a.id());
    }
}
