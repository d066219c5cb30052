package org.regnet.crystal.io;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.Fixtures;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoscarReaderTest {
    @Test
    void everyNaclVariantIsTheSameCrystal() {
        Structure reference = Fixtures.read("NaCl.cif");
        // VASP 4 dialects pymatgen reads: the species as a compact formula on the comment line, or after
        // each atom's coordinates; VASP 5 species and count lines wrapped over several lines
        for (String name : List.of("NaCl.vasp", "POSCAR_NaCl_vasp4", "NaCl-cartesian-volume.vasp", "POSCAR_NaCl_vasp4_formula",
                "POSCAR_NaCl_vasp4_trailing", "NaCl-wrapped.vasp")) {
            Structure s = Fixtures.read(name);
            assertEquals(8, s.size(), name);
            assertEquals("NaCl", s.reducedFormula(), name);
            assertEquals(reference.lattice().volume(), s.lattice().volume(), 1e-4, name);
            assertArrayEquals(CrossFormatTest.sortedDistances(reference), CrossFormatTest.sortedDistances(s), 1e-6, name);
        }
    }

    @Test
    void vasp4WithoutNamesNeedsSpecies() {
        StructureException e = assertThrows(StructureException.class, () -> Fixtures.read("POSCAR_vasp4_unnamed"));
        assertTrue(e.getMessage().contains("--species"), e.getMessage());
        assertEquals(6, e.line());
        Structure s = Fixtures.read("POSCAR_vasp4_unnamed", ReadOptions.defaults().withSpecies(List.of("Na", "Cl")));
        assertEquals("NaCl", s.reducedFormula());
    }

    @Test
    void selectiveDynamicsFlagsAreNeverTakenForSpecies() {
        StructureException e = assertThrows(StructureException.class, () -> Fixtures.read("POSCAR_NaCl_vasp4_selective_F"));
        assertTrue(e.getMessage().contains("--species"), e.getMessage());
        assertEquals(List.of("Fe", "P", "O"), PoscarReader.formulaElements("Fe4P4O16"));
        assertEquals(null, PoscarReader.formulaElements("rock"), "not a formula");
        assertEquals(null, PoscarReader.formulaElements("Xx2"), "not an element");
    }

    @Test
    void selectiveDynamicsAndVelocitiesAreIgnored() {
        Structure si = Fixtures.read("CONTCAR_Si_selective");
        assertEquals(2, si.size());
        assertArrayEquals(new double[] {0.25, 0.25, 0.25}, si.fractional(1), 1e-12);
        assertEquals(2.3517, CrossFormatTest.sortedDistances(si)[0], 1e-4, "Si–Si bond");
    }

    @Test
    void lowSymmetryAndHexagonalCellsMatchTheirCifs() {
        assertArrayEquals(CrossFormatTest.sortedDistances(Fixtures.read("triclinic-hall.cif")),
                CrossFormatTest.sortedDistances(Fixtures.read("triclinic.vasp")), 1e-5);
        assertArrayEquals(CrossFormatTest.sortedDistances(Fixtures.read("ZnO-wurtzite.cif")),
                CrossFormatTest.sortedDistances(Fixtures.read("ZnO.vasp")), 1e-4);
        assertArrayEquals(CrossFormatTest.sortedDistances(Fixtures.read("SrTiO3-number-only.cif")),
                CrossFormatTest.sortedDistances(Fixtures.read("SrTiO3.vasp")), 1e-9);
    }
}
