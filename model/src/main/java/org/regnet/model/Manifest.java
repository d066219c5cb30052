package org.regnet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.regnet.crystal.graph.GraphSettings;

import java.util.List;
import java.util.Map;

/**
 * The JSON manifest of a model archive: everything needed to rebuild the network and to
 * reproduce the numbers (Tribuo-style provenance). Read and written with Jackson.
 *
 * @param formatVersion archive format: 2 (model v2); 1 loads with its old semantics and is labelled legacy; others are refused
 * @param requires      the {@link ModelFeature}s a build must know to run this model (format 2; loading refuses unknown ones)
 * @param architecture  the network's hyperparameters
 * @param tasks         predicted properties with their normalization (training-split statistics)
 * @param graph         neighbour-graph settings the model was trained with
 * @param occupancy     occupancy policy used for training inputs
 * @param elements      atomic numbers seen in training (others get an untrained embedding: a warning)
 * @param provenance    data hashes, split, seed, code version, training settings, time, and the model
 *                      training started from (name or path and parameters' SHA-256; null for a fresh start)
 * @param metrics       per split and task: mae, rmse, r2, count
 * @param domain        the training domain ({@link TrainingDomain}), or null (format 1, untrained models)
 */
public record Manifest(int formatVersion, List<String> requires, ModelConfig architecture, List<Task> tasks, GraphSettings graph,
                       String occupancy, List<Integer> elements, Provenance provenance,
                       Map<String, Map<String, Map<String, Double>>> metrics, TrainingDomain domain, PredictionIntervals intervals) {

    public static final int FORMAT_VERSION = 2;
    /** The format before model v2: the retired reciprocal form, a nearest-neighbour graph, no output ranges. */
    public static final int LEGACY_FORMAT_VERSION = 1;

    public Manifest {
        requires = requires == null ? List.of() : List.copyOf(requires);
    }

    /** A format-2 manifest, its {@code requires} derived from the content. */
    static Manifest of(ModelConfig architecture, List<Task> tasks, GraphSettings graph, String occupancy, List<Integer> elements,
                       Provenance provenance, Map<String, Map<String, Map<String, Double>>> metrics, TrainingDomain domain) {
        return new Manifest(FORMAT_VERSION, ModelFeature.of(architecture, graph, tasks, domain != null), architecture, tasks, graph,
                occupancy, elements, provenance, metrics, domain, null);
    }

    /** True for archives of format 1, loaded with the retired forms. */
    public boolean legacy() { return formatVersion == LEGACY_FORMAT_VERSION; }

    /** The same manifest with a training domain (which {@link ModelFeature#DOMAIN} requires); its intervals stay. */
    Manifest withDomain(TrainingDomain d) {
        List<String> features = new java.util.ArrayList<>(requires);
        if (d == null) features.remove(ModelFeature.DOMAIN.id);
        else if (!features.contains(ModelFeature.DOMAIN.id)) features.add(ModelFeature.DOMAIN.id);
        return new Manifest(formatVersion, features, architecture, tasks, graph, occupancy, elements, provenance, metrics, d, intervals);
    }

    /**
     * The same manifest with prediction intervals (and metrics, which gain their coverage). One-group
     * intervals require no feature: a build that does not know them predicts the same values. Intervals
     * that treat unseen chemistry apart require {@link ModelFeature#INTERVALS_BY_CHEMISTRY}: a build
     * that ignored the distinction would print too narrow intervals for new chemistries. Intervals
     * by cell size require {@link ModelFeature#INTERVALS_BY_SIZE}, for the same reason for large cells.
     */
    Manifest withIntervals(PredictionIntervals i, Map<String, Map<String, Map<String, Double>>> newMetrics) {
        List<String> features = new java.util.ArrayList<>(requires);
        features.remove(ModelFeature.INTERVALS_BY_CHEMISTRY.id);
        features.remove(ModelFeature.INTERVALS_BY_SIZE.id);
        if (i != null && i.trainingChemistry() != null) features.add(ModelFeature.INTERVALS_BY_CHEMISTRY.id);
        if (i != null && i.sizeClasses() != null) features.add(ModelFeature.INTERVALS_BY_SIZE.id);
        return new Manifest(formatVersion, features, architecture, tasks, graph, occupancy, elements, provenance, newMetrics, domain, i);
    }

    /**
     * A predicted property and its normalization.
     *
     * @param lossLogVariance the task's learned log-variance in the uncertainty-weighted loss (its
     *                        weight is exp(-s)), so that fine-tuning keeps the balance of tasks;
     *                        null for equal weighting and for untrained or older models
     * @param nonNegative     the head guarantees v ≥ 0 ({@link OutputRanges}); archives before format 2 read as false
     */
    public record Task(String name, String unit, boolean extensive, double mean, double std, Double lossLogVariance,
                       boolean nonNegative) {
        /** A task without an output constraint. */
        public Task(String name, String unit, boolean extensive, double mean, double std, Double lossLogVariance) {
            this(name, unit, extensive, mean, std, lossLogVariance, false);
        }
    }

    /**
     * @param initializedFrom the model training started from and its parameters' SHA-256, or null
     * @param distilledFrom   the teacher's models with their parameters' SHA-256 and the teacher's share
     *                        of the loss ({@link Distillation}); null (and left out of the file) without one
     * @param environment where training ran (format 2; null before): Java, OS, CPU, DJL and PyTorch versions
     */
    public record Provenance(String codeVersion, String created, List<DataFile> data, String split,
                             Map<String, Integer> splitSizes, long seed, TrainingConfig training,
                             int epochsTrained, int bestEpoch, double trainingSeconds, String command,
                             String initializedFrom,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String distilledFrom, Environment environment) {}

    /**
     * The machine and libraries a model was trained with; {@code threads}: PyTorch's intra-op
     * thread count (0 in manifests written before it was recorded).
     */
    public record Environment(String java, String os, String cpu, int cores, int threads, String djl, String pytorch) {
        static Environment current() {
            String pytorch;
            try {
                pytorch = ai.djl.engine.Engine.getEngine("PyTorch").getVersion();
            } catch (RuntimeException e) {
                pytorch = "unavailable";
            }
            return new Environment(System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                    Runtime.getRuntime().availableProcessors(), TorchThreads.fix(), ai.djl.engine.Engine.getDjlVersion(), pytorch);
        }
    }

    public record DataFile(String path, String sha256) {}
}
