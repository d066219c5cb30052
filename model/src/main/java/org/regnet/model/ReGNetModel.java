package org.regnet.model;

import org.regnet.crystal.OccupancyPolicy;
import org.regnet.crystal.ReadOptions;
import org.regnet.data.BatchPlanner;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;
import org.regnet.data.Split;
import org.regnet.data.TargetScaler;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A trained ReGNet model: load it (the bundled default by name, or a path) and predict.
 * <pre>{@code
 * try (ReGNetModel model = ReGNetModel.load("mp36k")) {
 *     Prediction p = model.predict(StructureReaders.readOne(Path.of("Si.cif"), ReadOptions.defaults()));
 * }
 * }</pre>
 * Thread safety: any number of threads may call the predict methods at once. Reading and graph
 * building run in the callers' threads; network passes are serialized on the model (PyTorch
 * already spreads one pass over the cores). A model holds native memory: close it.
 */
public final class ReGNetModel extends PropertyModel {
    /** Name of the bundled model used when none is given. */
    public static final String DEFAULT = "mp36k";
    /**
     * The models bundled in the jar, loadable by name; cards in models/NAME/MODEL_CARD.md. Only model
     * v2 (archive format 2): the format-1 models and their ensemble left the bundle with model v2.
     * Besides the default, the other members of the accurate tier ({@link ModelEnsemble#BUNDLED}:
     * mp36k-large-v2 and mp36k-wd0.15), its former members mp36k-wd0.05 (the default until 2026-12-08),
     * mp36k-warm43 and mp36k-labels-warm44, and the first v2 default, trained on the labels alone (the
     * cards' reference).
     */
    public static final List<String> BUNDLED = List.of(DEFAULT, "mp36k-large-v2", "mp36k-wd0.05", "mp36k-wd0.15", "mp36k-warm43",
            "mp36k-labels-warm44", "mp36k-labels");
    /** Where the bundled models and ensembles lie in the jar (models/NAME/ in the source tree). */
    static final String BUNDLED_ROOT = "/org/regnet/models/";
    private static final int BATCH = 64, BATCH_ATOMS = 8192;
    static final int LARGE_CRYSTAL = 256;

    private final Manifest manifest;
    private final Split split;
    private final Network network;
    private final Featurizer featurizer;
    private final List<TaskSpec> tasks;
    private final TargetScaler scaler;
    private final String source;
    private volatile InferenceKernels kernels = InferenceKernels.fromSystemProperty();

    ReGNetModel(String source, Manifest manifest, Split split, Network network) {
        this.source = source;
        this.manifest = manifest;
        this.split = split;
        this.network = network;
        this.featurizer = new Featurizer(manifest.graph(), manifest.architecture().gmax());
        List<TaskSpec> t = new ArrayList<>();
        for (Manifest.Task task : manifest.tasks()) t.add(new TaskSpec(task.name(), task.unit(), task.extensive(), task.nonNegative()));
        this.tasks = List.copyOf(t);
        int n = manifest.tasks().size();
        double[] mean = new double[n], std = new double[n];
        boolean[] extensive = new boolean[n];
        for (int k = 0; k < n; k++) {
            mean[k] = manifest.tasks().get(k).mean();
            std[k] = manifest.tasks().get(k).std();
            extensive[k] = manifest.tasks().get(k).extensive();
        }
        this.scaler = new TargetScaler(mean, std, extensive);
    }

    /** A model directory or zip, or the name of a bundled model ({@link #BUNDLED}). */
    public static ReGNetModel load(String nameOrPath) throws IOException {
        if (EnsembleDefinition.find(nameOrPath) != null) {  // a folder with ensemble.json, or a bundled ensemble
            throw new IOException("'" + nameOrPath + "' is an ensemble of several models, not one model: load it with PropertyModel.load or ModelEnsemble.load");
        }
        Path p = Path.of(nameOrPath);
        if (Files.exists(p)) return load(p);
        String base = BUNDLED_ROOT + nameOrPath + "/";
        if (ReGNetModel.class.getResource(base + ModelArchive.MANIFEST) == null) {
            throw new ModelNotFoundException("no model '" + nameOrPath + "': not a path, and not a bundled model (bundled: " + String.join(", ", BUNDLED)
                    + (ModelEnsemble.BUNDLED.isEmpty() ? "" : "; ensembles: " + String.join(", ", ModelEnsemble.BUNDLED)) + ")");
        }
        return open(nameOrPath, ModelArchive.readResource(nameOrPath, base));
    }

    public static ReGNetModel load(Path archive) throws IOException {
        return open(archive.toString(), ModelArchive.read(archive));
    }

    /** The bundled default model. */
    public static ReGNetModel loadDefault() throws IOException { return load(DEFAULT); }

    private static ReGNetModel open(String source, ModelArchive.Contents c) throws IOException {
        return new ReGNetModel(source, c.manifest(), c.split(), ModelArchive.network(c));
    }

