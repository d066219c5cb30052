package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.crystal.Structure;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.CrystalGraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ensemble's prediction is its members' mean and its spread their standard deviation; members must agree on tasks and graphs. */
class ModelEnsembleTest {
    private static final List<TaskSpec> TASKS = List.of(new TaskSpec("a", "eV", false), new TaskSpec("b", "", true));

    private static ReGNetModel untrained(long seed, List<TaskSpec> tasks, GraphSettings graph) {
        return ReGNetModel.untrained(ModelConfig.defaults(), tasks, graph, seed);
    }

    @Test
    void meanAndSpreadOfTheMembers() {
        List<Structure> crystals = TestCrystals.all();
        try (ModelEnsemble ensemble = new ModelEnsemble(List.of(untrained(1, TASKS, TestCrystals.GRAPH),
                untrained(2, TASKS, TestCrystals.GRAPH), untrained(3, TASKS, TestCrystals.GRAPH)))) {
            List<CrystalGraph> graphs = new ArrayList<>();
            for (Structure s : crystals) graphs.add(ensemble.featurizer().featurize(s));
            List<double[][]> each = new ArrayList<>();
            for (ReGNetModel m : ensemble.members()) each.add(m.predictGraphs(graphs));
            PropertyModel.Estimates estimates = ensemble.estimate(graphs);
            List<Prediction> predictions = ensemble.predict(crystals);
            double largestSpread = 0;
            for (int i = 0; i < graphs.size(); i++) {
                for (int t = 0; t < TASKS.size(); t++) {
                    double x = each.get(0)[i][t], y = each.get(1)[i][t], z = each.get(2)[i][t];
                    double mean = (x + y + z) / 3;
                    double sd = Math.sqrt(((x - mean) * (x - mean) + (y - mean) * (y - mean) + (z - mean) * (z - mean)) / 3);
                    assertEquals(mean, estimates.mean()[i][t], 1e-12 * Math.max(1, Math.abs(mean)));
                    assertEquals(sd, estimates.spread()[i][t], 1e-12 * Math.max(1, sd));
                    assertEquals(estimates.mean()[i][t], predictions.get(i).values()[t], 1e-5 * Math.max(1, Math.abs(mean)));
                    assertEquals(estimates.spread()[i][t], predictions.get(i).spread()[t], 1e-5 * Math.max(1, sd));
                    largestSpread = Math.max(largestSpread, sd);
                }
            }
            assertTrue(largestSpread > 0, "differently seeded members disagree somewhere");
            assertNull(ensemble.split(), "untrained members have no split");
        }
    }

    @Test
    void aSingleModelHasNoSpreadAndAnEnsembleOfOneIsRefused() throws IOException {
        try (ReGNetModel one = untrained(1, TASKS, TestCrystals.GRAPH)) {
            assertNull(one.predict(TestCrystals.silicon()).spread());
            assertThrows(IllegalArgumentException.class, () -> new ModelEnsemble(List.of(one)));
        }
        try (PropertyModel bundled = PropertyModel.load(List.of(ReGNetModel.DEFAULT))) {
            assertInstanceOf(ReGNetModel.class, bundled, "one name loads one model, not an ensemble");
        }
    }

    @Test
    void membersMustPredictTheSameTasksFromTheSameGraphs() {
        try (ReGNetModel base = untrained(1, TASKS, TestCrystals.GRAPH);
             ReGNetModel otherTasks = untrained(2, List.of(new TaskSpec("a", "eV", false)), TestCrystals.GRAPH);
             ReGNetModel otherGraph = untrained(3, TASKS, TestCrystals.GRAPH.withCutoff(6))) {
            IllegalArgumentException tasks = assertThrows(IllegalArgumentException.class, () -> new ModelEnsemble(List.of(base, otherTasks)));
            assertTrue(tasks.getMessage().contains("differ in tasks"), tasks.getMessage());
            IllegalArgumentException graph = assertThrows(IllegalArgumentException.class, () -> new ModelEnsemble(List.of(base, otherGraph)));
            assertTrue(graph.getMessage().contains("neighbour-graph settings"), graph.getMessage());
        }
    }

    @Test
    void aFolderWithEnsembleJsonLoadsAsTheEnsembleOfItsMembers(@TempDir Path dir) throws IOException {
        try (ReGNetModel a = untrained(1, TASKS, TestCrystals.GRAPH); ReGNetModel b = untrained(2, TASKS, TestCrystals.GRAPH)) {
            a.save(dir.resolve("a"));
            b.save(dir.resolve("b"));
        }
        Path named = Files.createDirectories(dir.resolve("named"));
        Files.writeString(named.resolve("ensemble.json"), "{\"members\": [\"../a\", \"../b\"]}");
        List<Structure> crystals = TestCrystals.all();
        try (PropertyModel byName = PropertyModel.load(List.of(named.toString()));
             PropertyModel listed = PropertyModel.load(List.of(dir.resolve("a").toString(), dir.resolve("b").toString()))) {
            ModelEnsemble ensemble = assertInstanceOf(ModelEnsemble.class, byName, "a folder with ensemble.json is an ensemble");
            assertEquals(2, ensemble.members().size());
            List<Prediction> expected = listed.predict(crystals), actual = byName.predict(crystals);
            for (int i = 0; i < crystals.size(); i++) {
                for (int t = 0; t < TASKS.size(); t++) {
                    assertEquals(expected.get(i).values()[t], actual.get(i).values()[t], 0.0);
                    assertEquals(expected.get(i).spread()[t], actual.get(i).spread()[t], 0.0);
                }
            }
        }
        assertEquals(List.of(named.resolve("../a").toString(), named.resolve("../b").toString()), ModelEnsemble.memberNames(named.toString()));
        assertEquals(List.of(dir.resolve("a").toString()), ModelEnsemble.memberNames(dir.resolve("a").toString()), "a model stands for itself");
    }

    @Test
    void aBadEnsembleDefinitionNamesItsFile(@TempDir Path dir) throws IOException {
        Path one = Files.createDirectories(dir.resolve("one")), broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(one.resolve("ensemble.json"), "{\"members\": [\"mp36k\"]}");
        Files.writeString(broken.resolve("ensemble.json"), "{\"members\": [\"mp36k\",\n ]");
        IOException tooFew = assertThrows(IOException.class, () -> PropertyModel.load(List.of(one.toString())));
        assertTrue(tooFew.getMessage().contains(one.resolve("ensemble.json").toString()) && tooFew.getMessage().contains("at least two"), tooFew.getMessage());
        IOException malformed = assertThrows(IOException.class, () -> PropertyModel.load(List.of(broken.toString())));
        assertTrue(malformed.getMessage().contains(broken.resolve("ensemble.json").toString()) && malformed.getMessage().contains("line: 2"), malformed.getMessage());
    }
}
