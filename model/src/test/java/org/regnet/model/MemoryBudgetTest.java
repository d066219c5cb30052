package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.Transforms;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-structure memory estimate and the error it gives when a structure does not fit. */
class MemoryBudgetTest {
    @Test
    void aStructureThatDoesNotFitIsRefusedWithWhatItNeeds() {
        Featurizer f = new Featurizer(TestCrystals.GRAPH, ModelConfig.defaults().gmax());
        CrystalGraph small = f.featurize(TestCrystals.rockSalt());
        CrystalGraph big = f.featurize(Transforms.supercell(TestCrystals.rockSalt(), 3, 3, 3));
        assertEquals(MemoryBudget.PER_ATOM * small.atoms() + MemoryBudget.PER_EDGE * small.edgeCount()
                + MemoryBudget.PER_VECTOR * small.reciprocalCount(), MemoryBudget.estimate(small));
        assertTrue(MemoryBudget.estimate(big) > 20 * MemoryBudget.estimate(small), "grows with the cell");
        MemoryBudget budget = new MemoryBudget(MemoryBudget.estimate(small));
        assertNull(budget.refusal(small), "exactly what is available fits");
        String refusal = budget.refusal(big);
        assertTrue(refusal.startsWith("needs about ") && refusal.contains("(" + big.atoms() + " atoms") && refusal.contains("available"), refusal);
        assertNull(MemoryBudget.ofMachine().refusal(small), "a rock-salt cell fits on any machine that runs the tests");
    }
}
