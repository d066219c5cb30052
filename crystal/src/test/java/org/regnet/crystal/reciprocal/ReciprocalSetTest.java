package org.regnet.crystal.reciprocal;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.Fixtures;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReciprocalSetTest {
    @Test
    void cubicShellsAndOrder() {
        ReciprocalSet g = ReciprocalSet.of(Lattice.cubic(4), 2 * Math.PI / 4 * 1.5);  // |n| ≤ 1.5
        assertEquals(6 + 12, g.size(), "{100} and {110}");
        assertEquals(2 * Math.PI / 4, g.norm(0), 1e-12);
        assertEquals(2 * Math.PI / 4 * Math.sqrt(2), g.norm(g.size() - 1), 1e-12);
        for (int v = 1; v < g.size(); v++) assertTrue(g.norm(v - 1) <= g.norm(v));
        assertArrayEquals(new int[] {-1, 0, 0}, g.miller(0), "ties in |G| ordered by Miller triple");
    }

    @Test
    void closedUnderInversionAndCountedByVolume() {
        Lattice l = Fixtures.read("triclinic.vasp").lattice();
        ReciprocalSet g = ReciprocalSet.of(l, 4.0);
        Set<String> all = new HashSet<>();
        for (int v = 0; v < g.size(); v++) {
            int[] n = g.miller(v);
            all.add(n[0] + " " + n[1] + " " + n[2]);
        }
        for (int v = 0; v < g.size(); v++) {
            int[] n = g.miller(v);
            assertTrue(all.contains(-n[0] + " " + -n[1] + " " + -n[2]));
        }
        double expected = l.volume() * Math.pow(4.0, 3) / (6 * Math.PI * Math.PI);
        assertEquals(expected, g.size(), 0.1 * expected, "|G| ≤ G_max holds about V·G_max³/6π² vectors");
    }

    @Test
    void normsMatchTheMillerIndices() {
        Lattice l = Lattice.fromParameters(3.1, 4.7, 5.3, 77, 95, 110);
        ReciprocalSet g = ReciprocalSet.of(l, 5.0);
        double[][] b = l.reciprocalMatrix();
        for (int v = 0; v < g.size(); v++) {
            int[] n = g.miller(v);
            double s = 0;
            for (int x = 0; x < 3; x++) {
                double c = 2 * Math.PI * (n[0] * b[0][x] + n[1] * b[1][x] + n[2] * b[2][x]);
                s += c * c;
            }
            assertEquals(Math.sqrt(s), g.norm(v), 1e-12);
            assertTrue(g.norm(v) <= 5.0 + 1e-12);
        }
    }

    @Test
    void unchangedUnderAChangeOfBasis() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 10; trial++) {
            Structure s = Fixtures.randomCell(rnd, 1, 0);
            double gmax = 3 + 3 * rnd.nextDouble();
            ReciprocalSet a = ReciprocalSet.of(s.lattice(), gmax);
            ReciprocalSet b = ReciprocalSet.of(Transforms.changeBasis(s, new int[][] {{1, 2, 0}, {0, 1, 0}, {-1, -1, 1}}).lattice(), gmax);
            assertArrayEquals(a.norms(), b.norms(), 1e-9, "trial " + trial);
        }
    }

    @Test
    void refusesSetsThatCannotFit() {
        assertThrows(IllegalArgumentException.class, () -> ReciprocalSet.of(Lattice.cubic(1000), 50));
        assertThrows(IllegalArgumentException.class, () -> ReciprocalSet.of(Lattice.cubic(4), 0));
    }
}
