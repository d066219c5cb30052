package org.regnet.cli;

import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;
import org.regnet.crystal.io.ReadResult;
import org.regnet.crystal.io.StructureReaders;
import org.regnet.crystal.io.StructureSource;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;
import org.regnet.data.OrderedPipeline;
import org.regnet.model.MemoryBudget;
import org.regnet.model.ModelEnsemble;
import org.regnet.model.Predictor;
import org.regnet.model.ReGNetModel;
import org.regnet.model.TaskSpec;
import org.regnet.model.TrainingDomain;
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

/**
 * {@code regnet predict}: one row per structure with each task's prediction. Files are read and
 * featurized on all cores while the network runs on batches of a few hundred; rows come out in
 * input order, bad inputs as error rows.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Predict properties of structures with a trained model (default: the bundled model).",
                "Columns: id, status, formula, atoms, one per task as NAME[UNIT] (and NAME_std[UNIT] for an ensemble), domain (in or out: "
                        + "whether the structure lies inside what the model was trained on; empty for models that record no training domain), "
                        + "domain_reason (why it is out), warning (e.g. an atom with few neighbours), source, error. Exit code 1 if any input failed."})
final class PredictCommand implements Callable<Integer> {
    private static final int CHUNK = 512;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR|ARCHIVE", description = "Structure files, folders, or .tar.gz/.zip archives.")
    List<Path> inputs;

    /** What --model accepts, shared with evaluate. */
    static final String MODEL_CHOICES = "Model directory or zip, or a bundled name (mp36k). Several (comma-separated), or a folder with ensemble.json: "
            + "their ensemble, the mean of the models' predictions";

    @Option(names = "--model", paramLabel = "M", split = ",", defaultValue = ReGNetModel.DEFAULT,
            description = MODEL_CHOICES + ", with a column NAME_std[UNIT] per task: the spread (standard deviation) of the models' predictions. Default: ${DEFAULT-VALUE}.")
    List<String> model;

    @Option(names = "--format", paramLabel = "FORMAT", converter = InfoCommand.FormatConverter.class, defaultValue = "csv",
            description = "csv, jsonl or table. Default: ${DEFAULT-VALUE}.")
    RowWriter.Format format;

    @Option(names = {"-j", "--threads"}, paramLabel = "N", converter = PositiveInteger.class, description = "Threads for reading and graph building. Default: all cores.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin ReadOptionsMixin read;
    @Mixin KernelOption kernels;

    @Option(names = "--memory-limit", paramLabel = "GB",
            description = "Refuse (as an error row) a structure whose estimated memory need exceeds this. Default: the memory available now.")
    Double memoryLimitGb;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** One input structure on its way to a row: featurized, or failed. */
    private record Item(String id, String source, String formula, int atoms, CrystalGraph graph, String warning, String error) {}

    @Override
    public Integer call() throws Exception {
        ReadOptions options = read.toReadOptions();
        PrintWriter out = spec.commandLine().getOut();
        int[] counts = new int[2];  // total, failed
        try (Predictor m = Predictor.load(model)) {
            List<TaskSpec> tasks = m.tasks();
            List<String> columns = new ArrayList<>(List.of("id", "status", "formula", "atoms"));
            boolean ensemble = m instanceof ModelEnsemble;
            org.regnet.model.PredictionIntervals intervals = m instanceof ReGNetModel r ? r.manifest().intervals() : null;
            for (TaskSpec t : tasks) {
                columns.add(column(t));
                if (ensemble) columns.add(spreadColumn(t));
                if (intervals != null && intervals.tasks().containsKey(t.name())) columns.addAll(List.of(boundColumn(t, "lo"), boundColumn(t, "hi")));
            }
            columns.addAll(List.of("domain", "domain_reason", "warning", "source", "error"));
            Featurizer featurizer = m.featurizer();
            List<Item> pending = new ArrayList<>();
            try (RowWriter writer = RowWriter.create(format, columns, out);
                 OrderedPipeline<List<Item>> pipeline = new OrderedPipeline<>(Math.max(1, threads), items -> {
                     pending.addAll(items);
                     if (pending.size() >= CHUNK) flush(m, pending, writer, counts);
                 })) {
                StructureSource.forEach(inputs, options, entry -> pipeline.submit(() -> featurize(entry, options, featurizer)));
                pipeline.finish();
                flush(m, pending, writer, counts);
            }
        }
        if (counts[1] > 0) {
            spec.commandLine().getErr().printf("regnet predict: %d of %d structures failed (see the error rows)%n", counts[1], counts[0]);
            return 1;
        }
        return 0;
    }

    static String column(TaskSpec t) { return t.unit().isEmpty() ? t.name() : t.name() + "[" + t.unit() + "]"; }

    /** The column of one end of a task's prediction interval: NAME_lo[UNIT], NAME_hi[UNIT]. */
    static String boundColumn(TaskSpec t, String end) { return column(new TaskSpec(t.name() + "_" + end, t.unit(), t.extensive())); }

    /** The column of an ensemble's spread for a task: NAME_std[UNIT]. */
    static String spreadColumn(TaskSpec t) { return column(new TaskSpec(t.name() + "_std", t.unit(), t.extensive())); }

    private static List<Item> featurize(StructureSource.Entry entry, ReadOptions options, Featurizer featurizer) {
        String id = StructureReaders.idOf(entry.source());
        if (entry.error() != null) return List.of(new Item(id, entry.source(), null, 0, null, null, entry.error().getMessage()));
        List<Item> items = new ArrayList<>();
        for (ReadResult r : StructureReaders.readEach(entry.source(), entry.bytes(), options)) {
            Structure s = r.structure();
            if (s == null) {
                items.add(new Item(r.id(), entry.source(), null, 0, null, null, r.error().getMessage()));
                continue;
            }
            try {
                Featurizer.Featurized f = featurizer.featurizeWithWarnings(s);
                String warning = f.warnings().isEmpty() ? null : String.join("; ", f.warnings());
                items.add(new Item(s.id(), entry.source(), s.reducedFormula(), s.size(), f.graph(), warning, null));
            } catch (StructureException e) {
                items.add(new Item(s.id(), entry.source(), s.reducedFormula(), s.size(), null, null, e.in(entry.source()).getMessage()));
            } catch (RuntimeException e) {  // a bug must cost one row, not the batch
                items.add(new Item(s.id(), entry.source(), s.reducedFormula(), s.size(), null, null, "internal error (please report): " + e));
            }
        }
        return items;
    }

    private void flush(Predictor m, List<Item> pending, RowWriter writer, int[] counts) {
        MemoryBudget budget = memoryLimitGb != null ? new MemoryBudget((long) (memoryLimitGb * 1e9)) : MemoryBudget.ofMachine();
        for (int n = 0; n < pending.size(); n++) {
            Item i = pending.get(n);
            String refusal = i.graph() == null ? null : budget.refusal(i.graph());
            if (refusal != null) pending.set(n, new Item(i.id(), i.source(), i.formula(), i.atoms(), null, i.warning(), refusal));
        }
        List<CrystalGraph> graphs = new ArrayList<>();
        for (Item i : pending) if (i.graph() != null) graphs.add(i.graph());
        Predictor.Estimates estimates;
        try {
            estimates = m.estimate(graphs);
        } catch (OutOfMemoryError | ai.djl.engine.EngineException e) {
            // the estimate missed: run the structures one by one, so only those that cannot run are lost
            if (pending.size() > 1) {
                List<Item> all = new ArrayList<>(pending);
                pending.clear();
                for (Item i : all) {
                    pending.add(i);
                    flush(m, pending, writer, counts);
                }
                return;
            }
            Item i = pending.get(0);
            pending.set(0, new Item(i.id(), i.source(), i.formula(), i.atoms(), null, i.warning(),
                    "ran out of memory (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
                            + "); estimated need " + String.format(java.util.Locale.ROOT, "%.2f GB", MemoryBudget.estimate(i.graph()) / 1e9)));
            graphs.clear();
            estimates = m.estimate(graphs);
        }
        int k = 0;
        for (Item i : pending) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i.id());
            row.put("status", i.graph() != null ? "ok" : "error");
            row.put("formula", i.formula());
            row.put("atoms", i.atoms() > 0 ? i.atoms() : null);
            if (i.graph() != null) {
                double[] v = estimates.mean()[k], spread = estimates.spread() == null ? null : estimates.spread()[k];
                k++;
                for (int t = 0; t < v.length; t++) {
                    row.put(column(m.tasks().get(t)), InfoCommand.round(v[t], 5));
                    if (spread != null) row.put(spreadColumn(m.tasks().get(t)), InfoCommand.round(spread[t], 5));
                    if (estimates.lower() != null && !Double.isNaN(estimates.lower()[k - 1][t])) {
                        row.put(boundColumn(m.tasks().get(t), "lo"), InfoCommand.round(estimates.lower()[k - 1][t], 5));
                        row.put(boundColumn(m.tasks().get(t), "hi"), InfoCommand.round(estimates.upper()[k - 1][t], 5));
                    }
                }
                if (estimates.domain() != null) {
                    TrainingDomain.Assessment d = estimates.domain().get(k - 1);
                    row.put("domain", d.inside() ? "in" : "out");
                    row.put("domain_reason", d.reason());
                }
            } else {
                counts[1]++;
            }
            row.put("warning", i.warning());
            row.put("source", i.source());
            row.put("error", i.error());
            writer.write(row);
            counts[0]++;
        }
        pending.clear();
    }
}
