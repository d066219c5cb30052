package org.regnet.crystal.graph;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.config.Elements;
import org.regnet.crystal.Fixtures;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;
import org.regnet.crystal.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeighborGraphTest {
    private static final NeighborGraphBuilder DEFAULT = new NeighborGraphBuilder(GraphSettings.defaults());

    /** The multiset of per-atom neighbour distances: all edge distances sorted, and the sorted degrees. */
    static double[] distances(NeighborGraph g) {
        double[] d = g.distances();
        Arrays.sort(d);
        return d;
    }

    static int[] degrees(NeighborGraph g) {
        int[] d = new int[g.atomCount()];
        for (int i = 0; i < d.length; i++) d[i] = g.degree(i);
        Arrays.sort(d);
        return d;
    }

    static void assertSameGraph(NeighborGraph expected, NeighborGraph actual, String what) {
        assertArrayEquals(degrees(expected), degrees(actual), what);
        assertArrayEquals(distances(expected), distances(actual), 1e-8, what);
    }

    static List<Structure> samples() {
        Random rnd = new Random(11);
        List<Structure> out = new ArrayList<>(List.of(Fixtures.read("NaCl.cif"), Fixtures.read("ZnO-wurtzite.cif"),
                Fixtures.read("triclinic-hall.cif"), Fixtures.read("CONTCAR_Si_selective")));
        for (int k = 0; k < 4; k++) out.add(Fixtures.randomCell(rnd, 3 + rnd.nextInt(6), 1.0));
        return out;
    }

    @Test
    void invariantUnderPermutationTranslationRotationBasisChangeAndSupercell() {
        Random rnd = new Random(3);
        int[][] unimodular = {{1, 1, 0}, {0, 1, 0}, {1, 1, 1}};  // det 1
        for (Structure s : samples()) {
            NeighborGraph g = DEFAULT.build(s);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) order.add(i);
            Collections.shuffle(order, rnd);
            int[] perm = order.stream().mapToInt(Integer::intValue).toArray();
            assertSameGraph(g, DEFAULT.build(Transforms.permute(s, perm)), "permutation of " + s);
            assertSameGraph(g, DEFAULT.build(Transforms.translate(s, 0.31, -0.77, 1.45)), "origin shift of " + s);
            assertSameGraph(g, DEFAULT.build(Transforms.rotate(s, Fixtures.randomRotation(rnd))), "rotation of " + s);
            assertSameGraph(g, DEFAULT.build(Transforms.changeBasis(s, unimodular)), "basis change of " + s);
            assertSameGraph(g, DEFAULT.build(Transforms.wrap(s)), "wrapping of " + s);
            NeighborGraph big = DEFAULT.build(Transforms.supercell(s, 2, 1, 2));
            double[] expected = new double[4 * g.edgeCount()];
            for (int k = 0; k < 4; k++) System.arraycopy(g.distances(), 0, expected, k * g.edgeCount(), g.edgeCount());
            Arrays.sort(expected);
            assertArrayEquals(expected, distances(big), 1e-8, "2x1x2 supercell of " + s);
        }
    }

    @Test
    void edgesRecordSourceTargetImageAndDistance() {
        Structure s = Transforms.translate(Fixtures.read("triclinic.vasp"), 0.4, -1.3, 2.2);  // coordinates far outside [0, 1)
        NeighborGraph g = DEFAULT.build(s);
        double[][] a = s.lattice().matrix();
        int[] sources = g.sources();
        for (int e = 0; e < g.edgeCount(); e++) {
            assertEquals(sources[e], g.source(e));
            double[] rs = s.cartesian(g.source(e)), rt = s.cartesian(g.target(e));
            int[] t = g.image(e);
            double d2 = 0;
            for (int x = 0; x < 3; x++) {
                double d = rt[x] + t[0] * a[0][x] + t[1] * a[1][x] + t[2] * a[2][x] - rs[x];
                d2 += d * d;
            }
            assertEquals(g.distance(e), Math.sqrt(d2), 1e-9, "edge " + e);
        }
    }

    @Test
    void wholeShellsAreKept() {
        Structure nacl = Fixtures.read("NaCl.cif");
        NeighborGraph g = DEFAULT.build(nacl);
        for (int i = 0; i < nacl.size(); i++) {
            assertEquals(18, g.degree(i), "6 at a/2 and the whole shell of 12 at a/sqrt2 holding the 12th");
            assertEquals(2.8201, g.distancesOf(i)[0], 1e-4);
        }
        NeighborGraph six = new NeighborGraphBuilder(GraphSettings.defaults().withMaxNeighbors(6)).build(nacl);
        assertEquals(6 * 8, six.edgeCount());
        Structure bcc = Structure.builder(Lattice.cubic(2.8665)).add(Elements.Iron, 0, 0, 0).add(Elements.Iron, .5, .5, .5).build();
        assertEquals(14, DEFAULT.build(bcc).degree(0), "8 + the whole second shell of 6");
    }

    @Test
    void hardCapCutsAShellWithAWarning() {
        NeighborGraph g = new NeighborGraphBuilder(GraphSettings.defaults().withHardCap(12)).build(Fixtures.read("NaCl.cif"));
        assertEquals(12 * 8, g.edgeCount());
        assertEquals(8, g.warnings().size());
        assertTrue(g.warnings().get(0).contains("hard cap"), g.warnings().get(0));
    }

    @Test
    void underfilledPolicies() {
        Structure sparse = Structure.builder(Lattice.cubic(10)).id("sparse").add(Elements.Hydrogen, 0, 0, 0).build();
        NeighborGraph widened = DEFAULT.build(sparse);
        assertEquals(18.0, widened.cutoff(), 1e-9, "8 → 12 → 18 Å");
        assertEquals(18, widened.degree(0), "6 at 10 Å and the whole shell of 12 at 14.1 Å");

        GraphSettings s = GraphSettings.defaults();
        StructureException error = assertThrows(StructureException.class, () -> new NeighborGraphBuilder(s.withUnderfilled(UnderfilledPolicy.ERROR)).build(sparse));
        assertTrue(error.getMessage().contains("atom 1 (H) has no neighbours within 8 Å"), error.getMessage());
        assertThrows(SkippedStructureException.class, () -> new NeighborGraphBuilder(s.withUnderfilled(UnderfilledPolicy.SKIP)).build(sparse));
        StructureException isolated = assertThrows(StructureException.class, () -> new NeighborGraphBuilder(s.withUnderfilled(UnderfilledPolicy.WARN)).build(sparse));
        assertTrue(isolated.getMessage().contains("isolated"), isolated.getMessage());
        assertThrows(StructureException.class, () -> new NeighborGraphBuilder(s.withMaxCutoff(9)).build(sparse), "isolated even at the widest cutoff");

        Structure simpleCubic = Structure.builder(Lattice.cubic(7)).add(Elements.Polonium, 0, 0, 0).build();
        NeighborGraph warned = new NeighborGraphBuilder(s.withUnderfilled(UnderfilledPolicy.WARN)).build(simpleCubic);
        assertEquals(6, warned.degree(0));
        assertTrue(warned.warnings().get(0).contains("only 6 neighbours"), warned.warnings().toString());
    }
}
