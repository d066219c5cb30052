package org.regnet.model;

import org.junit.jupiter.api.Test;
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
    @Test
    void nonNegativeTasksStayNonNegativeWhateverTheWeights() {
        List<TaskSpec> tasks = List.of(new TaskSpec("free", "eV", false), new TaskSpec("gap", "eV", false, true),
                new TaskSpec("moment", "μB/cell", true, true));
        try (ReGNetModel model = ReGNetModel.untrained(ModelConfig.defaults(), tasks, TestCrystals.GRAPH, 11)) {
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
            float y = OutputRanges.of(List.of(t)).apply(m.create(new float[] {0f}, new ai.djl.ndarray.types.Shape(1, 1)), false).getFloat();
            double v = y * 2.0 + 1.5;
            assertEquals(2 * Math.log1p(Math.exp(OutputRanges.SHARPNESS * 0.75)) / OutputRanges.SHARPNESS, v, 1e-5);
            float deep = OutputRanges.of(List.of(t)).apply(m.create(new float[] {-40f}, new ai.djl.ndarray.types.Shape(1, 1)), false).getFloat();
            assertTrue(OutputRanges.clampRounding(deep * 2.0 + 1.5, true) >= 0);
        }
    }
}