    /**
     * A randomly initialized model (identity normalization): for tests of what must hold for any
     * weights (SCIENCE.md §4), and as a starting point nobody should predict with.
     */
    static ReGNetModel untrained(ModelConfig config, List<TaskSpec> tasks, org.regnet.crystal.graph.GraphSettings graph, long seed) {
        List<Manifest.Task> specs = new ArrayList<>();
        for (TaskSpec t : tasks) specs.add(new Manifest.Task(t.name(), t.unit(), t.extensive(), 0, 1, null, t.nonNegative()));
        Manifest m = Manifest.of(config, specs, graph, OccupancyPolicy.ERROR.name(), List.of(), null, Map.of(), null);
        return new ReGNetModel("untrained", m, null, new Network(config, OutputRanges.of(specs), seed));
    }

    @Override
    public List<TaskSpec> tasks() { return tasks; }

    public Manifest manifest() { return manifest; }

    /** Where the model was loaded from: a bundled model's name, or the path. */
    public String source() { return source; }

    /** Where the model was loaded from and its parameters' SHA-256: which weights exactly (provenance of models trained from it). */
    public String identity() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            network.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return source + " (parameters sha256 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray())) + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** The split the model was trained with, or null if the archive has none. */
    @Override
    Split split() { return split; }

    /** Read options matching training (occupancy policy); other limits at their defaults. */
    @Override
    public ReadOptions readOptions() {
        return ReadOptions.defaults().withOccupancy(OccupancyPolicy.valueOf(manifest.occupancy()));
    }

    @Override
    Featurizer featurizer() { return featurizer; }

    /** Predictions in original units for featurized crystals, in order; one network, so no spread. */
    @Override
    Estimates estimate(List<CrystalGraph> graphs) {
        int[] rows = new int[graphs.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        Network.Outputs outputs;
        synchronized (this) {
            outputs = network.run(graphs, rows, new BatchPlanner(BATCH, BATCH_ATOMS), inferencePath());
        }
        float[][] normalized = outputs.values();
        double[][] out = new double[graphs.size()][tasks.size()];
        for (int i = 0; i < out.length; i++) {
            for (int t = 0; t < tasks.size(); t++) {
                out[i][t] = OutputRanges.clampRounding(scaler.denormalize(t, normalized[i][t], graphs.get(i).atoms()), tasks.get(t).nonNegative());
            }
        }
        TrainingDomain domain = manifest.domain();
        if (domain == null) return new Estimates(out, null, null);
        java.util.Set<Integer> elements = new java.util.HashSet<>(manifest.elements());
        List<TrainingDomain.Assessment> where = new ArrayList<>(graphs.size());
        for (int i = 0; i < graphs.size(); i++) where.add(domain.assess(graphs.get(i), outputs.embedding()[i], elements));
        double[] distance = new double[graphs.size()];
        for (int i = 0; i < distance.length; i++) distance[i] = domain.distance(outputs.embedding()[i]);
        PredictionIntervals intervals = manifest.intervals();
        return new Estimates(out, null, where, distance, intervals == null ? null : intervals.bounds(tasks, out, distance, graphs));
    }

    @Override
    public PredictionIntervals intervals() { return manifest.intervals(); }

    @Override
    public void setKernels(InferenceKernels kernels) { this.kernels = java.util.Objects.requireNonNull(kernels); }

    /**
     * How inference runs ({@link InferenceKernels}): djl = the pure DJL path (phase tables and
     * edge tensors, as in training); otherwise the fused gated convolution when the JVM has the
     * Vector API (its scalar fallback would be slower than DJL), and the Fourier kernel of {@link #kernelFor}.
     */
    private InferencePath inferencePath() {
        if (kernels == InferenceKernels.DJL) return InferencePath.REFERENCE;
        org.regnet.kernels.GatedConvolution convolution = org.regnet.kernels.GatedConvolution.best();
        return new InferencePath(this::kernelFor, convolution.simd() ? convolution : null);
    }

    /**
     * The reciprocal path for one inference batch: cpu or cuda force that kernel; auto (default)
     * uses CUDA when usable, the CPU kernel for batches holding a crystal of more than
     * {@value #LARGE_CRYSTAL} atoms (where the N × |𝒢| tables grow quadratically), and the DJL
     * tables for small crystals.
     */
    private org.regnet.kernels.FourierKernel kernelFor(List<CrystalGraph> batch) {
        org.regnet.kernels.FourierKernel k = org.regnet.kernels.FourierKernels.get(kernels.name());
        if (kernels != InferenceKernels.AUTO || k.name().equals("cuda")) return k;
        for (CrystalGraph g : batch) if (g.atoms() > LARGE_CRYSTAL) return k;
        return null;
    }

    /** Writes this model as an archive directory. */
    public void save(Path directory) {
        try {
            ModelArchive.save(directory, manifest, network, split);
        } catch (IOException e) {
            throw new UncheckedIOException(directory + ": cannot save the model: " + e.getMessage(), e);
        }
    }

    /** The number of trained parameters (weights and biases). */
    public int parameterCount() { return network.parameterCount(); }

    /** The manifest as one line of JSON, as the archive stores it (architecture, tasks, provenance, metrics). */
    public String manifestJson() {
        try {
            return ModelArchive.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(manifest);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the manifest cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Per-split, per-task metrics recorded at training time. */
    public Map<String, Map<String, Map<String, Double>>> metrics() { return manifest.metrics(); }

    Network network() { return network; }

    @Override
    public void close() { network.close(); }
}
