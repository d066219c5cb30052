package org.regnet.cli;

import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.data.Dataset;
import org.regnet.data.DatasetLoader;
import org.regnet.data.Featurizer;
import org.regnet.data.Split;
import org.regnet.model.Distillation;
import org.regnet.model.Manifest;
import org.regnet.model.ModelConfig;
import org.regnet.model.NonNegativeHead;
import org.regnet.model.ReGNetModel;
import org.regnet.model.ReciprocalForm;
import org.regnet.model.TaskSpec;
import org.regnet.model.TrainingConfig;
import org.regnet.model.TrainingJob;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code regnet train} and {@code regnet matbench} share: the data and its targets, the graph,
 * architecture and training options, fine-tuning from a trained model, and the time limit.
 */
abstract class TrainingCommand {
    @Mixin DatasetOptions dataset;
    @Mixin GraphOptionsMixin graphOptions;

    @Option(names = "--init", paramLabel = "MODEL",
            description = {"Start from a trained model (a bundled name or a path): fine-tuning on new data, or a warm restart of the schedule. "
                    + "Its architecture and graph settings are used (so no architecture or graph options); tasks it knows keep their towers "
                    + "and normalization, new ones start fresh. Train on its split (see 'regnet models') to keep the test set unseen."})
    String init;

    @Option(names = "--teacher", split = ",", paramLabel = "MODEL|FILE.csv",
            description = {"Knowledge distillation: the training crystals also learn this trained model's predictions (several: their "
                    + "ensemble's mean), each task's loss being (1 - ALPHA) L(labels) + ALPHA L(teacher). Validation and the kept epoch use "
                    + "the labels only. The teacher must predict every target from the same graphs, and must not have trained on a test crystal. "
                    + "Or a CSV of a teacher's predictions keyed by crystal id (what 'regnet predict' writes), from any model or program: "
                    + "its columns are matched by task name; which crystals trained that teacher is for you to check. "
                    + "In 'regnet matbench', " + Distillation.FOLD + " in a path stands for the fold's number: one teacher per fold."})
    List<String> teacher;

    @Option(names = "--teacher-weight", paramLabel = "ALPHA",
            description = "The teacher's share of each task's loss, in (0, 1]. Default: " + Distillation.DEFAULT_WEIGHT + ".")
    Double teacherWeight;

    @ArgGroup(exclusive = false, heading = "%nTraining:%n")
    TrainingOptions training = new TrainingOptions();

    @ArgGroup(exclusive = false, heading = "%nArchitecture:%n")
    ArchitectureOptions architecture = new ArchitectureOptions();

    @Option(names = "--extensive", split = ",", paramLabel = "TARGET",
            description = "Targets that are per cell (scale with the atom count); total_magnetization and volume are by default.")
    List<String> extensive;

    @Option(names = "--non-negative", split = ",", paramLabel = "TARGET",
            description = "Targets that are never negative: their head guarantees it (see --non-negative-head). Default: band_gap, total_magnetization, "
                    + "volume and the other known non-negative targets. An empty value declares none.")
    List<String> nonNegative;

