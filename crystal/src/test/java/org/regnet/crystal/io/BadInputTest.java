package org.regnet.crystal.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.StructureException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input is a StructureException naming the file (and line), never a hang or a raw exception. */
@Timeout(60)  // a hang guard, not a timing: each case takes milliseconds
class BadInputTest {
    /** A 4 Å cubic cell, the start of a CIF data block. */
    static final String CELL = """
            data_x
            _cell_length_a 4
            _cell_length_b 4
            _cell_length_c 4
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            """;
    private static final String SITES = """
            loop_
            _atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z
            Fe1 0 0 0
            O1 0.5 0.5 0.5
            """;

    static StructureException fails(String name, String text) {
        return fails(name, text, ReadOptions.defaults());
    }

    static StructureException fails(String name, String text, ReadOptions options) {
        StructureException e = assertThrows(StructureException.class,
                () -> StructureReaders.read(name, text.getBytes(StandardCharsets.UTF_8), options));
        assertTrue(e.getMessage().startsWith(name + ":"), "names the file: " + e.getMessage());
        return e;
    }

    static void says(StructureException e, String what) {
        assertTrue(e.getMessage().contains(what), "expected '" + what + "' in: " + e.getMessage());
    }

    @Test
    void malformedNumberNamesTheLine() {
        StructureException e = fails("bad.cif", CELL.replace("_cell_length_b 4", "_cell_length_b 4.x1") + SITES);
        assertEquals(3, e.line());
        says(e, "malformed number '4.x1' for _cell_length_b");
        StructureException p = fails("POSCAR", "c\n1.0\n1 0 0\n0 1 0\n0 0 one\nFe\n1\nDirect\n0 0 0\n");
        assertEquals(5, p.line());
    }

    @Test
    void missingCellParameter() {
        says(fails("bad.cif", CELL.replace("_cell_angle_beta 90\n", "") + SITES), "missing cell parameter _cell_angle_beta");
    }

    @Test
    void zeroOrNegativeVolume() {
        says(fails("flat.vasp", "c\n1.0\n1 0 0\n2 0 0\n0 0 1\nFe\n1\nDirect\n0 0 0\n"), "volume is zero");
        says(fails("bad.cif", CELL.replace("_cell_angle_alpha 90", "_cell_angle_alpha 150").replace("_cell_angle_beta 90", "_cell_angle_beta 150") + SITES), "cannot form a cell");
        says(fails("bad.cif", CELL.replace("_cell_length_a 4", "_cell_length_a -4") + SITES), "cell length must be positive");
        // 120°, 120°, 120°: three vectors in a plane; said so, not reported later as two overlapping sites
        StructureException flat = fails("bad.cif", CELL.replace("alpha 90", "alpha 120").replace("beta 90", "beta 120").replace("gamma 90", "gamma 120") + SITES);
        assertTrue(flat.getMessage().contains("cell angles 120.0, 120.0, 120.0") && !flat.getMessage().contains("apart"), flat.getMessage());
    }

    @Test
    void valuesOutOfAnyPhysicalRangeAreRefusedByName() {
        says(fails("huge.cif", CELL.replace("_cell_length_c 4", "_cell_length_c 1e308") + SITES), "cell length 1.00e+308 Å is beyond the supported 100000 Å");
        says(fails("huge.vasp", "c\n1.0\n1e308 0 0\n0 4 0\n0 0 4\nFe\n1\nDirect\n0 0 0\n"), "beyond the supported 100000 Å");
        StructureException far = fails("far.cif", CELL + SITES.replace("O1 0.5 0.5 0.5", "O1 1e308 0.5 0.5"));
        says(far, "fractional coordinate 1.0E308 is out of range");
        says(far, "in data_x");
        says(fails("far.vasp", "c\n1.0\n4 0 0\n0 4 0\n0 0 4\nFe\n1\nCartesian\n4e9 0 0\n"), "is out of range (|f| ≤ 10000)");
    }

    @Test
    void unknownElement() {
        StructureException e = fails("bad.cif", CELL + SITES.replace("O1 0.5", "Qq1 0.5"));
        says(e, "unknown element 'Qq1'");
        assertEquals(11, e.line());
        says(fails("x.vasp", "c\n1.0\n4 0 0\n0 4 0\n0 0 4\nFe Xx\n1 1\nDirect\n0 0 0\n.5 .5 .5\n"), "unknown element 'Xx'");
    }

    @Test
    void atomsTooClose() {
        StructureException e = fails("close.cif", CELL + SITES.replace("O1 0.5 0.5 0.5", "O1 0.02 0 0"));
        says(e, "0.080 Å apart");
        // the check is an option
        StructureReaders.read("close.cif", (CELL + SITES.replace("O1 0.5 0.5 0.5", "O1 0.02 0 0")).getBytes(StandardCharsets.UTF_8),
                ReadOptions.defaults().withMinDistance(0));
    }

