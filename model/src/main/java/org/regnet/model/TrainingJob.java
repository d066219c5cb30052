package org.regnet.model;

import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ModelTrainer} trains on and where it writes. Built with {@link #builder()}:
 *
 * <pre>{@code
 * TrainingJob job = TrainingJob.builder()
 *         .setData(data).setTasks(tasks).setModel(ModelConfig.defaults()).setGraph(graph)
 *         .setTraining(TrainingConfig.defaults()).setSplit(split).setOut(Path.of("runs/m"))
 *         .optResume(true).optTimeLimit(3600)
 *         .build();
 * ModelTrainer.train(job, listener);
 * }</pre>
 *
 * Immutable; {@link #toBuilder()} derives a changed copy (a cross-validation fold, a teacher).
 */
public final class TrainingJob {
    private final Dataset data;
    private final Split split;
    private final List<TaskSpec> tasks;
    private final ModelConfig model;
    private final GraphSettings graph;
    private final String occupancy;
    private final TrainingConfig training;
    private final Path out;
    private final boolean resume;
    private final List<Manifest.DataFile> dataFiles;
    private final String command;
    private final double maxSeconds;
    private final ReGNetModel init;
    private final Distillation distillation;
    private final String resumeAdvice;

    private TrainingJob(Builder b) {
        this.data = Objects.requireNonNull(b.data, "setData");
        this.tasks = List.copyOf(Objects.requireNonNull(b.tasks, "setTasks"));
        this.model = Objects.requireNonNull(b.model, "setModel");
        this.graph = Objects.requireNonNull(b.graph, "setGraph");
        this.training = Objects.requireNonNull(b.training, "setTraining");
        this.split = b.split;
        this.out = b.out;
        this.occupancy = b.occupancy;
        this.resume = b.resume;
        this.dataFiles = List.copyOf(b.dataFiles);
        this.command = b.command;
        this.maxSeconds = b.maxSeconds;
        this.init = b.init;
        this.distillation = b.distillation;
        this.resumeAdvice = b.resumeAdvice;
        if (init != null && !(init.manifest().architecture().equals(model) && init.manifest().graph().equals(graph))) {
            throw new IllegalArgumentException("the initial model has another architecture or graph settings than this training job");
        }
    }

    public static Builder builder() { return new Builder(); }

    /** A builder holding this job's settings. */
    public Builder toBuilder() {
        return new Builder().setData(data).setSplit(split).setTasks(tasks).setModel(model).setGraph(graph).setTraining(training)
                .setOut(out).optOccupancy(occupancy).optResume(resume).optProvenance(dataFiles, command).optTimeLimit(maxSeconds)
                .optInit(init).optDistillation(distillation).optResumeAdvice(resumeAdvice);
    }

    public Dataset data() { return data; }

    /** Train / validation / test ids; null until set (a {@link MatbenchRun} sets one per fold). */
    public Split split() { return split; }

    public List<TaskSpec> tasks() { return tasks; }

    public ModelConfig model() { return model; }

    public GraphSettings graph() { return graph; }

    /** The occupancy policy the inputs were read with (recorded in the manifest). */
    public String occupancy() { return occupancy; }

    public TrainingConfig training() { return training; }

    /** The run directory (checkpoint, metrics, archive); null until set. */
    public Path out() { return out; }

    /** Continue from the checkpoint in {@link #out()} when there is one. */
    public boolean resume() { return resume; }

    /** Inputs and their SHA-256, for provenance. */
    public List<Manifest.DataFile> dataFiles() { return dataFiles; }

    /** The command line, for provenance. */
    public String command() { return command; }

    /** Stop after the epoch that passes this wall time (0 = no limit); resume continues. */
    public double maxSeconds() { return maxSeconds; }

    /** The trained model to start from (fine-tuning, warm restart), or null for a fresh start. */
    public ReGNetModel init() { return init; }

    /** The teacher whose predictions the training crystals also learn, or null. */
    public Distillation distillation() { return distillation; }

    /** What a user does to continue after a stop, as the stop's message says it. */
    public String resumeAdvice() { return resumeAdvice; }

    /**
     * Required: {@code setData}, {@code setTasks}, {@code setModel}, {@code setGraph}, {@code setTraining};
     * {@link ModelTrainer#train} also needs {@code setSplit} and {@code setOut}. The rest is optional.
     */
    public static final class Builder {
        private Dataset data;
        private Split split;
        private List<TaskSpec> tasks;
        private ModelConfig model;
        private GraphSettings graph;
        private TrainingConfig training;
        private Path out;
        private String occupancy = "ERROR";
        private boolean resume;
        private List<Manifest.DataFile> dataFiles = List.of();
        private String command = "";
        private double maxSeconds;
        private ReGNetModel init;
        private Distillation distillation;
        private String resumeAdvice = "continue with --resume";

        private Builder() {}

        /** The featurized crystals and their labels. */
        public Builder setData(Dataset data) { this.data = data; return this; }

        /** Which ids train, validate and test. */
        public Builder setSplit(Split split) { this.split = split; return this; }

        /** The targets, in the order of the dataset's label columns. */
        public Builder setTasks(List<TaskSpec> tasks) { this.tasks = tasks; return this; }

        /** The architecture; with {@code optInit}, the initial model's. */
        public Builder setModel(ModelConfig model) { this.model = model; return this; }

        /** The graph settings the data were featurized with. */
        public Builder setGraph(GraphSettings graph) { this.graph = graph; return this; }

        public Builder setTraining(TrainingConfig training) { this.training = training; return this; }

        /** The run directory: checkpoint, metrics.csv and the best model's archive. */
        public Builder setOut(Path out) { this.out = out; return this; }

        /** The occupancy policy's name the inputs were read with (default ERROR). */
        public Builder optOccupancy(String occupancy) { this.occupancy = occupancy; return this; }

        /** Continue from the checkpoint in the run directory (default false: start afresh). */
        public Builder optResume(boolean resume) { this.resume = resume; return this; }

        /** The inputs with their SHA-256 and the command line, recorded in the manifest. */
        public Builder optProvenance(List<Manifest.DataFile> dataFiles, String command) {
            this.dataFiles = dataFiles;
            this.command = command;
            return this;
        }

        /** Stop after the epoch that passes this many seconds of training (default 0: no limit). */
        public Builder optTimeLimit(double seconds) { this.maxSeconds = seconds; return this; }

        /** Start from a trained model of the same architecture and graph settings (default: fresh weights). */
        public Builder optInit(ReGNetModel init) { this.init = init; return this; }

        /** Learn a teacher's predictions as well as the labels (default: labels only). */
        public Builder optDistillation(Distillation distillation) { this.distillation = distillation; return this; }

        /**
         * What the stop and time-limit messages tell a user to do next (default "continue with
         * --resume", the train command's way; a caller that resumes otherwise says its own).
         */
        public Builder optResumeAdvice(String advice) { this.resumeAdvice = Objects.requireNonNull(advice); return this; }

        /** @throws IllegalArgumentException when the initial model's architecture or graph differs from this job's */
        public TrainingJob build() { return new TrainingJob(this); }
    }
}
