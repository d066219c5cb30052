package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.crystal.Structure;
import org.regnet.crystal.graph.GraphSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java facade: lists, streams, files, bad input and concurrent callers. */
class ModelApiTest {
    static ReGNetModel model() {
        return ReGNetModel.untrained(ModelConfig.defaults(), List.of(new TaskSpec("a", "eV", false)), TestCrystals.GRAPH, 3);
    }

    @Test
    void streamsGiveTheSamePredictionsAsLists() {
        try (ReGNetModel m = model()) {
            List<Structure> many = new ArrayList<>();
            for (int i = 0; i < 300; i++) many.add(TestCrystals.all().get(i % 5));  // more than one streaming chunk
            List<Prediction> list = m.predict(many);
            List<Prediction> stream = m.predict(many.stream()).toList();
            assertEquals(list.size(), stream.size());
            // Streaming batches the crystals in other chunks. The same crystal in another batch may differ in the last
            // float bits: on AMD EPYC, MKL's matrix products round differently for other row counts (seen: 4e-7 relative).
            for (int i = 0; i < list.size(); i++) {
                double[] a = list.get(i).values(), b = stream.get(i).values();
                assertEquals(a.length, b.length);
                for (int t = 0; t < a.length; t++) assertEquals(a[t], b[t], 1e-5 * Math.max(1, Math.abs(a[t])), "crystal " + i + ", task " + t);
            }
        }
    }

    @Test
    void unreadableFilesGiveAnErrorEntry(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.cif"), "data_x\n_cell_length_a 4\n");
        try (ReGNetModel m = model()) {
            List<Prediction> p = m.predict(bad);
            assertEquals(1, p.size());
            assertFalse(p.get(0).ok());
            assertTrue(p.get(0).error().contains("bad.cif"), p.get(0).error());
        }
    }

    @Test
    void concurrentCallersGetConsistentResults() throws Exception {
        try (ReGNetModel m = model()) {
            double[] expected = m.predict(TestCrystals.wurtzite()).values();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<double[]>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) futures.add(pool.submit(() -> m.predict(TestCrystals.wurtzite()).values()));
            for (Future<double[]> f : futures) assertArrayEquals(expected, f.get());
            pool.shutdown();
        }
    }

    @Test
    void unknownModelsAreAClearError() {
        IOException e = assertThrows(IOException.class, () -> ReGNetModel.load("no-such-model"));
        assertTrue(e.getMessage().contains("no model 'no-such-model'"), e.getMessage());
    }
}
