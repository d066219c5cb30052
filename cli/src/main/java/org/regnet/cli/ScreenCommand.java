package org.regnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.regnet.model.Prediction;
import org.regnet.model.PredictionColumns;
import org.regnet.model.PredictionPipeline;
import org.regnet.model.PropertyModel;
import org.regnet.model.ReGNetModel;
import org.regnet.model.TaskSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/**
 * {@code regnet screen}: predictions for any number of structures, streamed, filtered and ranked,
 * resumable after a kill. Rows are written as they finish, in input order; with {@code --top} the
 * best rows are kept in a bounded heap and written at the end. A journal beside the output records,
 * at every checkpoint, how far the run got; {@code --resume} cuts the output back to that point and
 * goes on, so no row is lost or written twice.
 */
@Command(name = "screen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Screen many structures: predict, filter (--where), rank (--top/--by), streaming and resumable.",
                "Inputs: files, folders, .tar.gz/.zip archives, @LIST (a file with one path per line) or - (paths on standard input).",
                "Expressions use the row's variables: each task's name (e.g. band_gap), NAME_std (ensembles), NAME_lo and NAME_hi "
                        + "(calibrated models), atoms, formula, id, domain ('in' or 'out'), warning; with + - * / %%, comparisons, && || !.",
                "Columns and exit codes as for predict (1 if any input failed, 2 for a usage error)."})
