package org.regnet.crystal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatticeTest {
    @Test
    void parametersRoundTrip() {
        Lattice l = Lattice.fromParameters(5.12, 6.31, 7.47, 81.3, 104.9, 97.2);
        assertEquals(5.12, l.a(), 1e-12);
        assertEquals(6.31, l.b(), 1e-12);
        assertEquals(7.47, l.c(), 1e-12);
        assertEquals(81.3, l.alpha(), 1e-9);
        assertEquals(104.9, l.beta(), 1e-9);
        assertEquals(97.2, l.gamma(), 1e-9);
    }

    @Test
    void hexagonalVolumeAndReciprocal() {
        Lattice l = Lattice.fromParameters(3.2498, 3.2498, 5.2066, 90, 90, 120);
        assertEquals(Math.sqrt(3) / 2 * 3.2498 * 3.2498 * 5.2066, l.volume(), 1e-9);
        double[][] a = l.matrix(), b = l.reciprocalMatrix();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                assertEquals(i == j ? 1 : 0, a[i][0] * b[j][0] + a[i][1] * b[j][1] + a[i][2] * b[j][2], 1e-12, "a_i . b_j");
        // plane spacing of (001) is c for a hexagonal cell
        assertEquals(5.2066, l.planeSpacing(2), 1e-12);
    }

    @Test
    void fractionalCartesianRoundTrip() {
        Lattice l = Lattice.fromParameters(4, 5, 6, 70, 80, 100);
        double[] f = {0.1, -0.7, 1.3};
        assertArrayEquals(f, l.toFractional(l.toCartesian(f)), 1e-12);
    }

    @Test
    void degenerateCellsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Lattice(new double[][] {{1, 0, 0}, {2, 0, 0}, {0, 0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> Lattice.fromParameters(1, 1, 1, 120, 120, 120));
        assertThrows(IllegalArgumentException.class, () -> Lattice.fromParameters(0, 1, 1, 90, 90, 90));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lattice.fromParameters(1, 1, 1, 90, 180, 90));
        assertTrue(e.getMessage().contains("angle"), e.getMessage());
    }
}
