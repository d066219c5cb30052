package org.regnet.crystal.symmetry;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.Lattice;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpaceGroupTableTest {
    private final SpaceGroupTable table = SpaceGroupTable.standard();
    private final Lattice cubic = Lattice.cubic(5);

    @Test
    void everyNumberHasASettingAndEverySettingIsAGroup() {
        Set<Integer> numbers = new HashSet<>();
        for (SpaceGroup g : table.all()) {
            numbers.add(g.number());
            assertClosed(g);
        }
        assertEquals(230, numbers.size());
        for (int n = 1; n <= 230; n++) assertTrue(table.byNumber(n, cubic).isPresent(), "number " + n);
        assertEquals(192, table.byNumber(225, cubic).orElseThrow().operations().size());
    }

    /** Composition of any two operations is again an operation, modulo lattice translations. */
    private static void assertClosed(SpaceGroup g) {
        List<SymmetryOperation> ops = g.operations();
        double[] probe = {0.1234, 0.2345, 0.3456};
        Set<String> images = new HashSet<>();
        for (SymmetryOperation op : ops) images.add(key(op.apply(probe)));
        SymmetryOperation a = ops.get(ops.size() - 1), b = ops.get(ops.size() / 2);
        assertTrue(images.contains(key(a.apply(b.apply(probe)))), g.symbol() + " is not closed");
    }

    private static String key(double[] f) {
        StringBuilder sb = new StringBuilder();
        for (double v : f) sb.append(String.format(java.util.Locale.ROOT, "%.6f ", v - Math.floor(v + 1e-9) + 0.0));
        return sb.toString();
    }

    @Test
    void symbolsInTheirCommonSpellings() {
        for (String s : List.of("P21/c", "P 1 21/c 1", "P2_1/c", "P 21/c")) assertEquals(14, table.bySymbol(s, cubic).orElseThrow().number(), s);
        assertEquals(225, table.bySymbol("Fm3m", cubic).orElseThrow().number(), "old notation without the bar");
        assertEquals(225, table.bySymbol("F m -3 m", cubic).orElseThrow().number());
        assertEquals(64, table.bySymbol("Cmca", cubic).orElseThrow().number(), "old symbol of Cmce");
        assertEquals(186, table.bySymbol("P 63 m c", cubic).orElseThrow().number());
        assertEquals(160, table.bySymbol("R3m", cubic).orElseThrow().number(), "R3m is not R-3m");
        assertEquals(14, table.byHall("-P 2ybc").orElseThrow().number());
        assertTrue(table.bySymbol("Q 42/z", cubic).isEmpty());
    }

    @Test
    void settingChoicesAreTheDocumentedOnes() {
        assertEquals("2", table.bySymbol("F d -3 m", cubic).orElseThrow().setting(), "origin choice 2 by default");
        assertEquals("1", table.bySymbol("F d -3 m :1", cubic).orElseThrow().setting());
        assertEquals("1", table.bySymbol("F d -3 m S", cubic).orElseThrow().setting(), "ICSD's S = origin choice 1");
        Lattice hex = Lattice.fromParameters(4.9, 4.9, 13.9, 90, 90, 120);
        Lattice rho = Lattice.fromParameters(5.5, 5.5, 5.5, 55, 55, 55);
        assertEquals("H", table.bySymbol("R -3 m", hex).orElseThrow().setting());
        assertEquals("R", table.bySymbol("R -3 m", rho).orElseThrow().setting(), "a rhombohedral cell gets rhombohedral axes");
        assertEquals(36, table.bySymbol("R -3 m", hex).orElseThrow().operations().size());
        assertEquals(12, table.bySymbol("R -3 m", rho).orElseThrow().operations().size());
    }
}