final class ScreenCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Structure files, folders, archives, @LIST files, or - for paths on standard input.")
    List<String> inputs;

    @Option(names = "--model", paramLabel = "M", split = ",", defaultValue = ReGNetModel.DEFAULT,
            description = PredictCommand.MODEL_CHOICES + ". Default: ${DEFAULT-VALUE}.")
    List<String> model;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Output file (.csv, .jsonl, either with .gz). Default: standard output (then no journal and no --resume).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv or jsonl. Default: from the output's name, else csv.")
    String format;

    @Option(names = "--where", paramLabel = "EXPR", description = "Keep only rows for which this holds, e.g. 'band_gap >= 1 && band_gap <= 3 && domain == \"in\"'.")
    String where;

    @Option(names = "--top", paramLabel = "N", converter = PositiveInteger.class, description = "Keep only the N rows with the largest --by value, written at the end, best first.")
    Integer top;

    @Option(names = "--by", paramLabel = "EXPR", description = "The ranking key for --top, e.g. 'band_gap - 2*band_gap_std' (negate it to rank the smallest first).")
    String by;

    @Option(names = "--errors", paramLabel = "FILE", description = "Write error rows here instead of into the output.")
    Path errors;

    @Option(names = "--resume", description = "Continue the interrupted run whose journal is beside --out (same inputs and options).")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace an existing output file.")
    boolean overwrite;

    @Option(names = "--progress", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds between progress lines on standard error (0: none). Default: ${DEFAULT-VALUE}.")
    double progressSeconds;

    @Option(names = "--checkpoint", paramLabel = "SECONDS", defaultValue = "2",
            description = "Least seconds between checkpoints of the output and its journal (0: after every chunk). Default: ${DEFAULT-VALUE}.")
    double checkpointSeconds;

    @Option(names = "--chunk", paramLabel = "N", converter = PositiveInteger.class, defaultValue = "512",
            description = "Structures per network call: larger batches better, smaller gives rows and checkpoints sooner. Default: ${DEFAULT-VALUE}.")
    int chunk;


    @Mixin PipelineOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        if (top != null && by == null) throw new CommandLine.ParameterException(cli, "--top needs --by EXPR: the value to rank by");
        if (by != null && top == null) throw new CommandLine.ParameterException(cli, "--by ranks rows for --top N: give --top too");
        RowWriter.Format rowFormat = rowFormat(cli);
        if (resume && out == null) throw new CommandLine.ParameterException(cli, "--resume needs --out FILE: the journal lives beside the output");
        if (errors != null && out != null && errors.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new CommandLine.ParameterException(cli, "--errors must name another file than --out");
        }
        PrintWriter err = cli.getErr();
        try (PropertyModel m = PropertyModel.load(model)) {
            PredictionColumns columns = new PredictionColumns(m);
            Map<String, Object> sample = sampleVariables(columns);
            RowExpression filter = where == null ? null : RowExpression.compile(cli, "--where", where, RowExpression.Kind.BOOLEAN, sample);
            RowExpression key = by == null ? null : RowExpression.compile(cli, "--by", by, RowExpression.Kind.NUMBER, sample);
            Map<String, Object> settings = settings(rowFormat);
            ScreenJournal start = startingPoint(cli, settings);
            if (start != null && start.finished()) {
                err.println("regnet screen: " + out + " is already complete (" + start.counts().structures() + " structures); nothing to resume");
                return start.counts().error() > 0 ? 1 : 0;
            }
            Run run = new Run(m, columns, rowFormat, filter, key, settings, start, err);
            return run.execute();
        }
    }

    private RowWriter.Format rowFormat(CommandLine cli) {
        String name = format != null ? format : out == null ? "csv" : out.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (format == null && name.endsWith(".jsonl")) return RowWriter.Format.JSONL;
        if (format == null) return RowWriter.Format.CSV;
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> RowWriter.Format.CSV;
            case "jsonl" -> RowWriter.Format.JSONL;
            default -> throw new CommandLine.ParameterException(cli, "--format: '" + format + "' is not csv or jsonl");
        };
    }

    /** The options that shape the output: a resumed run must repeat them. */
    private Map<String, Object> settings(RowWriter.Format rowFormat) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("inputs", inputs);
        s.put("model", model);
        s.put("format", rowFormat.name().toLowerCase(Locale.ROOT));
        s.put("where", where);
        s.put("top", top);
        s.put("by", by);
        s.put("errors", errors == null ? null : errors.toString());
        s.put("read", options.read.toReadOptions().toString());
        return JSON.convertValue(s, Map.class);
    }

    /** The journal to resume from, or null for a fresh start; refuses what would lose or mix up rows. */
    private ScreenJournal startingPoint(CommandLine cli, Map<String, Object> settings) throws IOException {
        if (out == null) return null;
        Path journal = ScreenJournal.of(out);
        if (resume) {
            if (!Files.exists(journal)) {
                if (Files.exists(out) && Files.size(out) > 0) {
                    throw new CommandLine.ParameterException(cli, "--resume: " + out + " has no journal (" + journal.getFileName() + "); "
                            + "it was not written by a screen run with this output, or the journal was removed");
                }
                return null;
            }
            ScreenJournal j = ScreenJournal.read(journal);
            List<String> differ = new ArrayList<>();
            for (String k : settings.keySet()) if (!java.util.Objects.equals(settings.get(k), j.settings().get(k))) differ.add(k);
            if (!differ.isEmpty()) {
                throw new CommandLine.ParameterException(cli, "--resume: the run in " + journal + " had other " + String.join(", ", differ)
                        + " (" + differ.stream().map(k -> k + "=" + j.settings().get(k)).toList() + "); repeat its command, or start afresh with --overwrite");
            }
            return j;
        }
        boolean exists = Files.exists(out) && Files.size(out) > 0;
        if (exists && !overwrite) {
            throw new CommandLine.ParameterException(cli, out + " exists: add --resume to continue the run that wrote it, or --overwrite to replace it");
        }
        Files.deleteIfExists(journal);  // a fresh start: an old journal would point a later --resume at rows that are gone
        return null;
    }

    /** A row's variables for the expressions: those of a placeholder prediction with every column a row of this model can have. */
    private static Map<String, Object> sampleVariables(PredictionColumns columns) {
        List<TaskSpec> tasks = columns.tasks();
        int n = tasks.size();
        double[] values = new double[n], spread = new double[n], lower = new double[n], upper = new double[n];
        boolean intervals = false;
        for (int t = 0; t < n; t++) {
            values[t] = 1.0;
            spread[t] = 0.1;
            boolean has = columns.hasInterval(tasks.get(t));
            intervals |= has;
            lower[t] = has ? 0.5 : Double.NaN;
            upper[t] = has ? 1.5 : Double.NaN;
        }
        return variables(new Prediction("sample", null, "NaCl", 8, tasks, values, columns.ensemble() ? spread : null,
                intervals ? lower : null, intervals ? upper : null, null, null, null));
    }

    /** The expression variables of a predicted structure. */
    static Map<String, Object> variables(Prediction p) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (int t = 0; t < p.tasks().size(); t++) {
            String name = p.tasks().get(t).name();
            v.put(name, p.values()[t]);
            if (p.spread() != null) v.put(name + "_std", p.spread()[t]);
            if (p.lower() != null && !Double.isNaN(p.lower()[t])) {
                v.put(name + "_lo", p.lower()[t]);
                v.put(name + "_hi", p.upper()[t]);
            }
        }
        v.put("atoms", p.atoms());
        v.put("formula", p.formula());
        v.put("id", p.id());
        v.put("domain", p.domain() == null ? "" : p.domain().inside() ? "in" : "out");
        v.put("warning", p.warning() == null ? "" : p.warning());
        return v;
    }

    /** One execution: outputs, counts, ranking and journal. */
    private final class Run {
        private final PropertyModel model;
        private final PredictionColumns columns;
        private final RowWriter.Format rowFormat;
        private final RowExpression filter;
        private final RowExpression key;
        private final Map<String, Object> settings;
        private final ScreenJournal start;
        private final PrintWriter err;
        private final PriorityQueue<ScreenJournal.Ranked> best =
                new PriorityQueue<>(Comparator.comparingDouble(ScreenJournal.Ranked::key).thenComparing(Comparator.comparingLong(ScreenJournal.Ranked::order).reversed()));
        private long structures, ok, failed, outOfDomain, kept, entriesDone;
        private long lastCheckpoint = System.nanoTime(), lastProgress = System.nanoTime();
        private final long started = System.nanoTime();
        private volatile OptionalLong total = OptionalLong.empty();

        Run(PropertyModel model, PredictionColumns columns, RowWriter.Format rowFormat, RowExpression filter, RowExpression key,
            Map<String, Object> settings, ScreenJournal start, PrintWriter err) {
            this.model = model;
            this.columns = columns;
            this.rowFormat = rowFormat;
            this.filter = filter;
            this.key = key;
            this.settings = settings;
            this.start = start;
            this.err = err;
            if (start != null) {
                ScreenJournal.Counts c = start.counts();
                structures = c.structures();
                ok = c.ok();
                failed = c.error();
                outOfDomain = c.outOfDomain();
                kept = c.kept();
                entriesDone = start.entries();
                best.addAll(start.top());
            }
        }

        int execute() throws IOException {
            if (progressSeconds > 0) countTotalInBackground();
            long skip = start == null ? 0 : start.entries();
            if (skip > 0) err.printf(Locale.ROOT, "regnet screen: resuming after %d input entries (%d structures)%n", skip, structures);
            CheckpointedFile outFile = out == null ? null : new CheckpointedFile(out, start == null ? 0 : start.output());
            CheckpointedFile errFile = errors == null ? null : new CheckpointedFile(errors, start == null ? 0 : start.errors());
            PrintWriter outWriter = outFile != null ? outFile.writer() : spec.commandLine().getOut();
            boolean header = start == null || start.output() == 0;
            PredictionPipeline pipeline = options.pipeline(model, chunk);
            try (RowWriter rows = RowWriter.create(rowFormat, columns.names(), outWriter, header, out);
                 RowWriter errorRows = errFile == null ? null : RowWriter.create(rowFormat, columns.names(), errFile.writer(), start == null || start.errors() == 0, errors)) {
                pipeline.run(new InputPaths(inputs, System.in), skip, new PredictionPipeline.EntrySink() {
                    @Override
                    public void accept(long index, List<Prediction> predictions) {
                        for (Prediction p : predictions) Run.this.accept(p, rows, errorRows);
                        entriesDone = index + 1;
                    }

                    @Override
                    public void chunkDone(long entries) {
                        if (outFile != null && System.nanoTime() - lastCheckpoint >= checkpointSeconds * 1e9) checkpoint(outFile, errFile, false);
                        progress(false);
                    }
                });
                if (top != null) {
                    List<ScreenJournal.Ranked> ranked = new ArrayList<>(best);
                    ranked.sort(best.comparator().reversed());
                    for (ScreenJournal.Ranked r : ranked) rows.write(r.row());
                }
            }
            if (outFile != null) {
                checkpoint(outFile, errFile, true);
                outFile.close();
            }
            if (errFile != null) errFile.close();
            progress(true);
            return failed > 0 ? 1 : 0;
        }

        private void accept(Prediction p, RowWriter rows, RowWriter errorRows) {
            structures++;
            Map<String, Object> row = columns.row(p);
            if (!p.ok()) {
                failed++;
                (errorRows != null ? errorRows : rows).write(row);
                return;
            }
            ok++;
            if (!p.inDomain()) outOfDomain++;
            Map<String, Object> variables = variables(p);
            if (filter != null && !filter.test(variables)) return;
            kept++;
            if (top == null) {
                rows.write(row);
                return;
            }
            double k = key.number(variables);
            if (Double.isNaN(k)) return;
            best.add(new ScreenJournal.Ranked(k, structures - 1, row));
            if (best.size() > top) best.poll();
        }

        private void checkpoint(CheckpointedFile outFile, CheckpointedFile errFile, boolean finished) {
            long outBytes = outFile.checkpoint(), errBytes = errFile == null ? 0 : errFile.checkpoint();
            ScreenJournal j = new ScreenJournal(ScreenJournal.VERSION, settings, entriesDone, outBytes, errBytes,
                    new ScreenJournal.Counts(structures, ok, failed, outOfDomain, kept), top == null ? List.of() : new ArrayList<>(best), finished);
            try {
                j.write(ScreenJournal.of(out));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the journal " + ScreenJournal.of(out) + ": " + e.getMessage(), e);
            }
            lastCheckpoint = System.nanoTime();
        }

        private void countTotalInBackground() {
            Thread counter = new Thread(() -> total = InputPaths.count(inputs), "regnet-count");
            counter.setDaemon(true);
            counter.start();
        }

        /** A progress line every --progress seconds, and the summary at the end. */
        private void progress(boolean end) {
            long now = System.nanoTime();
            if (!end && (progressSeconds <= 0 || now - lastProgress < progressSeconds * 1e9)) return;
            lastProgress = now;
            double seconds = (now - started) / 1e9;
            long done = entriesDone - (start == null ? 0 : start.entries());
            double rate = done / Math.max(seconds, 1e-9);
            if (!end) {
                OptionalLong t = total;
                String of = t.isPresent() ? String.format(Locale.ROOT, "/%d (%.1f %%)", t.getAsLong(), 100.0 * entriesDone / Math.max(1, t.getAsLong())) : "";
                String eta = t.isPresent() && rate > 0 ? ", ETA " + duration((t.getAsLong() - entriesDone) / rate) : "";
                err.printf(Locale.ROOT, "regnet screen: %d%s inputs, %.0f/s%s; %d ok, %d errors, %d kept%n", entriesDone, of, rate, eta, ok, failed, kept);
            } else {
                err.printf(Locale.ROOT, "regnet screen: %d inputs read, %d structures: %d ok, %d errors, %d out of domain, %d kept%s; %s, %.0f inputs/s%s%n",
                        entriesDone, structures, ok, failed, outOfDomain, top == null ? kept : Math.min(kept, top),
                        top == null ? "" : " (the top " + top + " of " + kept + ")", duration(seconds), rate,
                        out == null ? "" : "; output " + out + (errors == null ? "" : ", errors " + errors));
            }
            err.flush();
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
