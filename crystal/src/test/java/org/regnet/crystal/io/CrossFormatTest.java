package org.regnet.crystal.io;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.Fixtures;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.graph.NeighborSearch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same crystal written in every format reads back as the same crystal. */
class CrossFormatTest {
    /** Pair distances within 6 Å, sorted: a fingerprint of a cell independent of atom order and origin. */
    static double[] sortedDistances(Structure s) {
        double[] d = new double[1 << 12];
        int[] n = {0};
        NeighborSearch.forEachPair(s, 6.0, (i, j, t0, t1, t2, dist) -> {
            if (n[0] == d.length) throw new IllegalStateException("too many pairs for a fixture");
            d[n[0]++] = dist;
        });
        double[] out = Arrays.copyOf(d, n[0]);
        Arrays.sort(out);
        // the nearest 12 per atom: a shell lying right at 6 Å could otherwise fall either side
        return Arrays.copyOf(out, Math.min(out.length, 12 * s.size()));
    }

    @Test
    void extendedXyzFramesWithProperties() {
        List<Structure> frames = StructureReaders.read(Fixtures.path("frames.extxyz"));
        assertEquals(2, frames.size());
        assertEquals("frames#1", frames.get(0).id());
        assertEquals(-10.84, frames.get(0).properties().get("energy"), 1e-12);
        assertEquals(null, frames.get(0).properties().get("config_type"), "text values are not properties");
        assertArrayEquals(sortedDistances(Fixtures.read("CONTCAR_Si_selective")), sortedDistances(frames.get(0)), 1e-5);
        assertEquals("CsCl", frames.get(1).reducedFormula());
    }

    @Test
    void pymatgenJsonMatchesTheCif() {
        Structure primitive = Fixtures.read("NaCl-primitive.json");
        Structure conventional = Fixtures.read("NaCl.cif");
        assertEquals(conventional.lattice().volume() / 4, primitive.lattice().volume(), 1e-3);
        // nearest-neighbour shells agree (primitive: 2 atoms, conventional: 8)
        assertEquals(sortedDistances(conventional)[0], sortedDistances(primitive)[0], 1e-4);
    }

    @Test
    void matbenchLayoutCarriesIdsAndTargets() {
        String json = """
                {"index": ["mb-test-001", "mb-test-002"], "columns": ["structure", "n"],
                 "data": [[{"lattice": {"matrix": [[3,0,0],[0,3,0],[0,0,3]]},
                            "sites": [{"species": [{"element": "Po", "occu": 1}], "abc": [0,0,0]}]}, 1.5],
                          [{"lattice": {"matrix": [[4,0,0],[0,4,0],[0,0,4]]},
                            "sites": [{"species": [{"element": "Cs", "occu": 1}], "xyz": [0,0,0]},
                                      {"species": [{"element": "Cl", "occu": 1}], "xyz": [2,2,2]}]}, 2.5]]}
                """;
        List<Structure> all = StructureReaders.read("dielectric.json", json.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults());
        assertEquals(List.of("mb-test-001", "mb-test-002"), all.stream().map(Structure::id).toList());
        assertEquals(2.5, all.get(1).properties().get("n"), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, all.get(1).fractional(1), 1e-12);
    }

    @Test
    void formatIsDetectedFromContentWhenTheNameIsSilent() throws Exception {
        for (String name : List.of("NaCl.cif", "NaCl.vasp", "frames.extxyz", "NaCl-primitive.json")) {
            byte[] bytes = java.nio.file.Files.readAllBytes(Fixtures.path(name));
            List<Structure> s = StructureReaders.read("structure.txt", bytes, ReadOptions.defaults());
            assertEquals(StructureReaders.read(Fixtures.path(name)).get(0).size(), s.get(0).size(), name);
        }
    }
}
