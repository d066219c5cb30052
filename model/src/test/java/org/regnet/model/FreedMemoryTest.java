package org.regnet.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.regnet.crystal.Structure;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training step's backward pass reads only memory that is still alive. DJL's arithmetic with a
 * Java number ({@code x.mul(2f)}, and {@code Activation.swish}, which does {@code x.mul(beta)})
 * wraps the number in a tensor over a Java direct buffer and closes it as soon as the op returns;
 * PyTorch's autograd keeps that tensor for the backward pass, but nothing keeps its buffer, so a
 * garbage collection between forward and backward let the backward read freed memory: gradients
 * that differed from run to run, and now and then NaN ("non-finite ... gradient norm NaN").
 *
 * <p>Here a collection runs, and the freed buffers are released, between the forward and the
 * backward pass; the gradients must equal those of an undisturbed step, bit for bit. The Maven
 * build runs the tests with glibc's MALLOC_PERTURB_ (and no per-thread cache), which fills freed
 * memory with NaN bytes at once, so such a read fails here every time instead of once in forty runs.
 */
class FreedMemoryTest {
    @ParameterizedTest
    @EnumSource(TrainingConfig.LossKind.class)
    void aCollectionBetweenForwardAndBackwardChangesNoGradient(TrainingConfig.LossKind loss) {
        for (ModelConfig config : List.of(ModelConfig.defaults().withHidden(16).withLayers(2),
                ModelConfig.defaults().withHidden(16).withLayers(1).withAngular(true))) {
            Featurizer featurizer = new Featurizer(TestCrystals.GRAPH, config.gmax());
            List<CrystalGraph> batch = new ArrayList<>();
            for (Structure s : List.of(TestCrystals.rockSalt(), TestCrystals.perovskite(), TestCrystals.silicon())) batch.add(featurizer.featurize(s));
            try (Network network = new Network(config, OutputRanges.none(2), 7)) {
                List<float[]> quiet = gradients(network, batch, loss, false);
                List<float[]> collected = gradients(network, batch, loss, true);
                for (int p = 0; p < quiet.size(); p++) {
                    for (float v : collected.get(p)) assertTrue(Float.isFinite(v), config + ": parameter " + p + " has a non-finite gradient");
                    assertArrayEquals(quiet.get(p), collected.get(p), config + ": parameter " + p);
                }
            }
        }
    }

    /** The gradients of one step (the trainer's loss, with uncertainty weights; the last entry is theirs). */
    private static List<float[]> gradients(Network network, List<CrystalGraph> batch, TrainingConfig.LossKind kind, boolean collectBetween) {
        List<float[]> out = new ArrayList<>();
        NDArray logVariance;
        try (NDManager sub = network.manager.newSubManager()) {
            NDList inputs = BatchTensors.inputs(sub, batch, network.config);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = network.block.forward(network.store, inputs, true,
                        new PairList<>(List.of(MixtureOfExperts.DROPOUT_SEED), List.<Object>of(1L))).get(0);
                NDArray target = sub.create(new float[] {0.5f, -2f, 1f, 0.3f, 2.5f, 0f}, y.getShape());
                NDArray mask = sub.create(new float[] {1f, 1f, 1f, 0f, 1f, 1f}, y.getShape());
                logVariance = sub.create(new float[] {0.1f, -0.2f});
                logVariance.setRequiresGradient(true);
                NDArray loss = TaskLoss.combine(TaskLoss.perTask(y, target, mask, kind), sub.create(new float[] {1f, 1f}), logVariance);
                if (collectBetween) collectAndRelease();
                collector.backward(loss);
            }
            for (Parameter p : network.parameters()) {
                NDArray g = p.getArray().getGradient();
                out.add(g.toFloatArray());
                g.subi(g);
            }
            out.add(logVariance.getGradient().toFloatArray());
        }
        return out;
    }

    /** Runs collections until a fresh unreachable direct buffer is gone, then gives the cleaner thread time to free it. */
    private static void collectAndRelease() {
        WeakReference<java.nio.ByteBuffer> probe = new WeakReference<>(java.nio.ByteBuffer.allocateDirect(4));
        for (int i = 0; i < 50 && probe.get() != null; i++) System.gc();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
