package org.regnet.model;

import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;
import org.regnet.crystal.io.ReadResult;
import org.regnet.crystal.io.StructureReaders;
import org.regnet.crystal.io.StructureSource;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;
import org.regnet.data.OrderedPipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Structure files in, predictions out, in input order: files (and archive entries) are read and
 * featurized on {@code threads} worker threads while the network runs on chunks of
 * {@code chunkSize} structures on the calling thread. Memory stays bounded whatever the number of
 * inputs: inputs are enumerated lazily and at most a few entries per thread plus one chunk are in
 * flight. Nothing is dropped: an input that cannot be read, featurized or fitted in memory yields
 * a failed {@link Prediction} naming the file (and line), and the rest go on.
 *
 * <p>This is what {@code regnet predict} and {@code regnet screen} run. One pipeline may run
 * several times, one run at a time (it is not thread-safe); the predictor stays the caller's.
 *
 * <pre>{@code
 * try (PropertyModel model = PropertyModel.load(List.of("mp36k"))) {
 *     PredictionPipeline pipeline = PredictionPipeline.builder(model).optThreads(4).build();
 *     pipeline.run(List.of(Path.of("structures/")).iterator(), 0, (index, rows) -> rows.forEach(System.out::println));
 * }
 * }</pre>
 */
public final class PredictionPipeline {
    /** Receives the predictions of one input entry (a file or an archive member; several rows for a multi-block CIF). */
    @FunctionalInterface
    public interface EntrySink {
        /** @param index the entry's position among all entries of the inputs, from 0 (skipped ones included) */
        void accept(long index, List<Prediction> rows);

        /** Called after each chunk's entries, with the number of entries done so far: a safe point to checkpoint. */
        default void chunkDone(long entries) {}
    }

    private final PropertyModel predictor;
    private final int threads;
    private final int chunkSize;
    private final MemoryBudget budget;
    private final ReadOptions readOptions;
    private final OutOfDomain outOfDomain;

    /** What becomes of a prediction outside the model's training domain (SCIENCE.md §6). */
    public enum OutOfDomain {
        /** Kept, with {@link Prediction#domain()} saying why it is out (the default). */
        FLAG,
        /** Turned into an error entry naming the reason: for screens that must not rank extrapolations. */
        REFUSE
    }

    private PredictionPipeline(Builder b) {
        this.predictor = b.predictor;
        this.threads = b.threads;
        this.chunkSize = b.chunkSize;
        this.budget = b.budget;
        this.readOptions = b.readOptions != null ? b.readOptions : b.predictor.readOptions();
        this.outOfDomain = b.outOfDomain;
        if (b.kernels != null) b.predictor.setKernels(b.kernels);
    }

    public static Builder builder(PropertyModel predictor) { return new Builder(predictor); }

    /** Options of a pipeline; only the predictor is required. */
    public static final class Builder {
        private final PropertyModel predictor;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int chunkSize = 512;
        private MemoryBudget budget;
        private ReadOptions readOptions;
        private InferenceKernels kernels;
        private OutOfDomain outOfDomain = OutOfDomain.FLAG;

        private Builder(PropertyModel predictor) {
            if (predictor == null) throw new IllegalArgumentException("a predictor is required");
            this.predictor = predictor;
        }

        /** Threads that read and featurize (default: all cores). */
        public Builder optThreads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            this.threads = threads;
            return this;
        }

        /** Structures per network call (default 512): larger chunks batch better, smaller ones give rows sooner. */
        public Builder optChunkSize(int chunkSize) {
            if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be at least 1, not " + chunkSize);
            this.chunkSize = chunkSize;
            return this;
        }

        /** The memory one structure may need before it is refused (default: what the machine has free at each chunk). */
        public Builder optMemoryBudget(MemoryBudget budget) {
            this.budget = budget;
            return this;
        }

