package org.regnet.model;

import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Dataset;
import org.regnet.data.DatasetLoader;
import org.regnet.data.Featurizer;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What predicts properties from structures: one trained {@link ReGNetModel}, or a
 * {@link ModelEnsemble} of several (named so as not to clash with DJL's {@code Predictor}).
 * Reading, featurizing and batching are shared here; the subclasses say how featurized crystals
 * become numbers ({@link #estimate}). For many files, {@link PredictionPipeline}.
 * Thread safety: any number of threads may call the predict methods at once.
 */
public abstract sealed class PropertyModel implements AutoCloseable permits ReGNetModel, ModelEnsemble {
    private static final int STREAM_CHUNK = 256;

    /**
     * Predictions in original units for featurized crystals, in input order ({@code mean}), for
     * an ensemble the standard deviation of its members' predictions ({@code spread}; null for one model),
     * where each crystal lies against the training domain ({@code domain}) and its embedding distance
     * from the training crystals ({@code distance}, for an ensemble the members' mean; both null when
     * the model records no domain, as format-1 archives), and the prediction intervals per crystal and task
     * ({@code lower}, {@code upper}; null without calibration, NaN for a task that has none).
     * Internal: the public results are {@link Prediction}s.
     */
    record Estimates(double[][] mean, double[][] spread, List<TrainingDomain.Assessment> domain, double[] distance,
                     double[][] lower, double[][] upper) {
        Estimates(double[][] mean, double[][] spread, List<TrainingDomain.Assessment> domain) {
            this(mean, spread, domain, null, null, null);
        }

        /** @param bounds [lower, upper] as {@link PredictionIntervals#bounds} gives them, or null without calibration */
        Estimates(double[][] mean, double[][] spread, List<TrainingDomain.Assessment> domain, double[] distance, double[][][] bounds) {
            this(mean, spread, domain, distance, bounds == null ? null : bounds[0], bounds == null ? null : bounds[1]);
        }
    }

    /** The calibrated prediction intervals, or null when the model has none. */
    public abstract PredictionIntervals intervals();

    /**
     * One model (a directory or zip, or a bundled model's name), or with several names, or the
     * name of an ensemble ({@link ModelEnsemble#load}), the ensemble of them. An ensemble's members
     * must predict the same tasks from the same graphs.
     */
    public static PropertyModel load(List<String> namesOrPaths) throws IOException {
        if (namesOrPaths.isEmpty()) throw new IllegalArgumentException("no model given");
        if (namesOrPaths.size() == 1) {
            EnsembleDefinition named = EnsembleDefinition.find(namesOrPaths.get(0));
            return named == null ? ReGNetModel.load(namesOrPaths.get(0)) : ModelEnsemble.of(named);
        }
        return ModelEnsemble.load(namesOrPaths);
    }

    public abstract List<TaskSpec> tasks();

    /** The split the predictions may be scored on (see the subclasses), or null. */
    abstract Split split();

    /** Read options matching training (occupancy policy); other limits at their defaults. */
    public abstract ReadOptions readOptions();

    /** Structure → graph, with the settings the network was trained with. */
    abstract Featurizer featurizer();

    /**
     * Labelled structures featurized as this model was trained, for {@link ModelEvaluation} or
     * interval calibration: the inputs (files, folders, archives), labels from the CSV (or, when
     * null, from the files themselves), in the order of {@code targets}.
     */
    public Dataset labelledData(List<Path> inputs, Path labelsCsv, List<String> targets, DatasetLoader.Options options) {
        return DatasetLoader.load(inputs, labelsCsv, targets, featurizer(), options);
    }

    /** Predictions (and spread, for an ensemble) for featurized crystals. */
    abstract Estimates estimate(List<CrystalGraph> graphs);

    /** How inference runs from now on (default: the system property regnet.kernels, else auto); thread-safe. */
    public abstract void setKernels(InferenceKernels kernels);

    /** Predictions in original units for featurized crystals, in order. */
    double[][] predictGraphs(List<CrystalGraph> graphs) { return estimate(graphs).mean(); }

    public Prediction predict(Structure structure) { return predict(List.of(structure)).get(0); }

    /**
     * Predictions in input order. A structure that cannot be featurized, or whose estimated memory
     * need exceeds what the machine has free ({@link MemoryBudget}), gets an error entry; if memory
     * runs out anyway, the structures are retried one at a time so that only the one that cannot run
     * fails.
     */
    public List<Prediction> predict(List<Structure> structures) {
        Featurizer featurizer = featurizer();  // thread-safe: graphs are built on all cores, in order
        List<PredictionPipeline.Featurized> items = structures.parallelStream().map(s -> PredictionPipeline.featurize(s, null, featurizer)).toList();
        return PredictionPipeline.predict(this, items, MemoryBudget.ofMachine());
    }

    /**
     * A lazy stream of predictions for a stream of structures (e.g. millions from a screening
     * source), in order, computed in chunks of {@value #STREAM_CHUNK} so memory stays bounded.
     */
    public java.util.stream.Stream<Prediction> predict(java.util.stream.Stream<Structure> structures) {
        java.util.Iterator<Structure> source = structures.iterator();
        java.util.Iterator<Prediction> out = new java.util.Iterator<>() {
            private java.util.Iterator<Prediction> chunk = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!chunk.hasNext() && source.hasNext()) {
                    List<Structure> next = new ArrayList<>(STREAM_CHUNK);
                    while (source.hasNext() && next.size() < STREAM_CHUNK) next.add(source.next());
                    chunk = predict(next).iterator();
                }
                return chunk.hasNext();
            }

            @Override
            public Prediction next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                return chunk.next();
            }
        };
        return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(out, java.util.Spliterator.ORDERED), false)
                .onClose(structures::close);
    }

    /**
     * Every structure of a file (several for multi-block CIFs or XYZ frames), a directory or an
     * archive, in order; what cannot be read becomes an error entry naming the file (and line).
     */
    public List<Prediction> predict(Path input) {
        List<Prediction> out = new ArrayList<>();
        PredictionPipeline.builder(this).optThreads(1).build().run(List.of(input).iterator(), 0, (index, rows) -> out.addAll(rows));
        return out;
    }

    @Override
    public abstract void close();
}
