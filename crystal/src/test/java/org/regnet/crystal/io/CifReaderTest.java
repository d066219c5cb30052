package org.regnet.crystal.io;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.config.Elements;
import org.regnet.crystal.Fixtures;
import org.regnet.crystal.OccupancyPolicy;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CifReaderTest {
    static List<Structure> parse(String cif) {
        return StructureReaders.read("test.cif", cif.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults());
    }

    /** Sorted wrapped fractional coordinates of one element, rounded, for set comparisons. */
    static List<String> positions(Structure s, Elements e) {
        return java.util.stream.IntStream.range(0, s.size()).filter(i -> s.element(i) == e).mapToObj(i -> {
            double[] f = s.fractional(i);
            return String.format(java.util.Locale.ROOT, "%.4f %.4f %.4f", f[0] - Math.floor(f[0] + 1e-9), f[1] - Math.floor(f[1] + 1e-9), f[2] - Math.floor(f[2] + 1e-9));
        }).sorted().toList();
    }

    @Test
    void naclFromSymmetryOperationsHasEightAtoms() {
        Structure s = Fixtures.read("NaCl.cif");
        assertEquals(8, s.size(), "Fm-3m expansion of 2 sites gives the conventional cell (CDK's reader gives 2)");
        assertEquals(List.of("0.0000 0.0000 0.0000", "0.0000 0.5000 0.5000", "0.5000 0.0000 0.5000", "0.5000 0.5000 0.0000"), positions(s, Elements.Sodium));
        assertEquals(4, positions(s, Elements.Chlorine).size());
        assertEquals(5.6402, s.lattice().a(), 1e-12, "standard uncertainty (3) stripped");
        assertEquals("F m -3 m", s.spaceGroup());
    }

    @Test
    void spaceGroupSymbolNumberAndHallExpandWithoutOperations() {
        Structure si = Fixtures.read("Si-symbol-only.cif");
        assertEquals(8, si.size(), "Fd-3m origin choice 2, 8a");
        Structure sto = Fixtures.read("SrTiO3-number-only.cif");
        assertEquals(5, sto.size());
        assertEquals(3, positions(sto, Elements.Oxygen).size());
        Structure tri = Fixtures.read("triclinic-hall.cif");
        assertEquals(8, tri.size(), "-P 1 doubles 4 general positions");
        assertEquals(81.3, tri.lattice().alpha(), 1e-9, "CIF 2 dotted tags read like underscores");
    }

    @Test
    void wurtziteFromHexagonalOperations() {
        Structure s = Fixtures.read("ZnO-wurtzite.cif");
        assertEquals(4, s.size());
        assertEquals(List.of("0.3333 0.6667 0.0000", "0.6667 0.3333 0.5000"), positions(s, Elements.Zinc));
    }

    @Test
    void elementsFromTypeSymbolsWithChargesOrFromLabels() {
        Structure sto = Fixtures.read("SrTiO3-number-only.cif");  // type symbols Sr2+, Ti4+, O2-
        assertEquals("SrTiO3", sto.reducedFormula());
        Structure zno = Fixtures.read("ZnO-wurtzite.cif");  // labels only: Zn1, O1
        assertEquals("ZnO", zno.reducedFormula());
    }

    @Test
    void dialectsPymatgenReadsAreReadToo() {
        // a quoted value wrapped over a line end, and '.' (inapplicable) for a coordinate, read as 0 as pymatgen does
        String cif = """
                data_NaCl
                _chemical_name_common 'sodium
                   chloride, rock salt'
                _cell_length_a 5.6402
                _cell_length_b 5.6402
                _cell_length_c 5.6402
                _cell_angle_alpha 90
                _cell_angle_beta 90
                _cell_angle_gamma 90
                _symmetry_space_group_name_H-M 'F m -3 m'
                loop_
                _atom_site_label _atom_site_type_symbol _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z
                Na1 Na . 0 0
                Cl1 Cl 0.5 0.5 0.5
                """;
        Structure s = StructureReaders.read("dialect.cif", cif.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults()).get(0);
        assertEquals(8, s.size());
        assertEquals("NaCl", s.reducedFormula());
        assertEquals("sodium chloride, rock salt", CifParser.parse(cif, "dialect.cif").get(0).item("_chemical_name_common").text());
        StructureException unknown = assertThrows(StructureException.class, () -> StructureReaders.read("q.cif",
                cif.replace("Na1 Na . 0 0", "Na1 Na ? 0 0").getBytes(StandardCharsets.UTF_8), ReadOptions.defaults()));
        assertTrue(unknown.getMessage().contains("is unknown ('?')"), "'?' stays an error: " + unknown.getMessage());
    }

    @Test
    void aBadDataBlockCostsOnlyItsOwnStructure() throws java.io.IOException {
        java.nio.file.Path file = Fixtures.path("blocks-two-bad.cif");
        List<ReadResult> each = StructureReaders.readEach(file.toString(), java.nio.file.Files.readAllBytes(file), ReadOptions.defaults());
        assertEquals(List.of("blocks-two-bad#1", "blocks-two-bad#2", "blocks-two-bad#3", "blocks-two-bad#4"), each.stream().map(ReadResult::id).toList());
        assertEquals("CsCl", each.get(0).structure().reducedFormula());
        assertTrue(each.get(1).error().getMessage().contains("missing cell parameter _cell_length_c in data_no_c"), each.get(1).error().getMessage());
        assertTrue(each.get(1).error().getMessage().startsWith(file + ":18:"), "names the file and the block's line: " + each.get(1).error().getMessage());
        assertEquals("Fe", each.get(2).structure().reducedFormula());
        assertTrue(each.get(3).error().getMessage().contains("closer than the minimum"), each.get(3).error().getMessage());
        // reading the file as a whole still fails on its first bad structure
        StructureException e = assertThrows(StructureException.class, () -> StructureReaders.read(file));
        assertEquals(each.get(1).error().getMessage(), e.getMessage());
    }

    @Test
    void severalDataBlocksGiveSeveralStructures() {
        List<Structure> all = StructureReaders.read(Fixtures.path("two-blocks.cif"));
        assertEquals(2, all.size());
        assertEquals("two-blocks#1", all.get(0).id());
        assertEquals("CsCl", all.get(0).reducedFormula());
        assertEquals("Fe", all.get(1).reducedFormula());
        assertEquals(2, all.get(1).size());
    }

    @Test
    void occupancyPolicies() {
        StructureException e = assertThrows(StructureException.class, () -> Fixtures.read("CuAu-disordered.cif"));
        assertTrue(e.getMessage().contains("partially occupied") && e.getMessage().contains("CuAu-disordered.cif"), e.getMessage());
        Structure majority = Fixtures.read("CuAu-disordered.cif", ReadOptions.defaults().withOccupancy(OccupancyPolicy.MAJORITY));
        assertEquals(4, majority.size());
        assertTrue(majority.isOrdered());
        assertEquals("Cu", majority.reducedFormula(), "tie: the first listed species");
        Structure virtual = Fixtures.read("CuAu-disordered.cif", ReadOptions.defaults().withOccupancy(OccupancyPolicy.VIRTUAL));
        assertEquals(4, virtual.size(), "the two rows share one site");
        assertEquals(2, virtual.species(0).size());
        assertEquals(0.5, virtual.species(0).get(1).occupancy(), 1e-12);
    }

    @Test
    void syntaxFeatures() {
        String cif = """
                data_x
                _cell_length_a 4.0(1)
                _cell_length_b '4.0'
                _cell_length_c "4.0"
                _cell_angle_alpha 90
                _cell_angle_beta 90
                _cell_angle_gamma 90
                _journal_name_full 'Acta Cryst. it's quoted'
                _publ_section_comment
                ;
                loop_ inside a text field is text
                _cell_length_a 99
                ;
                _some_unknown_tag 'kept, not a reason to drop the next line'
                loop_ _symmetry_equiv_pos_as_xyz 'x, y, z' '-x+1/2, y, z+0.25'
                loop_
                _atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z _atom_site_occupancy
                Fe1 0.1 0.2 0.3 ?
                """;
        Structure s = parse(cif).get(0);
        assertEquals(4.0, s.lattice().a(), 1e-12);
        assertEquals(2, s.size());
        assertArrayEquals(new double[] {0.4, 0.2, 0.55}, s.fractional(1), 1e-12);
        List<CifBlock> blocks = CifParser.parse(cif, "x.cif");
        assertEquals("kept, not a reason to drop the next line", blocks.get(0).item("_some_unknown_tag").text());
        assertTrue(blocks.get(0).item("_publ_section_comment").text().startsWith("loop_ inside"));
    }

    @Test
    void asymmetricUnitIsNeverReturnedForAnUnknownGroup() {
        String cif = BadInputTest.CELL + """
                _symmetry_space_group_name_H-M 'Q 42/z'
                loop_
                _atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z
                Fe1 0.1 0.2 0.3
                """;
        StructureException e = assertThrows(StructureException.class, () -> parse(cif));
        assertEquals(8, e.line());
        assertTrue(e.getMessage().contains("unknown Hermann-Mauguin symbol 'Q 42/z'"), e.getMessage());
    }

    @Test
    void coincidentSitesAfterExpansionAreMerged() {
        // a site on the mirror written slightly off it: both images are one site (tolerance 0.01 Å)
        String cif = """
                data_x
                _cell_length_a 5
                _cell_length_b 5
                _cell_length_c 5
                _cell_angle_alpha 90
                _cell_angle_beta 90
                _cell_angle_gamma 90
                loop_
                _symmetry_equiv_pos_as_xyz
                x,y,z
                -x,y,z
                loop_
                _atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z
                Fe1 0.0005 0.2 0.3
                O1 0.25 0.2 0.3
                """;
        Structure s = parse(cif).get(0);
        assertEquals(3, s.size(), Arrays.toString(s.fractionalCoordinates()));
    }
}
