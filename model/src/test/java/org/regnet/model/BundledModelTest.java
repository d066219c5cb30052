package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.io.StructureReaders;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled model loads by name from the jar, and the README's Java example runs as written. */
class BundledModelTest {
    @Test
    void readmeJavaApiExample() throws IOException {
        try (ReGNetModel model = ReGNetModel.loadDefault()) {
            Prediction p = model.predict(Path.of("../examples/Si.cif")).get(0);
            double gap = p.value(model.tasks(), "band_gap");
            assertTrue(gap > -1 && gap < 10, "Si band gap " + gap);
            Structure nacl = StructureReaders.readOne(Path.of("../examples/NaCl.cif"), ReadOptions.defaults());
            List<Prediction> both = model.predict(List.of(StructureReaders.readOne(Path.of("../examples/Si.cif"), ReadOptions.defaults()), nacl));
            assertEquals(gap, both.get(0).value(model.tasks(), "band_gap"), 1e-5 * Math.max(1, Math.abs(gap)));  // batch padding changes float rounding only
        }
    }

    @Test
    void everyBundledModelLoadsByNameAndTheLargeOneIsWider() throws IOException {
        int[] hidden = new int[ReGNetModel.BUNDLED.size()];
        for (int i = 0; i < hidden.length; i++) {
            try (ReGNetModel model = ReGNetModel.load(ReGNetModel.BUNDLED.get(i))) {
                assertEquals(List.of("formation_energy_per_atom", "band_gap", "efermi", "total_magnetization"),
                        model.tasks().stream().map(TaskSpec::name).toList());
                double si = model.predict(Path.of("../examples/Si.cif")).get(0).value(model.tasks(), "band_gap");
                double nacl = model.predict(Path.of("../examples/NaCl.cif")).get(0).value(model.tasks(), "band_gap");
                assertTrue(nacl > si, ReGNetModel.BUNDLED.get(i) + ": NaCl gap " + nacl + " vs Si " + si);
                hidden[i] = model.manifest().architecture().hidden();
            }
        }
        assertEquals(ReGNetModel.DEFAULT, ReGNetModel.BUNDLED.get(0));
        assertTrue(hidden[1] > hidden[0], "mp36k-large is wider than the default: " + java.util.Arrays.toString(hidden));
        IOException unknown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ReGNetModel.load("no-such-model"));
        assertTrue(unknown.getMessage().contains("mp36k-large"), unknown.getMessage());
    }

    @Test
    void theBundledEnsembleLoadsByNameAsItsBundledMembers() throws IOException {
        for (String name : ModelEnsemble.BUNDLED) {
            try (Predictor p = Predictor.load(List.of(name))) {
                ModelEnsemble ensemble = org.junit.jupiter.api.Assertions.assertInstanceOf(ModelEnsemble.class, p, name);
                assertEquals(ModelEnsemble.memberNames(name), ensemble.members().stream().map(ReGNetModel::source).toList());
                assertTrue(ReGNetModel.BUNDLED.containsAll(ModelEnsemble.memberNames(name)), "members are bundled: " + ModelEnsemble.memberNames(name));
                assertNotNull(ensemble.split(), "the members share one test set, so --subset test is unseen by all");
                assertEquals(ensemble.members().get(0).split().test(), ensemble.split().test());
                Prediction si = ensemble.predict(Path.of("../examples/Si.cif")).get(0);
                assertTrue(si.spread()[0] > 0, "independently trained members disagree a little");
            }
            IOException one = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ReGNetModel.load(name));
            assertTrue(one.getMessage().contains("is an ensemble"), one.getMessage());
        }
    }

    @Test
    void bundledModelIsTheDocumentedOne() throws IOException {
        try (ReGNetModel model = ReGNetModel.load(ReGNetModel.DEFAULT)) {
            assertEquals(List.of("formation_energy_per_atom", "band_gap", "efermi", "total_magnetization"),
                    model.tasks().stream().map(TaskSpec::name).toList());
            assertEquals("eV/atom", model.tasks().get(0).unit());
            assertTrue(model.tasks().get(3).extensive());
            assertTrue(model.manifest().formatVersion() == Manifest.FORMAT_VERSION || model.manifest().legacy());
            assertTrue(model.metrics().containsKey("validation"), "metrics are recorded in the manifest");
            // physically sensible ordering on textbook crystals: NaCl is an insulator with a wider gap than Si
            double si = model.predict(Path.of("../examples/Si.cif")).get(0).value(model.tasks(), "band_gap");
            double nacl = model.predict(Path.of("../examples/NaCl.cif")).get(0).value(model.tasks(), "band_gap");
            assertTrue(nacl > si, "NaCl gap " + nacl + " vs Si " + si);
        }
    }

    @Test
    void theBundledModelWithTheEnvelopeIsContinuousWhereSiliconsVectorsCrossGmax() throws IOException {
        // diamond Si's {111} vectors cross G_max = 2 / Å at a = 5.4414 Å (ReciprocalEnvelopeTest)
        try (ReGNetModel sharp = ReGNetModel.load("mp36k-large"); ReGNetModel smooth = ReGNetModel.load("mp36k-large-env46")) {
            assertTrue(smooth.manifest().architecture().reciprocalEnvelope() && !sharp.manifest().architecture().reciprocalEnvelope());
            double sharpJump = ReciprocalEnvelopeTest.change(sharp, 5.440, 0.010), smoothJump = ReciprocalEnvelopeTest.change(smooth, 5.440, 0.010);
            assertTrue(sharpJump > 0.1, "without the envelope: " + sharpJump + " eV/atom");
            assertTrue(smoothJump < 0.02, "with it: " + smoothJump + " eV/atom");
        }
    }
}