    @Option(names = "--unit", paramLabel = "TARGET=UNIT", description = "Unit of a target, recorded in the model (known datasets' targets have theirs).")
    Map<String, String> units = Map.of();

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--time-limit", paramLabel = "MIN", defaultValue = "0",
            description = "Stop after the epoch that passes this many minutes (0 = none); continue later (see --resume).")
    double timeLimitMinutes;

    /** The --init model while a job uses it; {@link #close()} releases it. */
    private ReGNetModel initial;

    /**
     * A Ctrl-C or SIGTERM stops the training between two steps rather than in one (which can crash
     * the JVM); the shutdown waits this long for it, longer than a step or a fold's test predictions.
     */
    static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(60);

    /** A prepared training job and the failures met while loading its data. */
    record Prepared(TrainingJob job, List<String> failures) {}

    /**
     * Loads the data and builds the training job on the split that {@code splitOf} makes of the
     * dataset, written to {@code out}.
     */
    final Prepared prepare(java.util.function.Function<Dataset, Split> splitOf, Path out, boolean resume) throws java.io.IOException {
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (dataset.targets == null || dataset.targets.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--targets is required: the label columns to learn");
        }
        Distillation distillation = distillation();  // usage errors before the data is read
        initial = init == null ? null : initialModel();
        GraphSettings graph = initial != null ? initial.manifest().graph() : graphOptions.toSettings();
        ModelConfig model = initial != null ? initial.manifest().architecture() : architecture.toConfig(graph);
        Featurizer featurizer = new Featurizer(graph, model.gmax());
        ReadOptions read = dataset.read.toReadOptions();
        Dataset data = dataset.load(featurizer, err::println);
        for (String f : data.failures()) err.println("regnet: skipped: " + f);
        List<TaskSpec> tasks = new ArrayList<>();
        for (String t : dataset.targets) {
            TaskSpec g = TaskSpec.guess(t);
            boolean ext = extensive != null ? extensive.contains(t) : g.extensive();
            boolean nonNegative = this.nonNegative != null ? this.nonNegative.contains(t) : g.nonNegative();
            tasks.add(new TaskSpec(t, units.getOrDefault(t, g.unit()), ext, nonNegative));
        }
        List<Manifest.DataFile> files = new ArrayList<>();
        for (Path p : dataset.inputs()) files.add(new Manifest.DataFile(p.toString(), DatasetLoader.sha256(p)));
        if (dataset.labels != null) files.add(new Manifest.DataFile(dataset.labels.toString(), DatasetLoader.sha256(dataset.labels)));
        TrainingJob job = TrainingJob.builder().setData(data).setSplit(splitOf.apply(data)).setTasks(tasks).setModel(model).setGraph(graph)
                .setTraining(training.toConfig()).setOut(out).optOccupancy(read.occupancy().name()).optResume(resume)
                .optProvenance(files, commandLine(spec.commandLine().getParseResult().originalArgs())).optTimeLimit(timeLimitMinutes * 60)
                .optInit(initial).optDistillation(distillation).build();
        return new Prepared(job, data.failures());
    }

    /** The command as a shell would take it again: arguments with spaces or quotes in single quotes. */
    static String commandLine(List<String> args) {
        StringBuilder s = new StringBuilder("regnet");
        for (String a : args) {
            s.append(' ');
            s.append(a.isEmpty() || a.matches(".*[\\s'\"\\\\$`!*?&|;<>()#~].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return s.toString();
    }

    /** The --teacher settings, or null without a teacher. */
    private Distillation distillation() {
        if (teacher == null) {
            if (teacherWeight != null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--teacher-weight needs --teacher");
            return null;
        }
        try {
            return new Distillation(teacher, teacherWeight != null ? teacherWeight : Distillation.DEFAULT_WEIGHT);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--teacher: " + e.getMessage());
        }
    }

    /** Releases the --init model, if any. */
    final void close() {
        if (initial != null) initial.close();
        initial = null;
    }

    /** The --init model, after checking that no option contradicts its architecture or graph settings. */
    private ReGNetModel initialModel() throws java.io.IOException {
        List<String> contradicting = new ArrayList<>();
        for (String name : List.of("--hidden", "--layers", "--gmax", "--experts", "--dropout", "--no-reciprocal", "--no-element-features",
                "--angular", "--reference-volume", "--non-negative-head", "--graph", "--cutoff", "--max-neighbors", "--hard-cap", "--underfilled", "--max-cutoff")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) contradicting.add(name);
        }
        if (!contradicting.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--init takes the architecture and graph settings from "
                    + init + "; drop " + String.join(", ", contradicting));
        }
        return ReGNetModel.load(init);
    }

    /** Optimizer, schedule, loss and stopping. */
    static final class TrainingOptions {
        @Option(names = "--epochs", paramLabel = "N", converter = PositiveInteger.class, defaultValue = "100", description = "Maximum epochs. Default: ${DEFAULT-VALUE}.") int epochs;
        @Option(names = "--batch-size", paramLabel = "N", converter = PositiveInteger.class, defaultValue = "64", description = "Crystals per batch. Default: ${DEFAULT-VALUE}.") int batchSize;
        @Option(names = "--batch-atoms", paramLabel = "N", converter = PositiveInteger.class, defaultValue = "4096", description = "Padded atoms per batch at most. Default: ${DEFAULT-VALUE}.") int batchAtoms;
        @Option(names = "--lr", paramLabel = "RATE", defaultValue = "2e-3", description = "Peak learning rate (AdamW). Default: ${DEFAULT-VALUE}.") double lr;
        @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "1e-5", description = "AdamW decoupled weight decay. Default: ${DEFAULT-VALUE}.") double weightDecay;
        @Option(names = "--warmup", paramLabel = "EPOCHS", defaultValue = "1", description = "Warm-up epochs, then the --schedule. Default: ${DEFAULT-VALUE}.") double warmup;
        @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "cosine", converter = ScheduleConverter.class,
                description = {"The learning rate after the warm-up: cosine (down to 1 %% of --lr by the last epoch) or constant (stays at --lr).",
                        "constant with --init and --weight-average is stochastic weight averaging. Default: ${DEFAULT-VALUE}."})
        TrainingConfig.Schedule schedule;
        @Option(names = "--clip", paramLabel = "NORM", defaultValue = "5", description = "Gradient-norm clipping (0 = off). Default: ${DEFAULT-VALUE}.") double clip;
        @Option(names = "--patience", paramLabel = "EPOCHS", defaultValue = "20", description = "Early stopping patience in epochs (0 = off). Default: ${DEFAULT-VALUE}.") int patience;
        @Option(names = "--loss", paramLabel = "KIND", defaultValue = "l1", converter = LossConverter.class, description = "l1, mse or huber. Default: ${DEFAULT-VALUE}.")
        TrainingConfig.LossKind loss;
        @Option(names = "--task-weighting", paramLabel = "KIND", defaultValue = "uncertainty", converter = WeightingConverter.class,
                description = "equal or uncertainty (Kendall et al.). Default: ${DEFAULT-VALUE}.")
        TrainingConfig.TaskWeighting weighting;
        @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seeds initialization, data order and dropout. Default: ${DEFAULT-VALUE}.") long seed;
        @Option(names = "--weight-average", paramLabel = "DECAY", defaultValue = "0", converter = AverageDecay.class,
                description = "Validate, keep and ship an exponential moving average of the weights with this decay per step "
                        + "(e.g. 0.999, about the last 1,000 steps), not the weights as trained; 0 = off. Default: ${DEFAULT-VALUE}.")
        double averageDecay;

        TrainingConfig toConfig() {
            return new TrainingConfig(epochs, batchSize, batchAtoms, lr, weightDecay, warmup, clip, patience, loss, weighting, seed, averageDecay, schedule);
        }
    }

    /** Network size. */
    static final class ArchitectureOptions {
        @Option(names = "--hidden", paramLabel = "H", converter = PositiveInteger.class, defaultValue = "64", description = "Atom feature width. Default: ${DEFAULT-VALUE}.") int hidden;
        @Option(names = "--layers", paramLabel = "L", converter = PositiveInteger.class, defaultValue = "3", description = "Graph convolution + reciprocal block layers. Default: ${DEFAULT-VALUE}.") int layers;
        @Option(names = "--gmax", paramLabel = "1/Å", defaultValue = "2.0", description = "Reciprocal cutoff |G| (1/Å, with 2π). Default: ${DEFAULT-VALUE}.") double gmax;
        @Option(names = "--experts", paramLabel = "E", converter = PositiveInteger.class, defaultValue = "4", description = "Experts of the mixture-of-experts head. Default: ${DEFAULT-VALUE}.") int experts;
        @Option(names = "--dropout", paramLabel = "P", defaultValue = "0", description = "Dropout on expert outputs. Default: ${DEFAULT-VALUE}.") double dropout;
        @Option(names = "--no-reciprocal", description = "Turn the reciprocal blocks off (ablation).") boolean noReciprocal;
        @Option(names = "--no-element-features", description = "Learned embedding only, without CDK element properties.") boolean noElementFeatures;
        @Option(names = "--angular", description = "Add bond-angle (three-body) invariants to each graph convolution.") boolean angular;
        @Option(names = "--reference-volume", paramLabel = "Å³", description = "v0 of the Ewald-form reciprocal block, u = (v0/V) Σ_n ... "
                + "(a typical volume per atom). Default: 10.") Double referenceVolume;
        @Option(names = "--non-negative-head", paramLabel = "KIND", defaultValue = "softplus", converter = NonNegativeHeadConverter.class,
                description = "How the head keeps --non-negative targets at or above zero: softplus, or hurdle (the softplus scaled by a "
                        + "learned probability that the value is not zero). Default: ${DEFAULT-VALUE}.")
        NonNegativeHead nonNegativeHead;

        /** Model v2 (Ewald-form reciprocal blocks, and smooth sums on a radius graph) with these sizes. */
        ModelConfig toConfig(GraphSettings graph) {
            ModelConfig d = ModelConfig.defaults();
            return new ModelConfig(hidden, layers, d.radialBasis(), graph.cutoff(), graph.maxNeighbors(), gmax, d.reciprocalBasis(),
                    !noReciprocal, experts, hidden, d.towerHidden(), dropout, !noElementFeatures, angular, true,
                    ReciprocalForm.EWALD, referenceVolume != null ? referenceVolume : ModelConfig.REFERENCE_VOLUME, d.aggregation(),
                    nonNegativeHead).withGraph(graph);
        }
    }

    /** A weight average's decay: 0 (off) or a number in (0, 1). */
    static final class AverageDecay implements picocli.CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d;
            try {
                d = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a number");
            }
            if (!(d >= 0 && d < 1)) throw new picocli.CommandLine.TypeConversionException("must be 0 (off) or lie between 0 and 1, not " + value);
            return d;
        }
    }

    static final class LossConverter extends EnumConverter<TrainingConfig.LossKind> {
        LossConverter() { super(TrainingConfig.LossKind.class); }
    }

    static final class ScheduleConverter extends EnumConverter<TrainingConfig.Schedule> {
        ScheduleConverter() { super(TrainingConfig.Schedule.class); }
    }

    static final class WeightingConverter extends EnumConverter<TrainingConfig.TaskWeighting> {
        WeightingConverter() { super(TrainingConfig.TaskWeighting.class); }
    }

    static final class NonNegativeHeadConverter extends EnumConverter<NonNegativeHead> {
        NonNegativeHeadConverter() { super(NonNegativeHead.class); }
    }
}
