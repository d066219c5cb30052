package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Moving rows between atoms and their edges, against plain loops; atoms without edges included. */
class DegreeGroupsTest {

    @Test
    void runsOfSortedDegrees() {
        DegreeGroups g = DegreeGroups.of(new int[] {0, 0, 3, 3, 3, 5});
        assertArrayEquals(new long[] {0, 3, 5}, g.degree());
        assertArrayEquals(new long[] {2, 3, 1}, g.count());
    }

    @Test
    void movesRowsLikeLoops() {
        Random random = new Random(System.nanoTime());
        int[] degrees = {0, 2, 2, 3, 7, 7, 7, 12};
        int atoms = degrees.length, channels = 5, edges = 0;
        for (int d : degrees) edges += d;
        float[] x = new float[atoms * channels], m = new float[edges * channels];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        for (int i = 0; i < m.length; i++) m[i] = (float) random.nextGaussian();
        DegreeGroups groups = DegreeGroups.of(degrees);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertArrayEquals(groups.degree(), DegreeGroups.from(groups.toArray(manager)).degree());
            float[] perEdge = groups.perEdge(manager.create(x, new Shape(atoms, channels))).toFloatArray();
            NDArray summed = groups.sumPerAtom(manager.create(m, new Shape(edges, channels)));
            assertEquals(new Shape(atoms, channels), summed.getShape());
            float[] perAtom = summed.toFloatArray();
            int e = 0;
            for (int a = 0; a < atoms; a++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int k = 0; k < degrees[a]; k++) {
                        assertEquals(x[a * channels + c], perEdge[(e + k) * channels + c], 0f);
                        sum += m[(e + k) * channels + c];
                    }
                    assertEquals(sum, perAtom[a * channels + c], 1e-5);
                }
                e += degrees[a];
            }
        }
    }

    @Test
    void contractsEdgeRowsPerAtomLikeLoops() {
        Random random = new Random(System.nanoTime());
        int[] degrees = {0, 2, 2, 3, 7, 7, 12};
        int atoms = degrees.length, k = 4, channels = 3, edges = 0;
        for (int d : degrees) edges += d;
        float[] y = new float[edges * k], w = new float[edges * channels];
        for (int i = 0; i < y.length; i++) y[i] = (float) random.nextGaussian();
        for (int i = 0; i < w.length; i++) w[i] = (float) random.nextGaussian();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray out = DegreeGroups.of(degrees).contractPerAtom(manager.create(y, new Shape(edges, k)), manager.create(w, new Shape(edges, channels)));
            assertEquals(new Shape(atoms, k, channels), out.getShape());
            float[] a = out.toFloatArray();
            int e = 0;
            for (int i = 0; i < atoms; i++) {
                for (int p = 0; p < k; p++) {
                    for (int c = 0; c < channels; c++) {
                        double sum = 0;
                        for (int j = e; j < e + degrees[i]; j++) sum += (double) y[j * k + p] * w[j * channels + c];
                        assertEquals(sum, a[(i * k + p) * channels + c], 1e-5);
                    }
                }
                e += degrees[i];
            }
        }
    }
}
