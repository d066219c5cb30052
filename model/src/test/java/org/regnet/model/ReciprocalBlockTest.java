package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;
import org.regnet.crystal.reciprocal.ReciprocalSet;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DJL reciprocal operator equals a direct double-precision sum over the full set 𝒢 (both ±n). */
class ReciprocalBlockTest {

    @Test
    void equalsDirectSum() {
        Random random = new Random(System.nanoTime());  // fresh inputs each run
        List<Structure> crystals = List.of(TestCrystals.triclinic(random.nextLong()), Transforms.supercell(TestCrystals.wurtzite(), 2, 2, 1),
                TestCrystals.perovskite());
        double gmax = 3.5;
        Featurizer featurizer = new Featurizer(GraphSettings.defaults(), gmax);
        List<CrystalGraph> graphs = crystals.stream().map(featurizer::featurize).toList();
        int channels = 5;
        try (NDManager m = NDManager.newBaseManager()) {
            NDList in = BatchTensors.inputs(m, graphs, false);
            BatchTensors.Inputs t = BatchTensors.Inputs.of(in);
            int atoms = (int) t.flatIndex().getShape().get(0);
            float[] x = new float[atoms * channels];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            // a filter that depends on |G| and the channel: W_c(g) = cos(g + c)
            float[] g = t.gNorm().toFloatArray();
            long batch = t.gNorm().getShape().get(0), k = t.gNorm().getShape().get(1);
            float[] w = new float[(int) (batch * k * channels)];
            for (int i = 0; i < g.length; i++) for (int c = 0; c < channels; c++) w[i * channels + c] = (float) Math.cos(g[i] + c);
            NDArray filter = m.create(w, new Shape(batch, k, channels)).mul(t.gMask()).mul(2f);
            ReciprocalBlock.ReciprocalInputs r = new ReciprocalBlock.ReciprocalInputs(t.paddedIndex(), t.flatIndex(), t.cos(), t.sin(),
                    t.gNorm(), t.gMask(), t.inverseCount());
            float[] u = ReciprocalBlock.transform(m.create(x, new Shape(atoms, channels)), filter, r).toFloatArray();

            int[] rows = BatchTensors.rows(graphs);  // atom rows are ordered by neighbour count
            int offset = 0;
            double worst = 0;
            for (int b = 0; b < crystals.size(); b++) {
                Structure s = crystals.get(b);
                int[] own = java.util.Arrays.copyOfRange(rows, offset, offset + s.size());
                double[] direct = direct(s, ReciprocalSet.of(s.lattice(), gmax), x, own, channels);
                double scale = 0;
                for (double v : direct) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < s.size(); i++) {
                    for (int c = 0; c < channels; c++) {
                        worst = Math.max(worst, Math.abs(u[own[i] * channels + c] - direct[i * channels + c]) / scale);
                    }
                }
                offset += s.size();
            }
            assertTrue(worst <= 1e-5, "relative error " + worst);
        }
    }

    /** u_ic = Σ_{n∈𝒢} W_c(|G|) Re[S_c(n) e^{2πi n·f_i}], S_c(n) = (1/N) Σ_j x_jc e^{-2πi n·f_j}, in double. */
    private static double[] direct(Structure s, ReciprocalSet set, float[] x, int[] rows, int channels) {
        int n = s.size();
        double[] f = s.fractionalCoordinates();
        double[] u = new double[n * channels];
        for (int v = 0; v < set.size(); v++) {
            int[] h = set.miller(v);
            double gn = (float) set.norm(v);  // the model sees |G| in float32
            for (int c = 0; c < channels; c++) {
                double re = 0, im = 0;
                for (int j = 0; j < n; j++) {
                    double theta = 2 * Math.PI * (h[0] * f[3 * j] + h[1] * f[3 * j + 1] + h[2] * f[3 * j + 2]);
                    re += x[rows[j] * channels + c] * Math.cos(theta) / n;
                    im -= x[rows[j] * channels + c] * Math.sin(theta) / n;
                }
                double w = Math.cos(gn + c);
                for (int i = 0; i < n; i++) {
                    double theta = 2 * Math.PI * (h[0] * f[3 * i] + h[1] * f[3 * i + 1] + h[2] * f[3 * i + 2]);
                    u[i * channels + c] += w * (re * Math.cos(theta) - im * Math.sin(theta));
                }
            }
        }
        return u;
    }
}
