package org.regnet.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regnet.crystal.Transforms;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.BatchPlanner;
import org.regnet.data.CrystalGraph;
import org.regnet.kernels.FourierKernel;
import org.regnet.kernels.FourierKernels;
import org.regnet.kernels.GatedConvolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inference through the fused kernels (Fourier, gated convolution, both) equals the pure DJL path
 * to 1e-5, with and without the angular terms (whose moments the fused convolution also computes),
 * for model v2 (Ewald form, smooth sums on a radius graph, a non-negative task) and for the
 * retired format-1 forms (mean over nearest neighbours, per-atom-mean structure factor).
 */
class FusedKernelPathTest {
    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void kernelPathEqualsDjlPath(boolean angular, boolean legacy) {
        List<CrystalGraph> graphs = new ArrayList<>();
        ModelConfig v2 = ModelConfig.defaults().withGmax(3.0).withAngular(angular);
        ModelConfig config = legacy ? v2.withGraph(GraphSettings.defaults()).asLegacy(true) : v2;
        try (ReGNetModel model = ReGNetModel.untrained(config, List.of(new TaskSpec("a", "", false), new TaskSpec("b", "", true, true)),
                legacy ? GraphSettings.defaults() : TestCrystals.GRAPH, 5)) {
            TestCrystals.all().forEach(s -> graphs.add(model.featurizer().featurize(s)));
            graphs.add(model.featurizer().featurize(Transforms.supercell(TestCrystals.rockSalt(), 4, 4, 4)));  // 512 atoms
            int[] rows = new int[graphs.size()];
            for (int i = 0; i < rows.length; i++) rows[i] = i;
            BatchPlanner planner = new BatchPlanner(4, 100000);
            FourierKernel cpu = FourierKernels.select("cpu");
            float[][] djl = model.network().predict(graphs, rows, planner, () -> false);
            GatedConvolution convolution = GatedConvolution.best();
            assertTrue(convolution.simd(), "the test JVM runs with jdk.incubator.vector (surefire argLine)");
            for (InferencePath path : List.of(new InferencePath(batch -> cpu, null), new InferencePath(batch -> null, convolution),
                    new InferencePath(batch -> cpu, convolution))) {
                float[][] fused = model.network().run(graphs, rows, planner, path).values();
                double worst = 0;
                for (int i = 0; i < rows.length; i++) {
                    for (int t = 0; t < 2; t++) worst = Math.max(worst, Math.abs(djl[i][t] - fused[i][t]) / Math.max(1, Math.abs(djl[i][t])));
                }
                assertTrue(worst <= 1e-5, "largest relative difference " + worst + " with " + path);
                assertTrue(Arrays.stream(fused).flatMapToDouble(r -> IntStream.range(0, r.length).mapToDouble(k -> r[k])).anyMatch(v -> v != 0),
                        "predictions are not all zero");
            }
        }
    }
}
