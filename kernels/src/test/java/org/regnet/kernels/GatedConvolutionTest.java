package org.regnet.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused gated convolution, SIMD and scalar loops, against the formula summed in double on
 * fresh random inputs: widths that fill whole register pairs, single registers and odd tails;
 * atoms without edges; self-loops and repeated neighbours; large arguments of softplus. And the
 * radial basis has no subnormal values (they slow every product with them down by 2-3×). The
 * angular moments, likewise against a double sum.
 */
class GatedConvolutionTest {
    private static final GatedConvolution[] BACKENDS = {
            GatedConvolution.best(), new GatedConvolution(new ScalarKernelLoops("scalar"))};

    @ParameterizedTest(name = "{0} atoms, H = {1}, R = {2}")
    @CsvSource({"1, 64, 32", "37, 64, 32", "200, 64, 32", "53, 13, 7", "41, 40, 32", "29, 96, 5", "64, 1, 1"})
    void equalsTheDirectSum(int atoms, int hidden, int basisCount) {
        long seed = new Random().nextLong();  // fresh inputs every run; a failure names the seed that reproduces it
        Random random = new Random(seed);
        double cutoff = 8;
        int[] edgeStart = new int[atoms + 1];
        for (int i = 0; i < atoms; i++) edgeStart[i + 1] = edgeStart[i] + (i % 7 == 3 ? 0 : 1 + random.nextInt(24));
        int edges = edgeStart[atoms];
        int[] target = new int[edges];
        float[] distance = new float[edges];
        for (int e = 0; e < edges; e++) {
            target[e] = random.nextInt(atoms);
            distance[e] = (float) (0.5 + random.nextDouble() * (cutoff - 0.5));
        }
        float[] self = gaussian(random, atoms * 2 * hidden, 3), neighbor = gaussian(random, atoms * 2 * hidden, 3);
        self[2 * hidden - 1] = 30;  // a core channel where softplus passes its argument through
        float[] weight = gaussian(random, 2 * hidden * basisCount, 0.5);
        double[] expected = direct(self, neighbor, edgeStart, target, distance, weight, hidden, basisCount, cutoff);
        assertTrue(GatedConvolution.best().simd(), "the test JVM runs with jdk.incubator.vector (surefire argLine)");
        for (GatedConvolution backend : BACKENDS) {
            float[] basis = backend.radialBasis(distance, basisCount, cutoff);
            for (float g : basis) assertTrue(g == 0 || g >= Float.MIN_NORMAL, "subnormal basis value " + g);
            float[] got = backend.meanMessages(self, neighbor, edgeStart, target, basis, weight, hidden);
            for (int q = 0; q < expected.length; q++) {
                assertEquals(expected[q], got[q], 1e-5 * Math.max(1, Math.abs(expected[q])), backend.description() + " at " + q + " (seed " + seed + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0} atoms, H = {1}, R = {2}")
    @CsvSource({"1, 64, 32", "37, 64, 32", "53, 13, 7"})
    void aWeightedSumEqualsTheDirectSum(int atoms, int hidden, int basisCount) {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        double cutoff = 5;
        int[] edgeStart = new int[atoms + 1];
        for (int i = 0; i < atoms; i++) edgeStart[i + 1] = edgeStart[i] + (i % 7 == 3 ? 0 : 1 + random.nextInt(40));
        int edges = edgeStart[atoms];
        int[] target = new int[edges];
        float[] distance = new float[edges], edgeWeight = new float[edges], atomScale = new float[atoms];
        for (int e = 0; e < edges; e++) {
            target[e] = random.nextInt(atoms);
            distance[e] = (float) (0.5 + random.nextDouble() * (cutoff - 0.5));
            edgeWeight[e] = e % 5 == 0 ? 0f : (float) random.nextDouble();  // an envelope is 0 at the cutoff
        }
        for (int i = 0; i < atoms; i++) atomScale[i] = (float) random.nextDouble();
        EdgeSum sum = new EdgeSum(edgeWeight, atomScale);
        float[] self = gaussian(random, atoms * 2 * hidden, 3), neighbor = gaussian(random, atoms * 2 * hidden, 3);
        float[] weight = gaussian(random, 2 * hidden * basisCount, 0.5);
        double[] expected = direct(self, neighbor, edgeStart, target, distance, weight, hidden, basisCount, cutoff, sum);
        for (GatedConvolution backend : BACKENDS) {
            float[] got = backend.messages(self, neighbor, edgeStart, target, backend.radialBasis(distance, basisCount, cutoff), weight, hidden, sum);
            for (int q = 0; q < expected.length; q++) {
                assertEquals(expected[q], got[q], 1e-5 * Math.max(1, Math.abs(expected[q])), backend.description() + " at " + q + " (seed " + seed + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0} atoms, H = {1}, R = {2}, K = {3}")
    @CsvSource({"1, 64, 32, 9", "37, 64, 32, 9", "200, 128, 32, 9", "53, 13, 7, 9", "41, 40, 32, 3", "29, 96, 5, 1", "64, 1, 1, 9"})
    void angularMomentsEqualTheDirectSum(int atoms, int hidden, int basisCount, int harmonicCount) {
        long seed = new Random().nextLong();  // fresh inputs every run; a failure names the seed that reproduces it
        Random random = new Random(seed);
        int[] edgeStart = new int[atoms + 1];
        for (int i = 0; i < atoms; i++) edgeStart[i + 1] = edgeStart[i] + (i % 7 == 3 ? 0 : 1 + random.nextInt(24));
        int edges = edgeStart[atoms];
        int[] target = new int[edges];
        for (int e = 0; e < edges; e++) target[e] = random.nextInt(atoms);
        float[] neighbor = gaussian(random, atoms * hidden, 3), weight = gaussian(random, hidden * basisCount, 0.5);
        float[] basis = gaussian(random, edges * basisCount, 1), harmonics = gaussian(random, edges * harmonicCount, 1);
        double[] expected = new double[atoms * harmonicCount * hidden];
        // The same sums over absolute values of every product, inner radial sum included: the scale of float
        // rounding, which cancellation in either sum does not shrink (the SIMD order differs with the lane count).
        double[] magnitude = new double[expected.length];
        for (int i = 0; i < atoms; i++) {
            for (int e = edgeStart[i]; e < edgeStart[i + 1]; e++) {
                for (int q = 0; q < hidden; q++) {
                    double v = 0, absV = 0;
                    for (int k = 0; k < basisCount; k++) {
                        double product = (double) weight[q * basisCount + k] * basis[e * basisCount + k];
                        v += product;
                        absV += Math.abs(product);
                    }
                    double t = neighbor[target[e] * hidden + q];
                    for (int m = 0; m < harmonicCount; m++) {
                        double share = harmonics[e * harmonicCount + m] * t / (edgeStart[i + 1] - edgeStart[i]);
                        expected[(i * harmonicCount + m) * hidden + q] += share * v;
                        magnitude[(i * harmonicCount + m) * hidden + q] += Math.abs(share) * absV;
                    }
                }
            }
        }
        for (GatedConvolution backend : BACKENDS) {
            float[] got = backend.meanAngularMoments(neighbor, edgeStart, target, basis, weight, harmonics, hidden);
            assertEquals(expected.length, got.length);
            for (int q = 0; q < expected.length; q++) {
                assertEquals(expected[q], got[q], 1e-5 * Math.max(1, magnitude[q]), backend.description() + " at " + q + " (seed " + seed + ")");
            }
        }
    }

    private static double[] direct(float[] s, float[] t, int[] edgeStart, int[] target, float[] distance, float[] w,
                                   int hidden, int basisCount, double cutoff) {
        return direct(s, t, edgeStart, target, distance, w, hidden, basisCount, cutoff, EdgeSum.MEAN);
    }

    /** out_i = a_i Σ_e w_e m_e (a_i = 1/deg and w_e = 1 for the mean), in double. */
    private static double[] direct(float[] s, float[] t, int[] edgeStart, int[] target, float[] distance, float[] w,
                                   int hidden, int basisCount, double cutoff, EdgeSum sum) {
        int atoms = edgeStart.length - 1;
        double step = cutoff / Math.max(1, basisCount - 1);
        double[] out = new double[atoms * hidden];
        for (int i = 0; i < atoms; i++) {
            for (int e = edgeStart[i]; e < edgeStart[i + 1]; e++) {
                for (int q = 0; q < hidden; q++) {
                    double f = s[i * 2 * hidden + q] + t[target[e] * 2 * hidden + q];
                    double c = s[i * 2 * hidden + hidden + q] + t[target[e] * 2 * hidden + hidden + q];
                    for (int k = 0; k < basisCount; k++) {
                        double g = Math.exp(-Math.min(Math.pow((distance[e] - k * step) / step, 2), GatedConvolution.GAUSSIAN_EXPONENT_LIMIT));
                        f += w[q * basisCount + k] * g;
                        c += w[(hidden + q) * basisCount + k] * g;
                    }
                    double softplus = c > 20 ? c : Math.log1p(Math.exp(c));
                    double scale = (sum.edgeWeight() == null ? 1 : sum.edgeWeight()[e])
                            * (sum.atomScale() == null ? 1.0 / (edgeStart[i + 1] - edgeStart[i]) : sum.atomScale()[i]);
                    out[i * hidden + q] += softplus / (1 + Math.exp(-f)) * scale;
                }
            }
        }
        return out;
    }

    private static float[] gaussian(Random random, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (random.nextGaussian() * scale);
        return a;
    }
}
