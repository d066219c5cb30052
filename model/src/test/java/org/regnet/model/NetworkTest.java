package org.regnet.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The network's own state: parameters that loading replaces, dropout masks that only the batch seed decides. */
class NetworkTest {
    @Test
    void loadedParametersReplaceTheOnesAlreadyUsed() throws IOException {
        ModelConfig config = ModelConfig.defaults();
        Featurizer featurizer = new Featurizer(TestCrystals.GRAPH, config.gmax());
        List<CrystalGraph> batch = TestCrystals.all().stream().map(featurizer::featurize).toList();
        try (Network used = new Network(config, OutputRanges.none(2), 1); Network other = new Network(config, OutputRanges.none(2), 2)) {
            float[] before = used.forward(batch, null, null)[0];  // the store now holds the seed-1 weights
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            other.save(new DataOutputStream(bytes));
            used.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            float[] expected = other.forward(batch, null, null)[0];
            assertFalse(java.util.Arrays.equals(before, expected), "two seeds give two networks");
            assertArrayEquals(expected, used.forward(batch, null, null)[0]);
        }
    }

    @Test
    void aTrainingBatchsDropoutDependsOnlyOnItsSeed() {
        ModelConfig config = ModelConfig.defaults().withHidden(32).withDropout(0.5);
        Featurizer featurizer = new Featurizer(TestCrystals.GRAPH, config.gmax());
        List<CrystalGraph> batch = TestCrystals.all().stream().map(featurizer::featurize).toList();
        try (Network n = new Network(config, OutputRanges.none(2), 1); NDScope scope = new NDScope()) {
            NDList inputs = BatchTensors.inputs(n.manager, batch, n.config);
            Engine.getInstance().setRandomSeed(1);
            float[] a = trainingForward(n, inputs, 7L);
            Engine.getInstance().setRandomSeed(2);  // libtorch's generator must not matter
            float[] b = trainingForward(n, inputs, 7L);
            float[] c = trainingForward(n, inputs, 8L);
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, c), "another seed, another mask");
        }
    }

    private static float[] trainingForward(Network n, NDList inputs, long seed) {
        return n.block.forward(n.store, inputs, true, new PairList<>(List.of(MixtureOfExperts.DROPOUT_SEED), List.<Object>of(seed)))
                .get(0).toFloatArray();
    }
}
