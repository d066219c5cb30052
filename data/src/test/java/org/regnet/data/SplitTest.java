package org.regnet.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {
    static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add("id-" + i);
        return ids;
    }

    @Test
    void randomSplitIsSeededDisjointAndIndependentOfInputOrder() {
        List<String> ids = ids(1000);
        Split a = Split.random(ids, 0.8, 0.1, 42);
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled);
        assertEquals(a, Split.random(shuffled, 0.8, 0.1, 42));
        assertNotEquals(a.test(), Split.random(ids, 0.8, 0.1, 43).test());
        assertEquals(800, a.train().size());
        assertEquals(100, a.validation().size());
        assertEquals(100, a.test().size());
        Set<String> all = new HashSet<>(a.train());
        all.addAll(a.validation());
        all.addAll(a.test());
        assertEquals(1000, all.size());
    }

    @Test
    void explicitListsAndOverlapIsRefused(@TempDir Path dir) throws IOException {
        Path train = Files.writeString(dir.resolve("train.txt"), "# training ids\na\nb\n\n");
        Path test = Files.writeString(dir.resolve("test.txt"), "c\n");
        Split s = Split.fromFiles(train, null, test);
        assertEquals(List.of("a", "b"), s.train());
        assertEquals(List.of("c"), s.test());
        Path overlap = Files.writeString(dir.resolve("overlap.txt"), "b\n");
        assertTrue(assertThrows(DataException.class, () -> Split.fromFiles(train, null, overlap)).getMessage().contains("two parts"));
    }

    @Test
    void matbenchFoldsFromTheSharedDatasets() {
        Path folds = DatasetsDir.path().resolve("matbench/folds.csv");
        Assumptions.assumeTrue(Files.isRegularFile(folds), "skipped: ../shared/datasets/matbench/folds.csv not present");
        Split s = Split.matbenchFold(folds, "matbench_perovskites", 0, 0.1, 1);
        int total = s.train().size() + s.validation().size() + s.test().size();
        assertEquals(18928, total);
        assertTrue(Math.abs(s.test().size() - 18928 / 5.0) < 2, "fold size " + s.test().size());
    }

    @Test
    void modelsShareASplitOnlyWhenTheirTestSetsAreEqual() {
        Split a = new Split("a", List.of("t1", "t2", "t3"), List.of("v1", "v2"), List.of("x1", "x2"));
        Split onValidationToo = new Split("b", List.of("t1", "t2", "t3", "v1"), List.of("v2"), List.of("x2", "x1"));
        assertEquals(a, Split.shared(List.of(a, a)), "equal splits are shared as they are");
        Split shared = Split.shared(List.of(a, onValidationToo));
        assertEquals(Set.of("x1", "x2"), Set.copyOf(shared.test()), "the test set is shared, in any order");
        assertEquals(Set.of("t1", "t2", "t3", "v1"), Set.copyOf(shared.train()), "anything one member trained on");
        assertEquals(List.of("v2"), shared.validation(), "only what every member held out");
        assertTrue(shared.method().contains("a; b"), shared.method());
        Split otherTest = new Split("c", List.of("t1", "t2", "t3", "x1"), List.of("v1", "v2"), List.of("x2"));
        assertNull(Split.shared(List.of(a, otherTest)), "different test sets: one member's test crystal is another's training crystal");
        assertNull(Split.shared(java.util.Arrays.asList(a, null)), "a model without a split");
    }

    @Test
    void aChemicalSystemSplitKeepsEachSystemInOnePart() {
        List<String> ids = new java.util.ArrayList<>(), systems = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        String[] pool = {"Fe-O", "Na-Cl", "Si", "Ga-As", "Li-Fe-O-P", "Cu", "O-Ti", "O-Sr-Ti", "O-Zn", "Mg-O", "Al-O", "C", "B-N", "Ca-F"};
        for (int i = 0; i < 400; i++) {
            ids.add("c" + i);
            systems.add(pool[random.nextInt(pool.length)]);
        }
        Split s = Split.byChemicalSystem(ids, systems, 0.7, 0.15, 42);
        java.util.Map<String, String> partOf = new java.util.HashMap<>();
        for (String part : List.of("train", "validation", "test")) {
            List<String> members = part.equals("train") ? s.train() : part.equals("validation") ? s.validation() : s.test();
            for (String id : members) {
                String before = partOf.put(systems.get(ids.indexOf(id)), part);
                assertTrue(before == null || before.equals(part), systems.get(ids.indexOf(id)) + " is in " + before + " and " + part);
            }
        }
        assertEquals(400, s.train().size() + s.validation().size() + s.test().size());
        assertTrue(!s.test().isEmpty() && !s.validation().isEmpty(), s.method());
        assertEquals("by chemical system 0.700/0.150/0.150 seed 42 (14 systems)", s.method());
        // the same ids in another order, same seed: the same split
        List<String> reversedIds = new java.util.ArrayList<>(ids), reversedSystems = new java.util.ArrayList<>(systems);
        java.util.Collections.reverse(reversedIds);
        java.util.Collections.reverse(reversedSystems);
        Split again = Split.byChemicalSystem(reversedIds, reversedSystems, 0.7, 0.15, 42);
        assertEquals(new java.util.HashSet<>(s.test()), new java.util.HashSet<>(again.test()));
    }
}
