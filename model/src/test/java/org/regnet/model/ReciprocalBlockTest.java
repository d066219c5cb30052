package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;
import org.regnet.crystal.reciprocal.ReciprocalSet;
import org.regnet.kernels.FourierKernels;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reciprocal operator of the Ewald form, on the DJL path and through the fused CPU kernel,
 * equals a direct double-precision sum over the full set 𝒢 (both ±n, and n = 0), with the v₀/V
 * prefactor; the retired per-atom-mean form equals its own direct sum.
 */
class ReciprocalBlockTest {
    private static final double GMAX = 3.5;
    private static final int CHANNELS = 5;

    @ParameterizedTest
    @ValueSource(strings = {"djl", "fused", "legacy"})
    void equalsDirectSum(String path) {
        Random random = new Random(System.nanoTime());  // fresh inputs each run
        List<Structure> crystals = List.of(TestCrystals.triclinic(random.nextLong()), Transforms.supercell(TestCrystals.wurtzite(), 2, 2, 1),
                TestCrystals.perovskite());
        ModelConfig config = ModelConfig.defaults().withGmax(GMAX);
        Featurizer featurizer = new Featurizer(TestCrystals.GRAPH, GMAX);
        List<CrystalGraph> graphs = crystals.stream().map(featurizer::featurize).toList();
        try (NDManager m = NDManager.newBaseManager()) {
            NDList in = BatchTensors.inputs(m, graphs, config);
            BatchTensors.Inputs t = BatchTensors.Inputs.of(in);
            int atoms = (int) t.flatIndex().getShape().get(0);
            float[] x = new float[atoms * CHANNELS];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            // a filter that depends on |G| and the channel: W_c(g) = cos(g + c)
            float[] g = t.gNorm().toFloatArray();
            long batch = t.gNorm().getShape().get(0), k = t.gNorm().getShape().get(1);
            float[] w = new float[(int) (batch * k * CHANNELS)], w0 = new float[CHANNELS];
            for (int i = 0; i < g.length; i++) for (int c = 0; c < CHANNELS; c++) w[i * CHANNELS + c] = (float) Math.cos(g[i] + c);
            for (int c = 0; c < CHANNELS; c++) w0[c] = (float) Math.cos(c);
            NDArray filter = m.create(w, new Shape(batch, k, CHANNELS)).mul(t.gMask());
            ReciprocalBlock.ReciprocalInputs r = new ReciprocalBlock.ReciprocalInputs(t.paddedIndex(), t.flatIndex(), t.cos(), t.sin(),
                    t.gNorm(), t.gMask(), t.inverseCount(), null, t.prefactor());
            int[] rows = BatchTensors.rows(graphs);  // atom rows are ordered by neighbour count
            NDArray xs = m.create(x, new Shape(atoms, CHANNELS));
            float[] u = switch (path) {
                case "legacy" -> ReciprocalBlock.transform(xs, filter.mul(2f), r, true).toFloatArray();
                case "fused" -> ReciprocalBlock.ewald(xs, filter, m.create(w0, new Shape(1, CHANNELS)), r,
                        new ReciprocalBlock.FusedFourier(FourierKernels.select("cpu"), BatchTensors.fourierBatch(graphs), rows)).toFloatArray();
                default -> ReciprocalBlock.ewald(xs, filter, m.create(w0, new Shape(1, CHANNELS)), r, null).toFloatArray();
            };
            boolean legacy = path.equals("legacy");
            int offset = 0;
            double worst = 0;
            for (int b = 0; b < crystals.size(); b++) {
                Structure s = crystals.get(b);
                int[] own = java.util.Arrays.copyOfRange(rows, offset, offset + s.size());
                double[] direct = direct(s, ReciprocalSet.of(s.lattice(), GMAX), x, own, legacy, config.referenceVolume());
                double scale = 0;
                for (double v : direct) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < s.size(); i++) {
                    for (int c = 0; c < CHANNELS; c++) {
                        worst = Math.max(worst, Math.abs(u[own[i] * CHANNELS + c] - direct[i * CHANNELS + c]) / scale);
                    }
                }
                offset += s.size();
            }
            assertTrue(worst <= 1e-5, path + ": relative error " + worst);
        }
    }

    /**
     * Ewald form: u_ic = (v₀/V) Σ_{n∈𝒢, n = 0 included} W_c(|G|) Re[S_c(n) e^{2πi n·f_i}], S_c(n) = Σ_j x_jc e^{-2πi n·f_j};
     * the retired form: S divided by N, n = 0 left out, no v₀/V. In double.
     */
    private static double[] direct(Structure s, ReciprocalSet set, float[] x, int[] rows, boolean legacy, double v0) {
        int n = s.size();
        double[] f = s.fractionalCoordinates();
        double[] u = new double[n * CHANNELS];
        double prefactor = legacy ? 1 : v0 / s.lattice().volume();
        for (int v = legacy ? 0 : -1; v < set.size(); v++) {
            int[] h = v < 0 ? new int[3] : set.miller(v);
            double gn = v < 0 ? 0 : (float) set.norm(v);  // the model sees |G| in float32
            for (int c = 0; c < CHANNELS; c++) {
                double re = 0, im = 0;
                for (int j = 0; j < n; j++) {
                    double theta = 2 * Math.PI * (h[0] * f[3 * j] + h[1] * f[3 * j + 1] + h[2] * f[3 * j + 2]);
                    re += x[rows[j] * CHANNELS + c] * Math.cos(theta) / (legacy ? n : 1);
                    im -= x[rows[j] * CHANNELS + c] * Math.sin(theta) / (legacy ? n : 1);
                }
                double w = (float) Math.cos(gn + c) * prefactor;
                for (int i = 0; i < n; i++) {
                    double theta = 2 * Math.PI * (h[0] * f[3 * i] + h[1] * f[3 * i + 1] + h[2] * f[3 * i + 2]);
                    u[i * CHANNELS + c] += w * (re * Math.cos(theta) - im * Math.sin(theta));
                }
            }
        }
        return u;
    }
}
