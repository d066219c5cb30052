package org.regnet.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DomainFit}: a domain recorded before the empty slab existed, brought up to date on the model's training crystals. */
class DomainFitTest {

    /** A tiny trained model whose manifest has lost its empty slab, as one written before it was recorded. */
    private static Path oldModel(Path dir, Dataset d) throws IOException {
        Path out = dir.resolve("model");
        ModelTrainer.train(TrainingTest.job(d, out, TrainingConfig.defaults().withEpochs(1).withBatchSize(3), false, 0), new TrainingListener() { })
                .model().close();
        ObjectNode manifest = (ObjectNode) ModelArchive.JSON.readTree(out.resolve(ModelArchive.MANIFEST).toFile());
        ((ObjectNode) manifest.get("domain")).remove("emptySlab");
        Files.write(out.resolve(ModelArchive.MANIFEST), ModelArchive.JSON.writeValueAsBytes(manifest));
        return out;
    }

    @Test
    void theEmptySlabIsFittedAgainAndEverythingElseStays(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        Path model = oldModel(dir, d);
        byte[] parameters = Files.readAllBytes(model.resolve(ModelArchive.PARAMETERS));
        TrainingDomain before;
        Manifest old;
        DomainFit fit;
        try (ReGNetModel m = ReGNetModel.load(model)) {
            old = m.manifest();
            before = old.domain();
            assertNull(before.emptySlab(), "a manifest without the field loads, the check skipped");
            fit = DomainFit.of(m, d);
            fit.writeTo(model, m);
        }
        assertEquals(7, fit.crystals(), "the split's seven training crystals");
        int[] train = d.indicesOfPresent(d.ids().subList(0, 7));
        double widest = 0;
        for (int r : train) widest = Math.max(widest, TrainingDomain.widestEmptySlab(d.graphs().get(r)));
        try (ReGNetModel m = ReGNetModel.load(model)) {
            TrainingDomain after = m.manifest().domain();
            assertNotNull(after.emptySlab());
            assertEquals(widest, after.emptySlab(), 0, "seven crystals: the 99.9 % quantile is the widest");
            assertEquals(new TrainingDomain(before.volumePerAtom(), before.density(), before.shortestDistance(), before.atoms(), after.emptySlab(),
                    before.embeddingMean(), before.embeddingScale(), before.embeddingThreshold(), before.labels()), after,
                    "the same training crystals give the same ranges; embedding and labels stay");
            assertEquals(old.requires(), m.manifest().requires());
            assertEquals(old.intervals(), m.manifest().intervals());
            assertEquals(old.metrics(), m.manifest().metrics());
        }
        assertArrayEquals(parameters, Files.readAllBytes(model.resolve(ModelArchive.PARAMETERS)), "the weights are not touched");
    }

    @Test
    void aMissingTrainingCrystalOrAnOccupiedFolderIsRefused(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        Path model = oldModel(dir, d);
        Dataset partial = new Dataset(d.targets(), d.graphs().subList(1, d.size()), java.util.Arrays.copyOfRange(d.labels(), 1, d.size()), List.of());
        try (ReGNetModel m = ReGNetModel.load(model)) {
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> DomainFit.of(m, partial));
            assertTrue(missing.getMessage().startsWith("1 of the 7 training crystals of " + model + " are not in the data"), missing.getMessage());
            IOException occupied = assertThrows(IOException.class, () -> DomainFit.of(m, d).saveAs(model, m));
            assertTrue(occupied.getMessage().contains("not an empty folder"), occupied.getMessage());
        }
    }
}
