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

    /** The graph by definition: every pair within the cutoff, sorted by (distance, target, image), M nearest + shell. */
    static List<String> reference(Structure s, GraphSettings settings) {
        List<double[]> pairs = new ArrayList<>();
        NeighborSearch.forEachPair(s, settings.cutoff() + settings.shellTolerance(), (i, j, t0, t1, t2, d) -> pairs.add(new double[] {i, d, j, t0, t1, t2}));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            final int atom = i;
            List<double[]> mine = new ArrayList<>(pairs.stream().filter(p -> p[0] == atom).toList());
            mine.sort((a, b) -> {
                for (int k = 1; k < 6; k++) if (a[k] != b[k]) return Double.compare(a[k], b[k]);
                return 0;
            });
            long within = mine.stream().filter(p -> p[1] <= settings.cutoff()).count();
            double limit = within >= settings.maxNeighbors() ? mine.get(settings.maxNeighbors() - 1)[1] + settings.shellTolerance() : settings.cutoff();
            for (double[] p : mine) if (p[1] <= limit) out.add(String.format("%d %d %d %d %d %.9f", atom, (int) p[2], (int) p[3], (int) p[4], (int) p[5], p[1]));
        }
        return out;
    }

    static List<String> edges(NeighborGraph g) {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < g.edgeCount(); e++) {
            int[] t = g.image(e);
            out.add(String.format("%d %d %d %d %d %.9f", g.source(e), g.target(e), t[0], t[1], t[2], g.distance(e)));
        }
        return out;
    }

    @Test
    void equalsTheDefinitionOnDenseSparseAndLayeredCells() {
        Random rnd = new Random(17);
        GraphSettings settings = GraphSettings.defaults().withUnderfilled(UnderfilledPolicy.WARN);
        List<Structure> cells = new ArrayList<>(samples());
        for (int k = 0; k < 12; k++) cells.add(Fixtures.randomCell(rnd, 1 + rnd.nextInt(10), 0.7));
        // a slab: dense in-plane, 12 Å of vacuum, so the density-based first radius is too small for it
        cells.add(Structure.builder(Lattice.fromParameters(2.9, 2.9, 14.9, 90, 90, 120)).add(Elements.Molybdenum, 0, 0, 0.5)
                .add(Elements.Sulfur, 1 / 3.0, 2 / 3.0, 0.6).add(Elements.Sulfur, 1 / 3.0, 2 / 3.0, 0.4).build());
        for (Structure s : cells) {
            NeighborGraph g = new NeighborGraphBuilder(settings).build(s);
            assertEquals(reference(s, settings), edges(g), s.toString());
            assertEquals(8.0, g.cutoff(), 0);
        }
    }

    @Test
    void aRadiusGraphHoldsEveryNeighbourWithinTheCutoffAndNothingElse() {
        NeighborGraphBuilder radius = new NeighborGraphBuilder(GraphSettings.radius(5.0));
        Random rnd = new Random(23);
        List<Structure> cells = new ArrayList<>(samples());
        for (int k = 0; k < 6; k++) cells.add(Fixtures.randomCell(rnd, 1 + rnd.nextInt(10), 0.7));
        for (Structure s : cells) {
            NeighborGraph g = radius.build(s);
            // brute force over images: the same count of pairs within 5 Å as the graph has edges, none beyond
            int expected = 0;
            for (int i = 0; i < s.size(); i++) for (int j = 0; j < s.size(); j++) {
                for (int a = -7; a <= 7; a++) for (int b = -7; b <= 7; b++) for (int c = -7; c <= 7; c++) {
                    double[] f = {s.fractional(j)[0] + a - s.fractional(i)[0], s.fractional(j)[1] + b - s.fractional(i)[1],
                            s.fractional(j)[2] + c - s.fractional(i)[2]};
                    double[] r = s.lattice().toCartesian(f);
                    double d = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
                    if (d > 1e-9 && d <= 5.0) expected++;
                }
            }
            assertEquals(expected, g.edgeCount(), s.toString());
            for (double d : g.distances()) assertTrue(d <= 5.0 + 1e-12);
            assertTrue(g.warnings().isEmpty());
        }
        // vacuum: a lone atom in a large box has no neighbour, and that is legal
        Structure lone = Structure.builder(Lattice.cubic(11)).add(Elements.Argon, 0, 0, 0).build();
        NeighborGraph g = radius.build(lone);
        assertEquals(0, g.edgeCount());
        assertEquals(List.of("1 atom with no neighbour within 5.00 Å (atom [0])"), g.warnings(), "legal, and said");
        assertEquals(0, g.degree(0));
        // and a slab's neighbours do not change as vacuum grows beyond the cutoff
        Structure slab = Transforms.supercell(Fixtures.randomCell(new Random(5), 4, 0.5), 2, 2, 1);
        assertArrayEquals(distances(radius.build(Transforms.withVacuum(slab, 6))), distances(radius.build(Transforms.withVacuum(slab, 30))), 1e-9);
    }
}
