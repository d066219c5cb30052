package org.regnet.model;

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

/** Loading parameters into a network that has already run replaces the weights its forward passes use. */
class NetworkTest {
    @Test
    void loadedParametersReplaceTheOnesAlreadyUsed() throws IOException {
        ModelConfig config = ModelConfig.defaults();
        Featurizer featurizer = new Featurizer(GraphSettings.defaults(), config.gmax());
        List<CrystalGraph> batch = TestCrystals.all().stream().map(featurizer::featurize).toList();
        try (Network used = new Network(config, 2, 1); Network other = new Network(config, 2, 2)) {
            float[] before = used.forward(batch, null, null);  // the store now holds the seed-1 weights
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            other.save(new DataOutputStream(bytes));
            used.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            float[] expected = other.forward(batch, null, null);
            assertFalse(java.util.Arrays.equals(before, expected), "two seeds give two networks");
            assertArrayEquals(expected, used.forward(batch, null, null));
        }
    }
}
