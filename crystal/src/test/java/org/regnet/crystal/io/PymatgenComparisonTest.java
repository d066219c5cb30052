package org.regnet.crystal.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.regnet.crystal.Fixtures;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.SharedDatasets;
import org.regnet.crystal.Structure;
import org.regnet.crystal.graph.NeighborSearch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Side by side with pymatgen (Debian python3-pymatgen) on a seeded sample of real files and
 * on the fixtures: the same site count, lattice parameters and sorted neighbour distances.
 * Skipped when /usr/bin/python3 cannot import pymatgen.
 */
class PymatgenComparisonTest {
    private static final double CUTOFF = 6.0;
    private static final Path SCRIPT = Path.of("src/test/python/pymatgen_reference.py");

    /** name → {format, text} */
    private static Map<String, String[]> sample() throws IOException {
        Map<String, String[]> out = new LinkedHashMap<>();
        // not compared: triclinic-hall.cif (pymatgen 2023 does not read CIF 2 dotted tags) and two-blocks.cif
        // (pymatgen requires _atom_site_label); both are checked against their POSCARs in PoscarReaderTest
        for (String f : List.of("NaCl.cif", "ZnO-wurtzite.cif", "SrTiO3-number-only.cif",
                "NaCl.vasp", "ZnO.vasp", "triclinic.vasp", "CONTCAR_Si_selective")) {
            out.put(f, new String[] {f.endsWith(".cif") ? "cif" : "poscar", Files.readString(Fixtures.path(f))});
        }
        Path root = SharedDatasets.root();
        Random rnd = new Random(42);
        for (String archive : List.of("mp36k/structures-0.tar.gz", "mp36k/structures-1.tar.gz", "jarvis_supercon/structures.tar.gz",
                "matbench/matbench_perovskites/structures.tar.gz")) {
            Path p = root.resolve(archive);
            if (!Files.exists(p)) continue;
            List<StructureSource.Entry> entries = new ArrayList<>();
            StructureSource.forEach(List.of(p), ReadOptions.defaults(), entries::add);
            for (int k = 0; k < 25; k++) {
                StructureSource.Entry e = entries.get(rnd.nextInt(entries.size()));
                String text = new String(e.bytes(), StandardCharsets.UTF_8);
                if (archive.startsWith("jarvis")) text = text.strip().replace("\\n", "\n");  // JARVIS stores escaped newlines
                out.put(e.source(), new String[] {archive.startsWith("jarvis") ? "poscar" : "cif", text});
            }
        }
        return out;
    }

    @Test
    void sameSitesLatticesAndNeighbourDistances() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "skipped: /usr/bin/python3 is absent");
        // asked first: without pymatgen the script exits before reading its input, which would break the pipe below
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import pymatgen.core").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Assumptions.assumeTrue(probe.waitFor(2, TimeUnit.MINUTES) && probe.exitValue() == 0,
                "skipped: pymatgen is not installed (apt-get install python3-pymatgen)");
        Map<String, String[]> sample = sample();
        ObjectMapper json = new ObjectMapper();
        List<Map<String, String>> request = new ArrayList<>();
        sample.forEach((name, v) -> request.add(Map.of("name", name, "format", v[0], "text", v[1])));
        Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), Double.toString(CUTOFF)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            json.writeValue(in, request);
        }
        byte[] answer = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "pymatgen did not finish");
        assertEquals(0, p.exitValue(), "the reference script failed");

        List<String> differences = new ArrayList<>();
        for (JsonNode ref : json.readTree(answer)) {
            String name = ref.get("name").asText();
            if (ref.has("error")) {
                differences.add(name + ": pymatgen could not read it: " + ref.get("error").asText());
                continue;
            }
            String[] v = sample.get(name);
            List<Structure> ours = StructureReaders.read(name.endsWith(".cif") ? "x.cif" : "POSCAR", v[1].getBytes(StandardCharsets.UTF_8), ReadOptions.defaults());
            Structure s = ours.get(0);  // pymatgen reads the first block only
            assertEquals(ref.get("sites").asInt(), s.size(), name + ": site count");
            double[] abc = {s.lattice().a(), s.lattice().b(), s.lattice().c()};
            double[] angles = {s.lattice().alpha(), s.lattice().beta(), s.lattice().gamma()};
            for (int k = 0; k < 3; k++) {
                assertEquals(ref.get("abc").get(k).asDouble(), abc[k], 1e-6, name + ": lattice length " + k);
                assertEquals(ref.get("angles").get(k).asDouble(), angles[k], 1e-6, name + ": angle " + k);
            }
            double[] expected = new double[ref.get("distances").size()];
            for (int k = 0; k < expected.length; k++) expected[k] = ref.get("distances").get(k).asDouble();
            double[] actual = distances(s);
            // a pair right at the cutoff may fall either side: compare away from it
            double[] e = Arrays.stream(expected).filter(d -> d < CUTOFF - 1e-4).toArray();
            double[] a = Arrays.stream(actual).filter(d -> d < CUTOFF - 1e-4).toArray();
            assertEquals(e.length, a.length, name + ": number of neighbour pairs within " + CUTOFF + " Å");
            // 1e-4 Å: pymatgen snaps CIF coordinates such as 0.33333 to 1/3; we keep them as written
            for (int k = 0; k < e.length; k++) assertEquals(e[k], a[k], 1e-4, name + ": distance " + k);
        }
        assertEquals(List.of(), differences);
    }

    private static double[] distances(Structure s) {
        List<Double> d = new ArrayList<>();
        NeighborSearch.forEachPair(s, CUTOFF, (i, j, t0, t1, t2, dist) -> d.add(dist));
        return d.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
}
