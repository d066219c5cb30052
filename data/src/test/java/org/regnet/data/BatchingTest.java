package org.regnet.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches cover every row once, respect the atom budget, group similar sizes, and shuffling is seeded. */
class BatchingTest {
    static List<CrystalGraph> graphs(int n, long seed) {
        Random r = new Random(seed);
        List<CrystalGraph> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int atoms = 1 + r.nextInt(120);
            out.add(new CrystalGraph("g" + i, atoms, 1, new int[atoms], new float[atoms], new double[3 * atoms], new int[atoms + 1],
                    new int[0], new float[0], new float[0], new int[0], new float[0], 10.0 * atoms));
        }
        return out;
    }

    @Test
    void everyRowOnceWithinBudget() {
        List<CrystalGraph> g = graphs(1000, 1);
        int[] rows = new int[1000];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        BatchPlanner planner = new BatchPlanner(32, 1024);
        for (List<int[]> batches : List.of(planner.shuffled(rows, g, new Random(5)), planner.sorted(rows, g))) {
            int[] seen = new int[1000];
            for (int[] b : batches) {
                int max = 0;
                for (int r : b) {
                    seen[r]++;
                    max = Math.max(max, g.get(r).atoms());
                }
                assertTrue(b.length <= 32 && (b.length == 1 || max * b.length <= 1024), "batch over budget: " + b.length + " × " + max);
            }
            int[] ones = new int[1000];
            Arrays.fill(ones, 1);
            assertArrayEquals(ones, seen);
        }
    }

    @Test
    void shufflingIsSeededAndGroupsSizes() {
        List<CrystalGraph> g = graphs(2000, 2);
        int[] rows = new int[2000];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        BatchPlanner planner = new BatchPlanner(16, 100000);
        List<int[]> a = planner.shuffled(rows, g, new Random(9)), b = planner.shuffled(rows, g, new Random(9));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        assertNotEquals(Arrays.toString(a.get(0)), Arrays.toString(planner.shuffled(rows, g, new Random(10)).get(0)));
        // within a batch the sizes span far less than the whole range (1..120)
        double spread = 0;
        for (int[] batch : a) {
            int lo = Integer.MAX_VALUE, hi = 0;
            for (int r : batch) {
                lo = Math.min(lo, g.get(r).atoms());
                hi = Math.max(hi, g.get(r).atoms());
            }
            spread += hi - lo;
        }
        assertTrue(spread / a.size() < 20, "mean size spread in a batch " + spread / a.size());
    }

    @Test
    void scalerUsesTrainingRowsOnly() {
        List<CrystalGraph> g = graphs(4, 3);
        double[][] labels = {{1}, {3}, {Double.NaN}, {1000}};
        Dataset d = new Dataset(List.of("y"), g, labels, List.of());
        TargetScaler s = TargetScaler.fit(d, new int[] {0, 1, 2}, new boolean[] {false});
        assertEquals(2, s.mean()[0], 1e-12);
        assertEquals(1, s.std()[0], 1e-12);
        assertEquals(0.5, s.normalize(0, 2.5, 7), 1e-12);
        TargetScaler extensive = TargetScaler.fit(d, new int[] {0}, new boolean[] {true});
        int n = g.get(0).atoms();
        assertEquals(1.0 / n, extensive.mean()[0], 1e-12);  // per atom
        assertEquals(0, extensive.normalize(0, 1, n), 1e-12);
        assertEquals(2.0, extensive.denormalize(0, 0, 2 * n), 1e-9);  // twice the atoms, twice the value
    }
}
