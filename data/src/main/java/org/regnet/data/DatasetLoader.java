package org.regnet.data;

import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;
import org.regnet.crystal.io.ReadResult;
import org.regnet.crystal.io.StructureReaders;
import org.regnet.crystal.io.StructureSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a {@link Dataset} from structure files, folders or archives and labels: a CSV keyed by
 * id, or (without one) the numeric properties the files carry themselves (the matbench JSON
 * target, extended XYZ per-frame values). Parsing and graph building run in parallel; with a
 * cache directory the result is cached by content (see {@link GraphCache}).
 */
public final class DatasetLoader {
    /**
     * @param cacheDirectory where featurized inputs are cached, or null for no cache
     * @param log            receives progress lines (cache hits, counts)
     */
    public record Options(ReadOptions read, Path cacheDirectory, int threads, Consumer<String> log) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
            if (log == null) log = s -> { };
        }
    }

    private DatasetLoader() {}

    public static Dataset load(List<Path> inputs, Path labelsCsv, List<String> targets, Featurizer featurizer, Options options) {
        // the labels first: a wrong column name fails at once, not after every structure is parsed
        LabelTable table = labelsCsv == null ? null : LabelTable.read(labelsCsv, targets);
        List<GraphCache.Item> items = featurize(inputs, featurizer, options);
        List<CrystalGraph> graphs = new ArrayList<>();
        List<double[]> labels = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int unlabelled = 0;
        for (GraphCache.Item item : items) {
            if (item.failure() != null) {
                failures.add(item.failure());
                continue;
            }
            String id = item.graph().id();
            if (!seen.add(id)) {
                failures.add(id + ": duplicate id (the first one is used)");
                continue;
            }
            double[] y = table != null ? table.get(id) : fromProperties(item.properties(), targets);
            if (y == null || allMissing(y)) {
                unlabelled++;
                continue;
            }
            graphs.add(item.graph());
            labels.add(y);
        }
        if (unlabelled > 0) options.log().accept(unlabelled + " structure(s) without any of the labels " + targets + " are left out");
        if (graphs.isEmpty()) {
            throw new DataException("no labelled structures in " + inputs + (labelsCsv == null ? " (no labels CSV given and the files carry none of " + targets + ")" : " with labels from " + labelsCsv));
        }
        return new Dataset(List.copyOf(targets), graphs, labels.toArray(double[][]::new), failures);
    }

    /** SHA-256 of a file, or of a folder's files (relative paths and bytes), for provenance. */
    public static String sha256(Path input) {
        return GraphCache.key(List.of(input), "");
    }

    /** Parses and featurizes every input, in input order, through the cache when one is set. */
    static List<GraphCache.Item> featurize(List<Path> inputs, Featurizer featurizer, Options options) {
        GraphCache cache = null;
        if (options.cacheDirectory() != null) {
            cache = GraphCache.at(options.cacheDirectory(), inputs, featurizer.key() + ";" + options.read());
            List<GraphCache.Item> cached = cache.load();
            if (cached != null) {
                options.log().accept("graph cache hit: " + cache.file() + " (" + cached.size() + " inputs)");
                return cached;
            }
        }
        List<GraphCache.Item> items = new ArrayList<>();
        try (OrderedPipeline<List<GraphCache.Item>> pipeline = new OrderedPipeline<>(options.threads(), items::addAll)) {
            StructureSource.forEach(inputs, options.read(), entry -> pipeline.submit(() -> featurizeEntry(entry, featurizer, options)));
            pipeline.finish();
        }
        if (cache != null) {
            try {
                cache.store(items);
                options.log().accept("graph cache written: " + cache.file());
            } catch (IOException e) {
                options.log().accept("warning: graph cache not written (" + e.getMessage() + "); continuing without it");
            }
        }
        return items;
    }

    private static List<GraphCache.Item> featurizeEntry(StructureSource.Entry entry, Featurizer featurizer, Options options) {
        if (entry.error() != null) return List.of(failed(entry.source(), entry.error().getMessage()));
        List<GraphCache.Item> out = new ArrayList<>();
        for (ReadResult r : StructureReaders.readEach(entry.source(), entry.bytes(), options.read())) {
            Structure s = r.structure();
            if (s == null) {
                out.add(failed(entry.source(), r.error().getMessage()));
                continue;
            }
            try {
                out.add(new GraphCache.Item(featurizer.featurize(s), new HashMap<>(s.properties()), null));
            } catch (StructureException | IllegalArgumentException e) {
                out.add(failed(s.id(), e.getMessage()));
            }
        }
        return out;
    }

    private static GraphCache.Item failed(String source, String reason) {
        return new GraphCache.Item(null, Map.of(), reason.startsWith(source) ? reason : source + ": " + reason);
    }

    private static double[] fromProperties(Map<String, Double> properties, List<String> targets) {
        double[] y = new double[targets.size()];
        for (int t = 0; t < y.length; t++) y[t] = properties.getOrDefault(targets.get(t), Double.NaN);
        return y;
    }

    private static boolean allMissing(double[] y) {
        for (double v : y) if (!Double.isNaN(v)) return false;
        return true;
    }
}