    @Test
    void emptyBinaryAndUnknownFiles() {
        says(fails("empty.cif", ""), "empty file");
        says(fails("blank.vasp", "\n\n   \n"), "empty file");
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[10] = 0;
        StructureException e = assertThrows(StructureException.class, () -> StructureReaders.read("x.cif", garbage, ReadOptions.defaults()));
        says(e, "binary content");
        says(fails("notes.txt", "just some words\nnothing structural\n"), "cannot tell the format");
        says(fails("x.cif", "loop_ _a 1 2"), "before the first data_ block");
        says(fails("x.json", "{\"lattice\": [1, 2"), "malformed JSON");
    }

    @Test
    void truncatedFiles() {
        String full = CELL + "loop_\n_atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z\nFe1 0 0 0\nO1 0.5 0.5";
        says(fails("cut.cif", full), "incomplete row");
        says(fails("cut.cif", CELL + "_publ_section_title\n;\nnever closed\n"), "never closed");
        says(fails("cut.cif", CELL + "_chemical_name 'no end\n" + SITES), "not closed");
        StructureException p = fails("cut.vasp", "c\n1.0\n4 0 0\n0 4 0\n0 0 4\nFe O\n1 1\nDirect\n0 0 0\n");
        says(p, "truncated");
        says(fails("cut.vasp", "c\n1.0\n4 0 0\n0 4 0\n"), "truncated");
        says(fails("cut.xyz", "3\nLattice=\"4 0 0 0 4 0 0 0 4\"\nFe 0 0 0\n"), "truncated");
        says(fails("x.xyz", "1\nProperties=species:S:1:pos:R:3\nFe 0 0 0\n"), "Lattice");
    }

    @Test
    void hugeFilesAndCellsFailFast(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.cif");
        Files.write(big, new byte[3 << 20]);
        StructureException e = assertThrows(StructureException.class,
                () -> StructureReaders.read(big, ReadOptions.defaults().withMaxFileBytes(1 << 20)));
        says(e, "over the limit of 1.0 MB");
        // a million atoms announced in a header is refused before any coordinate is read
        says(fails("million.vasp", "c\n1.0\n400 0 0\n0 400 0\n0 0 400\nFe\n1000000\nDirect\n0 0 0\n"), "1000000 atoms, more than the limit");
        says(fails("million.xyz", "1000000\nLattice=\"400 0 0 0 400 0 0 0 400\"\nFe 0 0 0\n"), "more than the limit");
        // symmetry expansion stops as soon as it passes the limit
        StringBuilder cif = new StringBuilder(CELL.replace(" 4\n", " 40\n") + "_symmetry_space_group_name_H-M 'F m -3 m'\nloop_\n"
                + "_atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z\n");
        Random rnd = new Random(3);
        for (int i = 0; i < 2000; i++) cif.append("Fe").append(i).append(' ').append(rnd.nextDouble()).append(' ').append(rnd.nextDouble()).append(' ').append(rnd.nextDouble()).append('\n');
        says(fails("expands.cif", cif.toString(), ReadOptions.defaults().withMaxAtoms(100_000)), "more than 100000 sites after symmetry expansion");
    }

    @Test
    void degenerateTinyCellIsRefusedNotSearchedForever() {
        String tiny = "c\n1.0\n0.02 0 0\n0 0.02 0\n0 0 0.02\nFe\n1\nDirect\n0 0 0\n";
        says(fails("tiny.vasp", tiny), "closer than the minimum");  // its own image is 0.02 Å away
        org.regnet.crystal.Structure s = StructureReaders.read("tiny.vasp", tiny.getBytes(StandardCharsets.UTF_8),
                ReadOptions.defaults().withMinDistance(0)).get(0);
        StructureException e = assertThrows(StructureException.class,
                () -> org.regnet.crystal.graph.NeighborSearch.forEachPair(s, 8.0, (i, j, t0, t1, t2, d) -> { }));
        says(e, "too dense or too small");
        // the graph builder's first, density-sized search stays small: 6 images at a, the whole shell of 12 at a√2
        assertEquals(18, new org.regnet.crystal.graph.NeighborGraphBuilder(org.regnet.crystal.graph.GraphSettings.defaults()).build(s).degree(0));
    }

    @Test
    void overfilledSite() {
        says(fails("over.cif", CELL + "loop_\n_atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z\nFe1 0 0 0\nFe2 0 0 0\n"),
                "overlaps site Fe1");
    }
}
