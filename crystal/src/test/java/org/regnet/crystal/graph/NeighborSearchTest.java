package org.regnet.crystal.graph;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.Fixtures;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both search strategies against a brute-force loop over images, on random (also strongly skewed, tiny) cells. */
class NeighborSearchTest {

    /** Every (i, j, t) within the cutoff, by looping over a generous box of images. */
    static Map<String, Double> bruteForce(Structure s, double cutoff) {
        Map<String, Double> out = new TreeMap<>();
        int[] n = new int[3];
        for (int k = 0; k < 3; k++) n[k] = (int) Math.ceil(cutoff / s.lattice().planeSpacing(k)) + 2;
        double[][] a = s.lattice().matrix();
        for (int i = 0; i < s.size(); i++) {
            double[] ri = s.cartesian(i);
            for (int j = 0; j < s.size(); j++) {
                double[] rj = s.cartesian(j);
                for (int t0 = -n[0]; t0 <= n[0]; t0++)
                    for (int t1 = -n[1]; t1 <= n[1]; t1++)
                        for (int t2 = -n[2]; t2 <= n[2]; t2++) {
                            if (i == j && t0 == 0 && t1 == 0 && t2 == 0) continue;
                            double d2 = 0;
                            for (int x = 0; x < 3; x++) {
                                double d = rj[x] + t0 * a[0][x] + t1 * a[1][x] + t2 * a[2][x] - ri[x];
                                d2 += d * d;
                            }
                            if (d2 <= cutoff * cutoff) out.put(i + " " + j + " " + t0 + " " + t1 + " " + t2, Math.sqrt(d2));
                        }
            }
        }
        return out;
    }

    static Map<String, Double> search(Structure s, double cutoff, NeighborSearch.Strategy strategy) {
        Map<String, Double> out = new TreeMap<>();
        int[] last = {-1};
        NeighborSearch.forEachPair(s, cutoff, (i, j, t0, t1, t2, d) -> {
            if (i < last[0]) throw new AssertionError("pairs must come grouped by i in increasing order");
            last[0] = i;
            if (out.put(i + " " + j + " " + t0 + " " + t1 + " " + t2, d) != null) throw new AssertionError("pair reported twice");
        }, strategy);
        return out;
    }

    static void assertSame(Map<String, Double> expected, Map<String, Double> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (Map.Entry<String, Double> e : expected.entrySet()) assertEquals(e.getValue(), actual.get(e.getKey()), 1e-9, what + " " + e.getKey());
    }

    @Test
    void bothStrategiesEqualBruteForceOnRandomCells() {
        Random rnd = new Random(20261122);
        for (int trial = 0; trial < 40; trial++) {
            Structure s = Fixtures.randomCell(rnd, 1 + rnd.nextInt(12), 0);
            double cutoff = 1 + 9 * rnd.nextDouble();  // up to several images on tiny cells
            Map<String, Double> expected = bruteForce(s, cutoff);
            assertSame(expected, search(s, cutoff, NeighborSearch.Strategy.PAIRS), "pairs, trial " + trial + " " + s.lattice());
            assertSame(expected, search(s, cutoff, NeighborSearch.Strategy.CELL_LIST), "cell list, trial " + trial + " " + s.lattice());
        }
    }

    @Test
    void cellListOnALargeSkewedCell() {
        Random rnd = new Random(5);
        Structure s = Transforms.supercell(Fixtures.randomCell(rnd, 9, 0.8), 3, 4, 3);  // 324 atoms: the cell-list path
        Map<String, Double> expected = bruteForce(s, 5.0);
        assertSame(expected, search(s, 5.0, NeighborSearch.Strategy.CELL_LIST), "cell list");
        Map<String, Double> viaDefault = new TreeMap<>();
        NeighborSearch.forEachPair(s, 5.0, (i, j, t0, t1, t2, d) -> viaDefault.put(i + " " + j + " " + t0 + " " + t1 + " " + t2, d));
        assertSame(expected, viaDefault, "default strategy");
    }

    /** The smallest distance brute force finds within {@code cutoff}, or infinity. */
    private static double bruteForceClosest(Structure s, double cutoff) {
        return bruteForce(s, cutoff).values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.POSITIVE_INFINITY);
    }

    @Test
    void closestPairIsTheBruteForceMinimumOnOrdinaryAndCrushedCells() {
        Random rnd = new Random(20261130);
        for (int trial = 0; trial < 40; trial++) {
            Structure s = Fixtures.randomCell(rnd, 1 + rnd.nextInt(12), 0);
            double radius = 0.2 + 3 * rnd.nextDouble();
            double expected = bruteForceClosest(s, radius);
            double[] pair = NeighborSearch.closestPair(s, radius);
            if (Double.isInfinite(expected)) assertNull(pair, "trial " + trial);
            else assertEquals(expected, pair[2], 1e-12, "trial " + trial + " " + s.lattice());
        }
        // a cell crushed to 6.4e-4 x 6.4e-3 x 0.64 Å (a fuzzer's find): millions of pairs lie within 0.5 Å,
        // and the closest is the shortest image, 6.4e-4 Å
        Structure.Builder b = Structure.builder(new org.regnet.crystal.Lattice(new double[][] {{6.4e-4, 0, 0}, {0, 6.4e-3, 0}, {0, 0, 0.64}}));
        for (int i = 0; i < 8; i++) b.add(org.openscience.cdk.config.Elements.Sodium, new double[] {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()});
        Structure crushed = b.build();
        double[] pair = NeighborSearch.closestPair(crushed, 0.5);
        assertEquals(bruteForceClosest(crushed, pair[2] * (1 + 1e-9)), pair[2], 1e-15);
        assertTrue(pair[2] <= 6.4e-4 + 1e-15, "no farther than an atom's own image: " + pair[2]);
    }
}
