package org.regnet.crystal.io;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.SharedDatasets;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.crystal.graph.NeighborGraphBuilder;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every structure of the real datasets reads, and builds a graph (skipped when ../shared/datasets is absent). */
class DatasetsTest {
    private static final NeighborGraphBuilder GRAPHS = new NeighborGraphBuilder(GraphSettings.defaults());

    /** Reads every structure under the inputs in parallel; failures are collected, not thrown. */
    static List<Structure> readAll(List<Path> inputs, List<String> failures) {
        List<StructureSource.Entry> entries = new ArrayList<>();
        StructureSource.forEach(inputs, ReadOptions.defaults(), entries::add);
        ConcurrentLinkedQueue<Structure> out = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        entries.parallelStream().forEach(e -> {
            try {
                if (e.error() != null) throw e.error();
                for (Structure s : StructureReaders.read(e.source(), e.bytes(), ReadOptions.defaults())) {
                    GRAPHS.build(s);
                    out.add(s);
                }
            } catch (StructureException ex) {
                errors.add(ex.getMessage());
            }
        });
        failures.addAll(errors);
        return new ArrayList<>(out);
    }

    static Map<String, CSVRecord> labels(Path csv, String idColumn) throws IOException {
        Map<String, CSVRecord> out = new HashMap<>();
        try (Reader r = Files.newBufferedReader(csv)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) out.put(rec.get(idColumn), rec);
        }
        return out;
    }

    @Test
    void mp36kReadsAndVolumesMatchTheLabels() throws IOException {
        Path dir = SharedDatasets.require("mp36k");
        List<String> failures = new ArrayList<>();
        List<Structure> all = readAll(List.of(dir.resolve("structures-0.tar.gz"), dir.resolve("structures-1.tar.gz")), failures);
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())));
        assertEquals(36_737, all.size());
        Map<String, CSVRecord> labels = labels(dir.resolve("labels.csv"), "material_id");
        for (Structure s : all) {
            double volume = Double.parseDouble(labels.get(s.id()).get("volume"));
            assertEquals(volume, s.lattice().volume(), 1e-6 * volume, s.id());
        }
    }

    @Test
    void jarvisPoscarsRead() throws IOException {
        Path dir = SharedDatasets.require("jarvis_supercon");
        List<String> failures = new ArrayList<>();
        List<Structure> all = readAll(List.of(dir.resolve("structures.tar.gz")), failures);
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())));
        assertEquals(1_056, all.size());
        assertTrue(labels(dir.resolve("labels.csv"), "jid").keySet().containsAll(all.stream().map(Structure::id).toList()));
    }

    @Test
    void matbenchJsonAndPerovskitesRead() {
        Path dir = SharedDatasets.require("matbench");
        List<String> failures = new ArrayList<>();
        List<Structure> dielectric = readAll(List.of(dir.resolve("matbench_dielectric.json.gz")), failures);
        List<Structure> phonons = readAll(List.of(dir.resolve("matbench_phonons.json.gz")), failures);
        List<Structure> perovskites = readAll(List.of(dir.resolve("matbench_perovskites/structures.tar.gz")), failures);
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())));
        assertEquals(4_764, dielectric.size());
        assertEquals(1_265, phonons.size());
        assertEquals(18_928, perovskites.size());
        assertTrue(dielectric.stream().allMatch(s -> s.id().startsWith("mb-dielectric-") && s.properties().containsKey("n")));
        assertTrue(phonons.stream().allMatch(s -> s.properties().containsKey("last phdos peak")));
        assertTrue(perovskites.stream().allMatch(s -> s.size() == 5));
    }
}
