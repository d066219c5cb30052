package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library's read → featurize → predict pipeline: input order, entry indices, skipping, and error entries. */
class PredictionPipelineTest {
    private static final Path EXAMPLES = Path.of("../examples");

    private record Entry(long index, List<Prediction> rows) {}

    private static List<Entry> run(PropertyModel model, List<Path> inputs, int threads, int chunk, long skip, List<Long> chunks) {
        List<Entry> out = new ArrayList<>();
        PredictionPipeline pipeline = PredictionPipeline.builder(model).optThreads(threads).optChunkSize(chunk).build();
        long seen = pipeline.run(inputs.iterator(), skip, new PredictionPipeline.EntrySink() {
            @Override
            public void accept(long index, List<Prediction> rows) { out.add(new Entry(index, List.copyOf(rows))); }

            @Override
            public void chunkDone(long entries) { chunks.add(entries); }
        });
        assertEquals(skip + out.size(), seen, "entries seen, skipped ones included");
        return out;
    }

    @Test
    void rowsComeInInputOrderWhateverTheThreadsChunksAndSkips(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.cif"), "data_x\n_cell_length_a 5\n");
        List<Path> inputs = List.of(EXAMPLES, broken, dir.resolve("missing.vasp"), EXAMPLES.resolve("Si.cif"));
        try (ReGNetModel model = ReGNetModel.loadDefault()) {
            List<Long> serialChunks = new ArrayList<>(), parallelChunks = new ArrayList<>(), skippedChunks = new ArrayList<>();
            List<Entry> serial = run(model, inputs, 1, 512, 0, serialChunks);
            List<Entry> parallel = run(model, inputs, 3, 2, 0, parallelChunks);
            assertEquals(10, serial.size(), "7 examples, a broken file, a missing one and Si again");
            assertEquals(List.of(10L), serialChunks);
            assertEquals(List.of(2L, 4L, 6L, 8L, 10L), parallelChunks, "a chunk closes at 2 structures");
            for (int e = 0; e < serial.size(); e++) {
                assertEquals(e, serial.get(e).index());
                assertEquals(e, parallel.get(e).index());
                Prediction a = serial.get(e).rows().get(0), b = parallel.get(e).rows().get(0);
                assertEquals(a.id(), b.id());
                assertEquals(a.ok(), b.ok());
                if (a.ok()) {
                    for (int t = 0; t < a.values().length; t++) assertEquals(a.values()[t], b.values()[t], 1e-5, a.id());  // other batches: rounding only
                    assertEquals(model.tasks(), a.tasks());
                    assertTrue(a.source().endsWith(a.id() + ".cif") || a.source().endsWith(a.id() + ".vasp"), a.source());
                }
            }
            Prediction bad = serial.get(7).rows().get(0), missing = serial.get(8).rows().get(0);
            assertFalse(bad.ok());
            assertTrue(bad.error().contains("broken.cif"), bad.error());
            assertNull(bad.values());
            assertTrue(missing.error().contains("no such file"), missing.error());
            assertEquals("Si", serial.get(9).rows().get(0).id());

            List<Entry> resumed = run(model, inputs, 2, 512, 6, skippedChunks);
            assertEquals(4, resumed.size());
            for (int k = 0; k < resumed.size(); k++) {
                assertEquals(6 + k, resumed.get(k).index(), "indices count the skipped entries");
                assertEquals(serial.get(6 + k).rows().get(0).id(), resumed.get(k).rows().get(0).id());
            }
        }
    }

    @Test
    void kernelsAndDomainPolicyAreOptionsNotSystemProperties() throws IOException {
        try (ReGNetModel model = ReGNetModel.loadDefault()) {
            List<Prediction> djl = new ArrayList<>(), cpu = new ArrayList<>(), refused = new ArrayList<>();
            PredictionPipeline.builder(model).optKernels(InferenceKernels.DJL).build()
                    .run(List.of(EXAMPLES).iterator(), 0, (i, rows) -> djl.addAll(rows));
            PredictionPipeline.builder(model).optKernels(InferenceKernels.CPU).build()
                    .run(List.of(EXAMPLES).iterator(), 0, (i, rows) -> cpu.addAll(rows));
            for (int k = 0; k < djl.size(); k++) {
                for (int t = 0; t < model.tasks().size(); t++) {
                    assertEquals(djl.get(k).values()[t], cpu.get(k).values()[t], 1e-4 * Math.max(1, Math.abs(djl.get(k).values()[t])), djl.get(k).id());
                }
            }
            PredictionPipeline.builder(model).optOutOfDomain(PredictionPipeline.OutOfDomain.REFUSE).build()
                    .run(List.of(EXAMPLES).iterator(), 0, (i, rows) -> refused.addAll(rows));
            Prediction molecule = refused.get(0);
            assertEquals("CH3I", molecule.id());
            assertFalse(molecule.ok(), "a molecule in a 15 Å box lies outside the training domain");
            assertTrue(molecule.error().startsWith("outside the model's training domain"), molecule.error());
            assertTrue(refused.get(2).ok(), "NaCl is inside");
        }
    }
}
