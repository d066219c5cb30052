package org.regnet.data;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Which ids train, validate and test. Saved with every model, so the split actually used can be
 * reproduced and audited.
 *
 * @param method how it was made, e.g. "random 0.8/0.1/0.1 seed 42" or "matbench_perovskites fold 0"
 */
public record Split(String method, List<String> train, List<String> validation, List<String> test) {

    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        Set<String> seen = new HashSet<>();
        for (List<String> part : List.of(train, validation, test)) {
            for (String id : part) if (!seen.add(id)) throw new DataException("split '" + method + "': id " + id + " is in two parts");
        }
        if (train.isEmpty()) throw new DataException("split '" + method + "' has no training ids");
    }

    /** Seeded random fractions (test gets the rest); the same ids and seed give the same split. */
    public static Split random(List<String> ids, double trainFraction, double validationFraction, long seed) {
        if (trainFraction <= 0 || validationFraction < 0 || trainFraction + validationFraction > 1 + 1e-9) {
            throw new IllegalArgumentException("split fractions must satisfy 0 < train, 0 ≤ validation, train + validation ≤ 1");
        }
        List<String> order = new ArrayList<>(ids);
        Collections.sort(order);  // independent of input order
        Collections.shuffle(order, new Random(seed));
        int nTrain = (int) Math.round(trainFraction * order.size());
        int nVal = Math.min(order.size() - nTrain, (int) Math.round(validationFraction * order.size()));
        double test = Math.max(0, 1 - trainFraction - validationFraction);
        return new Split(String.format(java.util.Locale.ROOT, "random %.3g/%.3g/%.3g seed %d", trainFraction, validationFraction, test, seed),
                order.subList(0, nTrain), order.subList(nTrain, nTrain + nVal), order.subList(nTrain + nVal, order.size()));
    }

    /**
     * Held out by chemistry (leave-cluster-out): crystals are grouped by their chemical system (the
     * set of elements, e.g. Fe-O for FeO and Fe2O3 alike), the groups are shuffled with the seed,
     * and whole groups fill the test part, then validation, until each reaches its fraction; the
     * rest train. No chemical system is in two parts, so the test measures how a model does on
     * chemistries it never saw, which a random split overstates.
     *
     * @param systems each id's chemical system, e.g. "Fe-O" (same order as ids)
     */
    public static Split byChemicalSystem(List<String> ids, List<String> systems, double trainFraction, double validationFraction, long seed) {
        if (trainFraction <= 0 || validationFraction < 0 || trainFraction + validationFraction > 1 + 1e-9) {
            throw new IllegalArgumentException("split fractions must satisfy 0 < train, 0 ≤ validation, train + validation ≤ 1");
        }
        java.util.TreeMap<String, List<String>> groups = new java.util.TreeMap<>();  // sorted: independent of input order
        for (int i = 0; i < ids.size(); i++) groups.computeIfAbsent(systems.get(i), k -> new ArrayList<>()).add(ids.get(i));
        List<String> order = new ArrayList<>(groups.keySet());
        Collections.shuffle(order, new Random(seed));
        double testFraction = Math.max(0, 1 - trainFraction - validationFraction);
        long wantTest = Math.round(testFraction * ids.size()), wantVal = Math.round(validationFraction * ids.size());
        List<String> train = new ArrayList<>(), validation = new ArrayList<>(), test = new ArrayList<>();
        for (String system : order) {
            List<String> members = groups.get(system);
            if (test.size() < wantTest) test.addAll(members);
            else if (validation.size() < wantVal) validation.addAll(members);
            else train.addAll(members);
        }
        return new Split(String.format(java.util.Locale.ROOT, "by chemical system %.3g/%.3g/%.3g seed %d (%d systems)",
                trainFraction, validationFraction, testFraction, seed, groups.size()), train, validation, test);
    }

    /** Explicit id lists, one id per line (blank lines and lines starting with # are ignored); validation and test may be null. */
    public static Split fromFiles(Path train, Path validation, Path test) {
        return new Split("ids from " + train + (validation != null ? ", " + validation : "") + (test != null ? ", " + test : ""),
                readIds(train), validation == null ? List.of() : readIds(validation), test == null ? List.of() : readIds(test));
    }

    /**
     * A matbench fold: test = ids with {@code test_fold == fold} for the task; validation is a seeded
     * random fraction of the rest (matbench leaves picking it to the user); train is the remainder.
     */
    public static Split matbenchFold(Path foldsCsv, String task, int fold, double validationFraction, long seed) {
        List<String> test = new ArrayList<>(), rest = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(foldsCsv);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            for (CSVRecord rec : p) {
                if (!rec.get("task").equals(task)) continue;
                (Integer.parseInt(rec.get("test_fold").trim()) == fold ? test : rest).add(rec.get("id"));
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new DataException(foldsCsv + ": cannot read folds (expected columns task,id,test_fold): " + e.getMessage(), e);
        }
        if (test.isEmpty()) throw new DataException(foldsCsv + ": no ids for task '" + task + "' in fold " + fold);
        Collections.sort(rest);
        Collections.shuffle(rest, new Random(seed));
        int nVal = (int) Math.round(validationFraction * rest.size());
        return new Split(task + " fold " + fold + " (validation " + validationFraction + " of the rest, seed " + seed + ")",
                rest.subList(nVal, rest.size()), rest.subList(0, nVal), test);
    }

    /**
     * The split several models may be scored on together (an ensemble's): null if any has no split
     * or their test sets differ. Members trained on different splits of the same test set (say, one
     * also on the others' validation ids) still share it; then train is every id some member trained
     * on, and validation only the ids every member held out for validation.
     */
    public static Split shared(List<Split> splits) {
        Split first = splits.get(0);
        if (first == null) return null;
        Set<String> test = new HashSet<>(first.test());
        for (Split s : splits) if (s == null || !test.equals(new HashSet<>(s.test()))) return null;
        if (splits.stream().allMatch(first::equals)) return first;
        Set<String> train = new java.util.LinkedHashSet<>();
        for (Split s : splits) train.addAll(s.train());
        List<String> validation = new ArrayList<>(first.validation());
        for (Split s : splits) validation.retainAll(new HashSet<>(s.validation()));
        validation.removeAll(train);
        return new Split("the same test set, training splits differ: " + String.join("; ", splits.stream().map(Split::method).distinct().toList()),
                new ArrayList<>(train), validation, first.test());
    }

    private static List<String> readIds(Path file) {
        try {
            List<String> ids = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) ids.add(t);
            }
            return ids;
        } catch (IOException e) {
            throw new DataException(file + ": cannot read id list: " + e.getMessage(), e);
        }
    }
}
