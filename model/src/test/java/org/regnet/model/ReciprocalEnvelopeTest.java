package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.graph.GraphSettings;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strain that moves reciprocal vectors across G_max: without the envelope (a format-1 model) the
 * prediction jumps, with it (model v2 always has it) the change is as small as for the same strain
 * elsewhere. Diamond Si's {111} vectors, |G| = 2π√3 / a, cross G_max = 2 Å⁻¹ at a = 5.4414 Å.
 */
class ReciprocalEnvelopeTest {
    private static final double CROSSING = 2 * Math.PI * Math.sqrt(3) / 2.0;

    @Test
    void predictionsAreContinuousWhereVectorsCrossGmax() {
        List<TaskSpec> tasks = List.of(new TaskSpec("energy", "eV/atom", false));
        ModelConfig config = ModelConfig.defaults();
        try (ReGNetModel sharp = ReGNetModel.untrained(config.withGraph(GraphSettings.defaults()).asLegacy(false), tasks, GraphSettings.defaults(), 5);
             ReGNetModel smooth = ReGNetModel.untrained(config, tasks, TestCrystals.GRAPH, 5)) {
            double step = 2e-4;  // Å
            double sharpJump = change(sharp, CROSSING - step / 2, step), sharpAway = change(sharp, CROSSING - 0.05, step);
            double smoothJump = change(smooth, CROSSING - step / 2, step), smoothAway = change(smooth, CROSSING - 0.05, step);
            assertTrue(sharpJump > 20 * sharpAway, "without the envelope the crossing is a jump: " + sharpJump + " against " + sharpAway);
            assertTrue(smoothJump < 3 * Math.max(smoothAway, 1e-6), "with the envelope it is not: " + smoothJump + " against " + smoothAway);
        }
    }

    /** |prediction(a + step) − prediction(a)| of the first task for diamond Si of cubic lattice constant a. */
    static double change(ReGNetModel model, double a, double step) {
        return Math.abs(model.predict(TestCrystals.silicon(a + step)).values()[0] - model.predict(TestCrystals.silicon(a)).values()[0]);
    }
}
