package org.regnet.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.graph.GraphSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matbench JSON layout is a dataset by itself: ids from the index, labels from the target column. */
class MatbenchDatasetTest {
    @Test
    void phononsJsonCarriesItsLabels() {
        Path json = DatasetsDir.path().resolve("matbench/matbench_phonons.json.gz");
        Assumptions.assumeTrue(Files.isRegularFile(json), "skipped: ../shared/datasets/matbench/matbench_phonons.json.gz not present");
        Dataset d = DatasetLoader.load(List.of(json), null, List.of("last phdos peak"), new Featurizer(GraphSettings.defaults(), 2.0),
                new DatasetLoader.Options(ReadOptions.defaults(), null, 2, s -> { }));
        assertEquals(1265, d.size());
        assertTrue(d.failures().isEmpty(), d.failures().toString());
        assertTrue(d.ids().get(0).startsWith("mb-phonons-"), d.ids().get(0));
        for (double[] y : d.labels()) assertTrue(y[0] > 0 && y[0] < 5000, "peak " + y[0]);
        // and the matbench folds apply to these ids
        Split s = Split.matbenchFold(DatasetsDir.path().resolve("matbench/folds.csv"), "matbench_phonons", 2, 0.1, 7);
        assertEquals(1265, d.indicesOf(s.train()).length + d.indicesOf(s.validation()).length + d.indicesOf(s.test()).length);
    }
}
