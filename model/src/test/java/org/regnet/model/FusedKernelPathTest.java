package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.Transforms;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.BatchPlanner;
import org.regnet.data.CrystalGraph;
import org.regnet.kernels.FourierKernel;
import org.regnet.kernels.FourierKernels;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inference through the fused Fourier kernel equals the DJL phase-table path to 1e-5. */
class FusedKernelPathTest {
    @Test
    void kernelPathEqualsDjlPath() {
        List<CrystalGraph> graphs = new ArrayList<>();
        try (ReGNetModel model = ReGNetModel.untrained(ModelConfig.defaults().withGmax(3.0),
                List.of(new TaskSpec("a", "", false), new TaskSpec("b", "", true)), GraphSettings.defaults(), 5)) {
            TestCrystals.all().forEach(s -> graphs.add(model.featurizer().featurize(s)));
            graphs.add(model.featurizer().featurize(Transforms.supercell(TestCrystals.rockSalt(), 4, 4, 4)));  // 512 atoms
            int[] rows = new int[graphs.size()];
            for (int i = 0; i < rows.length; i++) rows[i] = i;
            BatchPlanner planner = new BatchPlanner(4, 100000);
            FourierKernel cpu = FourierKernels.select("cpu");
            float[][] djl = model.network().predict(graphs, rows, planner);
            float[][] fused = model.network().predict(graphs, rows, planner, batch -> cpu);
            double worst = 0;
            for (int i = 0; i < rows.length; i++) {
                for (int t = 0; t < 2; t++) worst = Math.max(worst, Math.abs(djl[i][t] - fused[i][t]) / Math.max(1, Math.abs(djl[i][t])));
            }
            assertTrue(worst <= 1e-5, "largest relative difference " + worst);
        }
    }
}