        /** Reader limits and policies (default: the model's own, {@link PropertyModel#readOptions()}). */
        public Builder optReadOptions(ReadOptions readOptions) {
            this.readOptions = readOptions;
            return this;
        }

        /** How the model runs inference (sets it on the model; default: as the model is). */
        public Builder optKernels(InferenceKernels kernels) {
            this.kernels = kernels;
            return this;
        }

        /** Predictions outside the training domain: flagged (default) or refused as error entries. */
        public Builder optOutOfDomain(OutOfDomain policy) {
            this.outOfDomain = java.util.Objects.requireNonNull(policy);
            return this;
        }

        public PredictionPipeline build() { return new PredictionPipeline(this); }
    }

    /**
     * Predicts every structure under the inputs (files, directories, archives), handing each
     * entry's rows to {@code sink} in input order on the calling thread.
     *
     * @param skip entries to pass over unread first (to resume an interrupted run)
     * @return the number of entries seen, skipped ones included
     */
    public long run(Iterator<Path> inputs, long skip, EntrySink sink) {
        long[] seen = {skip};
        drive(submit -> seen[0] = StructureSource.forEach(inputs, readOptions, skip, submit), skip, sink);
        return seen[0];
    }

    /**
     * Where entries come from when they are not paths: e.g. Spark's streams of a distributed file
     * system, each handed to {@link StructureSource#forEach(String, java.io.InputStream, ReadOptions, Consumer)}.
     */
    @FunctionalInterface
    public interface EntrySource {
        /** Hands every entry to {@code sink}, in order, on the calling thread. */
        void forEach(Consumer<StructureSource.Entry> sink);
    }

    /** As {@link #run(Iterator, long, EntrySink)} for entries from any source. */
    public void run(EntrySource source, EntrySink sink) {
        drive(source::forEach, 0, sink);
    }

    /** Featurizes what {@code producer} hands over on the workers and predicts it in chunks, in order. */
    private void drive(Consumer<Consumer<StructureSource.Entry>> producer, long firstIndex, EntrySink sink) {
        Featurizer featurizer = predictor.featurizer();
        List<List<Featurized>> pending = new ArrayList<>();
        int[] pendingItems = {0};
        long[] next = {firstIndex};
        try (OrderedPipeline<List<Featurized>> workers = new OrderedPipeline<>(threads, items -> {
            pending.add(items);
            pendingItems[0] += items.size();
            if (pendingItems[0] >= chunkSize) {
                next[0] = flush(pending, next[0], sink);
                pendingItems[0] = 0;
            }
        })) {
            producer.accept(entry -> workers.submit(() -> featurize(entry, readOptions, featurizer)));
            workers.finish();
            flush(pending, next[0], sink);
        }
    }

    /** Predicts the pending entries' structures as one chunk and hands each entry's rows on; returns the next entry index. */
    private long flush(List<List<Featurized>> pending, long index, EntrySink sink) {
        if (pending.isEmpty()) return index;
        List<Featurized> all = new ArrayList<>();
        for (List<Featurized> entry : pending) all.addAll(entry);
        List<Prediction> rows = predict(predictor, all, budget != null ? budget : MemoryBudget.ofMachine());
        if (outOfDomain == OutOfDomain.REFUSE) rows = rows.stream().map(PredictionPipeline::refuseOutside).toList();
        int k = 0;
        for (List<Featurized> entry : pending) {
            sink.accept(index++, rows.subList(k, k + entry.size()));
            k += entry.size();
        }
        pending.clear();
        sink.chunkDone(index);
        return index;
    }

    private static Prediction refuseOutside(Prediction p) {
        if (!p.ok() || p.inDomain()) return p;
        return Prediction.failed(p.id(), p.source(), p.formula(), p.atoms(), p.tasks(), p.warning(),
                "outside the model's training domain (refused): " + p.domain().reason());
    }

    /** One structure on its way to a prediction: featurized (graph), or failed (error). */
    record Featurized(String id, String source, String formula, int atoms, CrystalGraph graph, String warning, String error) {}

    /** Every structure of one entry, featurized or failed; never throws. */
    static List<Featurized> featurize(StructureSource.Entry entry, ReadOptions options, Featurizer featurizer) {
        if (entry.error() != null) {
            return List.of(new Featurized(StructureReaders.idOf(entry.source()), entry.source(), null, 0, null, null, entry.error().getMessage()));
        }
        List<Featurized> items = new ArrayList<>();
        for (ReadResult r : StructureReaders.readEach(entry.source(), entry.bytes(), options)) {
            Structure s = r.structure();
            if (s == null) {
                items.add(new Featurized(r.id(), entry.source(), null, 0, null, null, r.error().getMessage()));
            } else {
                items.add(featurize(s, entry.source(), featurizer));
            }
        }
        return items;
    }

    /** One structure featurized, or failed with the reason. */
    static Featurized featurize(Structure s, String source, Featurizer featurizer) {
        try {
            Featurizer.Featurized f = featurizer.featurizeWithWarnings(s);
            String warning = f.warnings().isEmpty() ? null : String.join("; ", f.warnings());
            return new Featurized(s.id(), source, s.reducedFormula(), s.size(), f.graph(), warning, null);
        } catch (StructureException e) {
            return new Featurized(s.id(), source, s.reducedFormula(), s.size(), null, null, source == null ? e.getMessage() : e.in(source).getMessage());
        } catch (RuntimeException e) {  // a bug must cost one row, not the batch
            return new Featurized(s.id(), source, s.reducedFormula(), s.size(), null, null, "internal error (please report): " + e);
        }
    }

    /**
     * Predictions for featurized structures, in order. One whose estimated memory need exceeds the
     * budget is refused before it runs; if memory runs out anyway, the structures are retried one at
     * a time so that only the one that cannot run fails.
     */
    static List<Prediction> predict(PropertyModel predictor, List<Featurized> items, MemoryBudget budget) {
        List<TaskSpec> tasks = predictor.tasks();
        Prediction[] out = new Prediction[items.size()];
        List<CrystalGraph> graphs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Featurized f = items.get(i);
            String refusal = f.graph() == null ? f.error() : budget.refusal(f.graph());
            if (refusal != null) {
                out[i] = Prediction.failed(f.id(), f.source(), f.formula(), f.atoms(), tasks, f.warning(), refusal);
            } else {
                graphs.add(f.graph());
                positions.add(i);
            }
        }
        PropertyModel.Estimates e;
        try {
            e = predictor.estimate(graphs);
        } catch (OutOfMemoryError | ai.djl.engine.EngineException error) {
            if (graphs.size() > 1) {
                for (int p : positions) out[p] = predict(predictor, List.of(items.get(p)), budget).get(0);
            } else if (graphs.size() == 1) {
                Featurized f = items.get(positions.get(0));
                String message = error.getMessage() == null ? "" : ": " + error.getMessage().lines().findFirst().orElse("");
                out[positions.get(0)] = Prediction.failed(f.id(), f.source(), f.formula(), f.atoms(), tasks, f.warning(), String.format(Locale.ROOT,
                        "ran out of memory (%s%s); estimated need %.2f GB", error.getClass().getSimpleName(), message, MemoryBudget.estimate(f.graph()) / 1e9));
            }
            return List.of(out);
        }
        for (int k = 0; k < positions.size(); k++) {
            Featurized f = items.get(positions.get(k));
            out[positions.get(k)] = new Prediction(f.id(), f.source(), f.formula(), f.atoms(), tasks, e.mean()[k],
                    e.spread() == null ? null : e.spread()[k], e.lower() == null ? null : e.lower()[k], e.upper() == null ? null : e.upper()[k],
                    e.domain() == null ? null : e.domain().get(k), f.warning(), null);
        }
        return List.of(out);
    }
}
