package org.regnet.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.graph.GraphSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetLoaderTest {
    static final String NACL = """
            NaCl rock salt
            1.0
            5.64 0 0
            0 5.64 0
            0 0 5.64
            Na Cl
            4 4
            Direct
            0 0 0
            0 0.5 0.5
            0.5 0 0.5
            0.5 0.5 0
            0.5 0 0
            0.5 0.5 0.5
            0 0 0.5
            0 0.5 0
            """;
    static final String SI = """
            Si diamond
            5.431
            0 0.5 0.5
            0.5 0 0.5
            0.5 0.5 0
            Si
            2
            Direct
            0 0 0
            0.25 0.25 0.25
            """;

    @Test
    void foldersWithLabelsAreCachedAndBadFilesReported(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("structures"));
        Files.writeString(data.resolve("NaCl.vasp"), NACL);
        Files.writeString(data.resolve("Si.vasp"), SI);
        Files.writeString(data.resolve("broken.vasp"), "not a poscar\n1.0\n");
        Files.writeString(data.resolve("unlabelled.vasp"), SI);
        Path labels = Files.writeString(dir.resolve("labels.csv"), "id,gap\nNaCl,5.0\nSi,1.1\nbroken,0\n");
        List<String> log = new ArrayList<>();
        Featurizer featurizer = new Featurizer(GraphSettings.defaults(), 2.0);
        DatasetLoader.Options options = new DatasetLoader.Options(ReadOptions.defaults(), dir.resolve("cache"), 2, log::add);
        Dataset first = DatasetLoader.load(List.of(data), labels, List.of("gap"), featurizer, options);
        assertEquals(List.of("NaCl", "Si"), first.ids());
        assertEquals(1, first.failures().size());
        assertTrue(first.failures().get(0).contains("broken.vasp"), first.failures().get(0));
        assertTrue(log.stream().anyMatch(l -> l.contains("1 structure(s) without any of the labels")), log.toString());

        Dataset second = DatasetLoader.load(List.of(data), labels, List.of("gap"), featurizer, options);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("graph cache hit")), log.toString());
        assertEquals(first.ids(), second.ids());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.graphs().get(i).neighborDistance(), second.graphs().get(i).neighborDistance());
            assertArrayEquals(first.graphs().get(i).miller(), second.graphs().get(i).miller());
        }
        // a changed file misses the cache
        Files.writeString(data.resolve("Si.vasp"), SI.replace("5.431", "5.5"));
        log.clear();
        DatasetLoader.load(List.of(data), labels, List.of("gap"), featurizer, options);
        assertTrue(log.stream().noneMatch(l -> l.startsWith("graph cache hit")), log.toString());
    }

    @Test
    void extendedXyzFramesCarryTheirOwnLabels(@TempDir Path dir) throws IOException {
        String frame = """
                2
                Lattice="3.0 0 0 0 3.0 0 0 0 3.0" Properties=species:S:1:pos:R:3 energy=%s config_type=bulk
                Cs 0 0 0
                Cl 1.5 1.5 1.5
                """;
        Path xyz = Files.writeString(dir.resolve("frames.extxyz"), frame.formatted("-1.5") + frame.formatted("-2.5"));
        Dataset d = DatasetLoader.load(List.of(xyz), null, List.of("energy"), new Featurizer(GraphSettings.defaults(), 2.0),
                new DatasetLoader.Options(ReadOptions.defaults(), null, 1, s -> { }));
        assertEquals(2, d.size());
        assertEquals(-1.5, d.labels()[0][0]);
        assertEquals(-2.5, d.labels()[1][0]);
    }
}
