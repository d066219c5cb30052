package org.regnet.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.regnet.crystal.Transforms;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SCIENCE.md §4's physical ranges: a task declared non-negative never comes out negative, whatever the
 * weights (here an output bias of −50 standard deviations), intensive or extensive, for any cell size;
 * an undeclared task is left alone.
 */
class OutputRangesTest {
    @ParameterizedTest
    @EnumSource(NonNegativeHead.class)
    void nonNegativeTasksStayNonNegativeWhateverTheWeights(NonNegativeHead head) {
        List<TaskSpec> tasks = List.of(new TaskSpec("free", "eV", false), new TaskSpec("gap", "eV", false, true),
                new TaskSpec("moment", "μB/cell", true, true));
        try (ReGNetModel model = ReGNetModel.untrained(ModelConfig.defaults().withNonNegativeHead(head), tasks, TestCrystals.GRAPH, 11)) {
            model.network().parameters().stream().filter(p -> p.getName().equals("outputBias")).findFirst().orElseThrow()
                    .getArray().subi(50f);
            var crystals = new java.util.ArrayList<>(TestCrystals.all());
            crystals.add(Transforms.supercell(TestCrystals.rockSalt(), 4, 4, 4));  // 512 atoms: a per-atom bias times N
            for (Prediction p : model.predict(crystals)) {
                assertTrue(p.values()[0] < -10, "the unconstrained task follows the bias: " + p.values()[0]);
                assertTrue(p.values()[1] >= 0 && p.values()[1] < 1e-6, p.id() + " gap " + p.values()[1]);
                assertTrue(p.values()[2] >= 0 && p.values()[2] < 1e-6, p.id() + " moment " + p.values()[2]);
            }
        }
    }

    @Test
    void theConstraintIsASoftplusOfThePhysicalValue() {
        // mean 1.5, std 2: y = 0 is v = 1.5, where softplus_k(0.75)·2 = 1.5 + ln(1 + e^{-6})/4 ≈ 1.5006
        Manifest.Task t = new Manifest.Task("gap", "eV", false, 1.5, 2.0, null, true);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            float y = OutputRanges.of(List.of(t)).apply(m.create(new float[] {0f}, new ai.djl.ndarray.types.Shape(1, 1)), null, false).getFloat();
            double v = y * 2.0 + 1.5;
            assertEquals(2 * Math.log1p(Math.exp(OutputRanges.SHARPNESS * 0.75)) / OutputRanges.SHARPNESS, v, 1e-5);
            float deep = OutputRanges.of(List.of(t)).apply(m.create(new float[] {-40f}, new ai.djl.ndarray.types.Shape(1, 1)), null, false).getFloat();
            assertTrue(OutputRanges.clampRounding(deep * 2.0 + 1.5, true) >= 0);
        }
    }

    @Test
    void theHurdleScalesTheSoftplusByTheProbabilityOfNotZero() {
        // the softplus value above (about 1.5006 eV) times σ(z); an unconstrained task ignores z
        List<Manifest.Task> tasks = List.of(new Manifest.Task("gap", "eV", false, 1.5, 2.0, null, true),
                new Manifest.Task("free", "eV", false, 1.5, 2.0, null, false));
        try (NDManager m = NDManager.newBaseManager()) {
            float[] y = OutputRanges.of(tasks).apply(m.create(new float[] {0f, 0.25f}, new Shape(1, 2)),
                    m.create(new float[] {0.3f, -4f}, new Shape(1, 2)), false).toFloatArray();
            double softplus = 2 * Math.log1p(Math.exp(OutputRanges.SHARPNESS * 0.75)) / OutputRanges.SHARPNESS;
            assertEquals(softplus / (1 + Math.exp(-0.3)), y[0] * 2.0 + 1.5, 1e-5);
            assertEquals(0.25f, y[1], 0f);
            // z far below zero: the value goes to 0 however large the softplus
            float zero = OutputRanges.of(tasks).apply(m.create(new float[] {30f, 0f}, new Shape(1, 2)),
                    m.create(new float[] {-40f, 0f}, new Shape(1, 2)), false).getFloat(0, 0);
            assertEquals(0, zero * 2.0 + 1.5, 1e-5);
        }
    }

    @Test
    void theHurdleLossIsTheCrossEntropyOfNotZeroOverLabelledSamples() {
        // task 0 (mean 1.5, std 2) is non-negative: labels v = 0 (y = −0.75), v = 3 (y = 0.75), one missing;
        // task 1 is unconstrained and gets no classification loss
        List<Manifest.Task> tasks = List.of(new Manifest.Task("gap", "eV", false, 1.5, 2.0, null, true),
                new Manifest.Task("free", "eV", false, 0, 1, null, false));
        try (NDManager m = NDManager.newBaseManager()) {
            float[] loss = OutputRanges.of(tasks).notZeroLoss(m.create(new float[] {0.5f, 1f, -1f, 2f, 7f, 3f}, new Shape(3, 2)),
                    m.create(new float[] {-0.75f, 0f, 0.75f, 0f, 0f, 0f}, new Shape(3, 2)),
                    m.create(new float[] {1f, 1f, 1f, 1f, 0f, 1f}, new Shape(3, 2))).toFloatArray();
            double zeroLabel = Math.log1p(Math.exp(0.5));    // −log(1 − σ(0.5))
            double positiveLabel = Math.log1p(Math.exp(1));  // −log σ(−1)
            assertEquals((zeroLabel + positiveLabel) / 2, loss[0], 1e-5);
            assertEquals(0f, loss[1], 0f);
        }
    }

    @Test
    void theHurdleLossPullsTheLogitTowardsTheLabelsSide() {
        List<Manifest.Task> tasks = List.of(new Manifest.Task("gap", "eV", false, 1.5, 2.0, null, true));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {0f, 0f}, new Shape(2, 1));
            z.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(OutputRanges.of(tasks).notZeroLoss(z, m.create(new float[] {-0.75f, 0.75f}, new Shape(2, 1)),
                        m.create(new float[] {1f, 1f}, new Shape(2, 1))).sum());
            }
            float[] g = z.getGradient().toFloatArray();
            assertTrue(g[0] > 0, "a zero label pushes z down (gradient descent): " + g[0]);
            assertTrue(g[1] < 0, "a positive label pushes z up: " + g[1]);
        }
    }
}
