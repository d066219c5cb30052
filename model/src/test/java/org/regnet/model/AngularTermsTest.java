package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three-body terms of the graph convolution: bond-angle sums, and wired into the block's output. */
class AngularTermsTest {

    /** |Σ w Y₁|² = Σ_jk w_j w_k cos θ_jk and |Σ w Y₂|² = Σ_jk w_j w_k (cos² θ_jk − 1/3), for any directions and weights. */
    @Test
    void harmonicNormsAreSumsOverBondAngles() {
        Random random = new Random(System.nanoTime());
        int n = 7;
        float[] direction = new float[3 * n];
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            double x = random.nextGaussian(), y = random.nextGaussian(), z = random.nextGaussian(), r = Math.sqrt(x * x + y * y + z * z);
            direction[3 * j] = (float) (x / r);
            direction[3 * j + 1] = (float) (y / r);
            direction[3 * j + 2] = (float) (z / r);
            w[j] = random.nextGaussian();
        }
        float[] y = BatchTensors.angular(direction);
        double[] a = new double[BatchTensors.ANGULAR];
        for (int j = 0; j < n; j++) for (int k = 0; k < a.length; k++) a[k] += w[j] * y[j * a.length + k];
        double l1 = 0, l2 = 0, pairs1 = 0, pairs2 = 0;
        for (int k = 0; k < 3; k++) l1 += a[k] * a[k];
        for (int k = 3; k < a.length; k++) l2 += a[k] * a[k];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double cos = direction[3 * j] * direction[3 * k] + direction[3 * j + 1] * direction[3 * k + 1]
                        + direction[3 * j + 2] * direction[3 * k + 2];
                pairs1 += w[j] * w[k] * cos;
                pairs2 += w[j] * w[k] * (cos * cos - 1.0 / 3);
            }
        }
        assertEquals(pairs1, l1, 1e-5 * Math.max(1, Math.abs(pairs1)));
        assertEquals(pairs2, l2, 1e-5 * Math.max(1, Math.abs(pairs2)));
    }

    @Test
    void angularTermsChangeTheConvolution() {
        ModelConfig config = ModelConfig.defaults().withHidden(16).withAngular(true);
        Featurizer featurizer = new Featurizer(TestCrystals.GRAPH, config.gmax());
        List<CrystalGraph> graphs = List.of(featurizer.featurize(TestCrystals.wurtzite()), featurizer.featurize(TestCrystals.triclinic(5)));
        try (NDManager m = NDManager.newBaseManager()) {
            BatchTensors.Inputs t = BatchTensors.Inputs.of(BatchTensors.inputs(m, graphs, config));
            GraphConvolution conv = new GraphConvolution(config);
            conv.initialize(m, DataType.FLOAT32);
            long atoms = t.inverseDegree().getShape().get(0);
            NDArray x = m.randomNormal(new Shape(atoms, config.hidden()));
            NDList in = new NDList(x, t.neighborTarget(), Layer.gaussians(t.distance(), config.radialBasis(), config.cutoff()),
                    t.degreeGroups(), t.inverseDegree(), t.angular(), t.edgeWeight());
            float[] with = conv.forward(new ParameterStore(m, false), in, false).singletonOrThrow().toFloatArray();
            // DJL names a child's parameters "<position><child>_<parameter>"
            conv.getParameters().stream().filter(p -> p.getKey().endsWith("angularOut_weight")).findFirst().orElseThrow()
                    .getValue().getArray().muli(0);
            float[] without = conv.forward(new ParameterStore(m, false), in, false).singletonOrThrow().toFloatArray();
            double largest = 0;
            for (int i = 0; i < with.length; i++) largest = Math.max(largest, Math.abs(with[i] - without[i]));
            assertTrue(largest > 1e-2, "the angular terms moved no output by more than " + largest);
        }
    }
}
