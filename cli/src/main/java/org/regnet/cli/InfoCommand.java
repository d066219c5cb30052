package org.regnet.cli;

import org.regnet.data.OrderedPipeline;

import org.regnet.crystal.Lattice;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.crystal.graph.NeighborGraph;
import org.regnet.crystal.graph.NeighborGraphBuilder;
import org.regnet.crystal.graph.SkippedStructureException;
import org.regnet.crystal.io.ReadResult;
import org.regnet.crystal.io.StructureReaders;
import org.regnet.crystal.io.StructureSource;
import org.regnet.model.PredictionColumns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Reads structures and prints one row each: formula, cell, density, space group as written, and neighbour-graph statistics.",
                "Inputs are files, directories (searched recursively) and .tar.gz/.tgz/.tar/.zip archives (read without unpacking).",
                "A file that fails becomes an error row with the reason; the others go on. Exit code 1 if any failed."})
final class InfoCommand implements Callable<Integer> {
    static final List<String> COLUMNS = List.of("id", "status", "formula", "atoms", "a", "b", "c", "alpha", "beta", "gamma",
            "volume", "density", "spacegroup", "edges", "neighbors_mean", "neighbors_min", "neighbors_max",
            "nn_distance_min", "edge_distance_max", "cutoff_used", "source", "warning", "error");

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Structure files, directories or archives.")
    List<Path> inputs;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "table, csv or jsonl. Default: table on a terminal, csv otherwise.")
    RowWriter.Format format;

    @Option(names = {"-j", "--threads"}, paramLabel = "N", converter = PositiveInteger.class, description = "Worker threads. Default: all cores.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin ReadOptionsMixin read;
    @Mixin GraphOptionsMixin graph;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ReadOptions options;
        GraphSettings settings;
        try {
            options = read.toReadOptions();
            settings = graph.toSettings();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        NeighborGraphBuilder builder = new NeighborGraphBuilder(settings);
        PrintWriter out = spec.commandLine().getOut();
        AtomicInteger failed = new AtomicInteger(), total = new AtomicInteger();
        try (RowWriter writer = RowWriter.create(format != null ? format : RowWriter.defaultFormat(), COLUMNS, out);
             OrderedPipeline<List<Map<String, Object>>> pipeline = new OrderedPipeline<>(Math.max(1, threads), rows -> {
                 for (Map<String, Object> r : rows) {
                     total.incrementAndGet();
                     if ("error".equals(r.get("status"))) failed.incrementAndGet();
                     writer.write(r);
                 }
             })) {
            StructureSource.forEach(inputs, options, entry -> pipeline.submit(() -> rows(entry, options, builder)));
            pipeline.finish();
        }
        if (failed.get() > 0) {
            spec.commandLine().getErr().printf("regnet info: %d of %d structures failed (see the error rows)%n", failed.get(), total.get());
            return 1;
        }
        return 0;
    }

    static List<Map<String, Object>> rows(StructureSource.Entry entry, ReadOptions options, NeighborGraphBuilder builder) {
        if (entry.error() != null) return List.of(errorRow(StructureReaders.idOf(entry.source()), entry.source(), entry.error(), "error"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ReadResult r : StructureReaders.readEach(entry.source(), entry.bytes(), options)) {
            Structure s = r.structure();
            if (s == null) {
                rows.add(errorRow(r.id(), entry.source(), r.error(), "error"));
                continue;
            }
            try {
                rows.add(row(s, entry.source(), builder.build(s)));
            } catch (SkippedStructureException e) {
                rows.add(errorRow(s.id(), entry.source(), e.in(entry.source()), "skipped"));
            } catch (StructureException e) {
                rows.add(errorRow(s.id(), entry.source(), e.in(entry.source()), "error"));
            } catch (RuntimeException e) {  // a bug must cost one row, not the batch
                rows.add(errorRow(s.id(), entry.source(), new StructureException(entry.source(), 0, "internal error (please report): " + e, e), "error"));
            }
        }
        return rows;
    }

    private static Map<String, Object> row(Structure s, String source, NeighborGraph g) {
        Lattice l = s.lattice();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", s.id());
        r.put("status", "ok");
        r.put("formula", s.reducedFormula());
        r.put("atoms", s.size());
        r.put("a", round(l.a(), 4));
        r.put("b", round(l.b(), 4));
        r.put("c", round(l.c(), 4));
        r.put("alpha", round(l.alpha(), 3));
        r.put("beta", round(l.beta(), 3));
        r.put("gamma", round(l.gamma(), 3));
        r.put("volume", round(l.volume(), 3));
        r.put("density", round(s.density(), 4));
        r.put("spacegroup", s.spaceGroup());
        r.put("edges", g.edgeCount());
        int min = Integer.MAX_VALUE, max = 0;
        double nearest = Double.POSITIVE_INFINITY, farthest = 0;
        for (int i = 0; i < g.atomCount(); i++) {
            min = Math.min(min, g.degree(i));
            max = Math.max(max, g.degree(i));
            if (g.degree(i) > 0) {
                nearest = Math.min(nearest, g.distance(g.start(i)));
                farthest = Math.max(farthest, g.distance(g.start(i) + g.degree(i) - 1));
            }
        }
        r.put("neighbors_mean", round((double) g.edgeCount() / g.atomCount(), 3));
        r.put("neighbors_min", min);
        r.put("neighbors_max", max);
        r.put("nn_distance_min", Double.isFinite(nearest) ? round(nearest, 4) : null);
        r.put("edge_distance_max", round(farthest, 4));
        r.put("cutoff_used", round(g.cutoff(), 3));
        r.put("source", source);
        r.put("warning", g.warnings().isEmpty() ? null : String.join("; ", g.warnings()));
        return r;
    }

    static Map<String, Object> errorRow(String id, String source, StructureException e, String status) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("status", status);
        r.put("source", source);
        r.put("error", e.getMessage());
        return r;
    }

    static double round(double v, int digits) { return PredictionColumns.round(v, digits); }

    static final class FormatConverter extends EnumConverter<RowWriter.Format> {
        FormatConverter() { super(RowWriter.Format.class); }
    }
}
