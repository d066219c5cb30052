package org.regnet.cli;

import org.regnet.data.OrderedPipeline;

import org.openscience.cdk.config.Elements;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;
import org.regnet.crystal.Transforms;
import org.regnet.crystal.graph.NeighborGraph;
import org.regnet.crystal.graph.NeighborGraphBuilder;
import org.regnet.crystal.io.StructureReaders;
import org.regnet.crystal.io.StructureSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Benchmarks of the product's hot paths; results belong in benchmarks/README.md, never in tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Benchmarks (medians over repeats). See benchmarks/README.md.",
        subcommands = {BenchCommand.Graph.class, BenchCommand.Supercell.class, BenchCommand.Train.class})
final class BenchCommand {

    @Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Training throughput (crystals/s, forward + backward + AdamW step) with the default architecture (or with --angular), "
                    + "on the graph of the graph options.")
    static final class Train implements java.util.concurrent.Callable<Integer> {
        @Mixin DatasetOptions dataset;
        @Mixin GraphOptionsMixin graphOptions;
        @Option(names = "--legacy", description = "The retired format-1 forms (per-atom-mean reciprocal block, mean over a nearest-neighbour graph): "
                + "what the models before v2 cost. Use with --graph nearest.") boolean legacy;
        @Option(names = "--batches", defaultValue = "60", description = "Optimizer steps per timed run. Default: ${DEFAULT-VALUE}.") int batches;
        @Option(names = "--repeat", defaultValue = "3", description = "Timed runs after one warm-up run. Default: ${DEFAULT-VALUE}.") int repeat;
        @Option(names = "--batch-size", defaultValue = "64") int batchSize;
        @Option(names = "--angular", description = "With the bond-angle terms in each graph convolution.") boolean angular;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            org.regnet.crystal.graph.GraphSettings graph = graphOptions.toSettings();
            org.regnet.model.ModelConfig config = org.regnet.model.ModelConfig.defaults().withAngular(angular).withGraph(graph);
            if (legacy) config = config.asLegacy(false);
            org.regnet.data.Dataset data = dataset.load(new org.regnet.data.Featurizer(graph, config.gmax()), s -> { });
            List<org.regnet.model.TaskSpec> tasks = new ArrayList<>();
            for (String t : dataset.targets) tasks.add(org.regnet.model.TaskSpec.guess(t));
            org.regnet.data.Split split = org.regnet.data.Split.random(data.ids(), 1.0, 0.0, 1);
            org.regnet.model.TrainingConfig training = org.regnet.model.TrainingConfig.defaults().withBatchSize(batchSize);
            org.regnet.model.TrainingJob job = org.regnet.model.TrainingJob.builder().setData(data).setSplit(split).setTasks(tasks)
                    .setModel(config).setGraph(graph).setTraining(training).build();
            double[] rates = org.regnet.model.ModelTrainer.throughput(job, batches, repeat);
            PrintWriter out = spec.commandLine().getOut();
            for (int i = 0; i < rates.length; i++) out.printf("run %d: %d steps of %d crystals: %.1f crystals/s%n", i + 1, batches, batchSize, rates[i]);
            double median = median(rates);
            out.printf("median: %.1f crystals/s; an epoch of %d crystals takes %.0f s%n", median, data.size(), data.size() / median);
            return 0;
        }
    }

    @Command(name = "graph", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Parse + neighbour-graph throughput (structures/s) on files, directories or archives, end to end from disk.")
    static final class Graph implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "INPUT", arity = "1..*") List<Path> inputs;
        @Option(names = "--repeat", defaultValue = "3", description = "Timed runs after one warm-up run. Default: ${DEFAULT-VALUE}.") int repeat;
        @Option(names = {"-j", "--threads"}, converter = PositiveInteger.class, description = "Worker threads. Default: all cores.") int threads = Runtime.getRuntime().availableProcessors();
        @Mixin ReadOptionsMixin read;
        @Mixin GraphOptionsMixin graph;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ReadOptions options = read.toReadOptions();
            NeighborGraphBuilder builder = new NeighborGraphBuilder(graph.toSettings());
            PrintWriter out = spec.commandLine().getOut();
            double[] rates = new double[repeat];
            for (int run = -1; run < repeat; run++) {
                AtomicInteger ok = new AtomicInteger(), failed = new AtomicInteger();
                long edges[] = new long[1];
                long t0 = System.nanoTime();
                try (OrderedPipeline<long[]> pipeline = new OrderedPipeline<>(threads, r -> {
                    ok.addAndGet((int) r[0]);
                    failed.addAndGet((int) r[1]);
                    edges[0] += r[2];
                })) {
                    StructureSource.forEach(inputs, options, entry -> pipeline.submit(() -> parseAndGraph(entry, options, builder)));
                    pipeline.finish();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (run >= 0) rates[run] = ok.get() / seconds;
                out.printf("%s: %d structures (%d failed), %d edges in %.2f s = %.0f structures/s%n",
                        run < 0 ? "warm-up" : "run " + (run + 1), ok.get(), failed.get(), edges[0], seconds, ok.get() / seconds);
                out.flush();
            }
            out.printf("median: %.0f structures/s with %d threads%n", median(rates), threads);
            return 0;
        }

        private static long[] parseAndGraph(StructureSource.Entry entry, ReadOptions options, NeighborGraphBuilder builder) {
            if (entry.error() != null) return new long[] {0, 1, 0};
            try {
                long ok = 0, edges = 0;
                for (Structure s : StructureReaders.read(entry.source(), entry.bytes(), options)) {
                    edges += builder.build(s).edgeCount();
                    ok++;
                }
                return new long[] {ok, 0, edges};
            } catch (StructureException e) {
                return new long[] {0, 1, 0};
            }
        }
    }

    @Command(name = "supercell", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Neighbour-graph time and memory on rock-salt supercells of growing size: both should grow linearly with the atom count.")
    static final class Supercell implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--sizes", split = ",", defaultValue = "1000,10000,100000", description = "Approximate atom counts. Default: ${DEFAULT-VALUE}.") List<Integer> sizes;
        @Option(names = "--repeat", defaultValue = "3", description = "Timed runs per size after one warm-up. Default: ${DEFAULT-VALUE}.") int repeat;
        @Mixin GraphOptionsMixin graph;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            NeighborGraphBuilder builder = new NeighborGraphBuilder(graph.toSettings());
            PrintWriter out = spec.commandLine().getOut();
            Structure cell = Structure.builder(Lattice.cubic(5.64)).id("NaCl")
                    .add(Elements.Sodium, 0, 0, 0).add(Elements.Sodium, 0, .5, .5).add(Elements.Sodium, .5, 0, .5).add(Elements.Sodium, .5, .5, 0)
                    .add(Elements.Chlorine, .5, .5, .5).add(Elements.Chlorine, .5, 0, 0).add(Elements.Chlorine, 0, .5, 0).add(Elements.Chlorine, 0, 0, .5)
                    .build();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            out.println("atoms,edges,median_ms,us_per_atom,graph_MB,bytes_per_atom");
            for (int size : sizes) {
                int n = Math.max(1, (int) Math.round(Math.cbrt(size / 8.0)));
                Structure s = Transforms.supercell(cell, n, n, n);
                double[] ms = new double[repeat];
                NeighborGraph g = null;
                for (int run = -1; run < repeat; run++) {
                    g = null;
                    long t0 = System.nanoTime();
                    g = builder.build(s);
                    if (run >= 0) ms[run] = (System.nanoTime() - t0) / 1e6;
                }
                double medianMs = median(ms);
                // retained size of the graph: heap in use with it, minus without it, after full GCs
                System.gc();
                long with = memory.getHeapMemoryUsage().getUsed();
                int edges = g.edgeCount();
                g = null;
                System.gc();
                long without = memory.getHeapMemoryUsage().getUsed();
                double mb = Math.max(0, with - without) / 1048576.0;
                out.printf("%d,%d,%.1f,%.2f,%.1f,%.0f%n", s.size(), edges, medianMs, 1000 * medianMs / s.size(), mb, mb * 1048576 / s.size());
                out.flush();
            }
            return 0;
        }
    }

    /** The median (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
