package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.io.StructureReaders;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled model loads by name from the jar, is model v2, and the README's Java example runs as written. */
class BundledModelTest {
    @Test
    void readmeJavaApiExample() throws IOException {
        try (ReGNetModel model = ReGNetModel.loadDefault()) {
            Prediction p = model.predict(Path.of("../examples/Si.cif")).get(0);
            double gap = p.value("band_gap");
            assertTrue(gap >= 0 && gap < 10, "Si band gap " + gap);
            assertTrue(p.inDomain(), "diamond Si is in the training data's domain: " + p.domain());
            Structure nacl = StructureReaders.readOne(Path.of("../examples/NaCl.cif"), ReadOptions.defaults());
            List<Prediction> both = model.predict(List.of(StructureReaders.readOne(Path.of("../examples/Si.cif"), ReadOptions.defaults()), nacl));
            assertEquals(gap, both.get(0).value("band_gap"), 1e-5 * Math.max(1, Math.abs(gap)));  // batch padding changes float rounding only
            Prediction molecule = model.predict(Path.of("../examples/CH3I.cif")).get(0);
            assertFalse(molecule.inDomain(), "a molecule in a box is outside a bulk-crystal model's domain");
            assertTrue(molecule.domain().reason().contains("volume per atom"), molecule.domain().reason());
        }
    }

    @Test
    void everyBundledModelIsModelV2AndLoadsByName() throws IOException {
        assertEquals(ReGNetModel.DEFAULT, ReGNetModel.BUNDLED.get(0));
        for (String name : ReGNetModel.BUNDLED) {
            try (ReGNetModel model = ReGNetModel.load(name)) {
                assertEquals(Manifest.FORMAT_VERSION, model.manifest().formatVersion(), name + " is of format 2, not legacy");
                assertEquals(ReciprocalForm.EWALD, model.manifest().architecture().reciprocalForm());
                assertEquals(org.regnet.crystal.graph.GraphKind.RADIUS, model.manifest().graph().kind());
                assertNotNull(model.manifest().domain(), name + " records its training domain");
                assertTrue(model.manifest().provenance().environment() != null && !model.manifest().provenance().codeVersion().contains("unknown"),
                        "provenance names the commit and the machine");
                double si = model.predict(Path.of("../examples/Si.cif")).get(0).value("band_gap");
                double nacl = model.predict(Path.of("../examples/NaCl.cif")).get(0).value("band_gap");
                assertTrue(nacl > si, name + ": NaCl gap " + nacl + " vs Si " + si);
            }
        }
        IOException unknown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ReGNetModel.load("no-such-model"));
        assertTrue(unknown.getMessage().contains("bundled: mp36k"), unknown.getMessage());
    }

    @Test
    void theAccurateTierIsACalibratedEnsembleOfBundledModels() throws IOException {
        assertFalse(ModelEnsemble.BUNDLED.isEmpty());
        for (String name : ModelEnsemble.BUNDLED) {
            try (ModelEnsemble ensemble = ModelEnsemble.load(List.of(name))) {
                assertTrue(ensemble.members().size() >= 2, name);
                assertNotNull(ensemble.split(), name + ": the members share one test set, so it can be scored and calibrated");
                assertNotNull(ensemble.intervals(), name + " is calibrated");
                Prediction p = ensemble.predict(Path.of("../examples/NaCl.cif")).get(0);
                for (int t = 0; t < ensemble.tasks().size(); t++) {
                    assertTrue(p.spread()[t] >= 0, name + ": spread of task " + t);
                    assertTrue(p.lower()[t] <= p.values()[t] && p.values()[t] <= p.upper()[t], name + ": interval of task " + t);
                }
            }
        }
    }

    @Test
    void bundledModelIsTheDocumentedOne() throws IOException {
        try (ReGNetModel model = ReGNetModel.load(ReGNetModel.DEFAULT)) {
            assertEquals(List.of("formation_energy_per_atom", "band_gap", "efermi", "total_magnetization"),
                    model.tasks().stream().map(TaskSpec::name).toList());
            assertEquals("eV/atom", model.tasks().get(0).unit());
            assertTrue(model.tasks().get(3).extensive());
            assertEquals(List.of(false, true, false, true), model.tasks().stream().map(TaskSpec::nonNegative).toList(),
                    "band gap and magnetization are declared non-negative");
            assertTrue(model.metrics().containsKey("validation") && model.metrics().containsKey("test"), "metrics are recorded in the manifest");
            assertTrue(model.manifest().requires().contains("output-non-negative-softplus"));
        }
    }
}
