package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DivergenceCheckTest {
    private static final int ENOUGH = DivergenceCheck.MIN_BATCHES;

    private static double[] mae(double... values) { return values; }

    @Test
    void aRiseOfTheTrainingErrorPastTheFactorIsReported() {
        DivergenceCheck check = new DivergenceCheck(List.of("fe", "gap"));
        assertTrue(check.check(1, mae(1.0, 2.0), ENOUGH, 1).isEmpty(), "the first epoch has nothing to be compared with");
        assertTrue(check.check(2, mae(0.5, 1.0), ENOUGH, 2).isEmpty(), "falling");
        assertTrue(check.check(3, mae(0.5 * 1.5, 1.0), ENOUGH, 2).isEmpty(), "one task up 50 %, the mean ratio 1.25: not past the factor");
        // the mp36k student's epoch 3: formation energy 0.2291 → 0.4390 eV/atom, band gap 0.6128 → 0.7847 eV
        check.check(4, mae(0.2291, 0.6128), ENOUGH, 2);
        Optional<String> warning = check.check(5, mae(0.4390, 0.7847), ENOUGH, 2);
        assertTrue(warning.isPresent());
        assertTrue(warning.get().contains("diverged in epoch 5") && warning.get().contains("rose 60 %")
                && warning.get().contains("fe +92 %, gap +28 %") && warning.get().contains("best epoch so far (2)")
                && warning.get().contains("--lr"), warning.get());
        assertTrue(check.check(6, mae(0.4390, 0.7847), ENOUGH, 2).isEmpty(), "compared with the epoch before, not the best");
    }

    @Test
    void shortEpochsAndTasksWithoutAnErrorAreNotJudged() {
        DivergenceCheck check = new DivergenceCheck(List.of("fe", "gap"));
        check.check(1, mae(0.1, 0.1), ENOUGH - 1, 1);
        assertTrue(check.check(2, mae(1.0, 1.0), ENOUGH - 1, 1).isEmpty(), "an epoch of few batches is too noisy to judge");
        check.check(3, mae(0.0, Double.NaN), ENOUGH, 1);
        assertTrue(check.check(4, mae(5.0, 5.0), ENOUGH, 1).isEmpty(), "after a perfect fit or no label there is no ratio to take");
        String warning = check.check(5, mae(5.0, 20.0), ENOUGH, 0).get();
        assertTrue(warning.contains("rose 150 %") && warning.contains("gap +300 %") && !warning.contains("best epoch"), warning);
    }

    /** The trainer passes its epochs through the check: a learning rate far too high is reported while the run goes on. */
    @Test
    void aRunAtAnAbsurdLearningRateSaysItDiverged(@TempDir Path dir) throws IOException {
        Dataset tiny = TrainingTest.tiny();
        List<CrystalGraph> graphs = new ArrayList<>();
        List<double[]> labels = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {  // enough crystals for epochs of one-crystal batches to be judged
            for (int i = 0; i < tiny.size(); i++) {
                CrystalGraph g = tiny.graphs().get(i);
                graphs.add(new CrystalGraph(g.id() + "-" + copy, g.atoms(), g.speciesPerSite(), g.speciesNumber(), g.speciesWeight(),
                        g.fractional(), g.neighborStart(), g.neighborTarget(), g.neighborDistance(), g.neighborDirection(), g.miller(),
                        g.gNorm(), g.volume()));
                labels.add(tiny.labels()[i]);
            }
        }
        Dataset d = new Dataset(tiny.targets(), graphs, labels.toArray(new double[0][]), List.of());
        List<String> messages = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void message(String line) { messages.add(line); }
        };
        Split split = new Split("test", d.ids().subList(0, 28), d.ids().subList(28, 32), List.of());
        ModelConfig small = ModelConfig.defaults().withHidden(32).withLayers(2);
        List<TaskSpec> tasks = List.of(new TaskSpec("a", "eV", false), new TaskSpec("b", "", false));
        TrainingConfig sane = TrainingConfig.defaults().withEpochs(3).withBatchSize(1).withPatience(0);
        for (TrainingConfig tc : List.of(sane, sane.withLearningRate(30))) {
            Path out = dir.resolve(String.valueOf(tc.learningRate()));
            ModelTrainer.train(TrainingJob.builder().setData(d).setSplit(split).setTasks(tasks).setModel(small).setGraph(TestCrystals.GRAPH)
                    .setTraining(tc).setOut(out).build(), listener).model().close();
            if (tc == sane) assertTrue(messages.stream().noneMatch(m -> m.contains("diverged")), messages.toString());
        }
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("warning: training diverged in epoch 2")), messages.toString());
    }
}
