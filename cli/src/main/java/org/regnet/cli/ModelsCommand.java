package org.regnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.regnet.model.EnsembleDefinition;
import org.regnet.model.IntervalCalibration;
import org.regnet.model.Manifest;
import org.regnet.model.ModelConfig;
import org.regnet.model.NonNegativeHead;
import org.regnet.model.ModelEnsemble;
import org.regnet.model.PredictionIntervals;
import org.regnet.model.ReGNetModel;
import org.regnet.model.LocalAggregation;
import org.regnet.model.ReciprocalForm;
import org.regnet.model.TrainingDomain;
import org.regnet.crystal.graph.GraphKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code regnet models}: what a model predicts and how it was made, from its manifest: tasks with
 * units, architecture and size, graph settings, the test accuracy recorded at training, and the
 * provenance (epochs, time, seed, split, code version). Without arguments, the bundled models.
 */
@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Describe models: tasks and units, architecture, test accuracy recorded at training, provenance.",
                "Without arguments: the bundled models and ensembles. Exit code 1 if a model cannot be loaded (the others are still described)."})
final class ModelsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "0..*", paramLabel = "M", description = "Model directories or zips, or bundled models' names; an ensemble's name lists its members, then describes each.")
    List<String> models = new ArrayList<>();

    @Option(names = "--json", description = {"One JSON object per model and line: {\"model\", \"parameters\", \"manifest\"} (or \"error\"; an ensemble: {\"model\", \"ensemble\": [members]}).",
            "The intervals' list of training chemical systems is given as its size, \"trainingChemistrySystems\" (the full list is in the manifest file)."})
    boolean json;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        List<String> names = new ArrayList<>(models);
        if (names.isEmpty()) {
            names.addAll(ReGNetModel.BUNDLED);
            names.addAll(ModelEnsemble.BUNDLED);
        }
        int failed = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            try {
                EnsembleDefinition ensemble = EnsembleDefinition.find(name);
                if (ensemble != null) {
                    List<String> members = ensemble.members();
                    PredictionIntervals intervals = ensemble.intervals();
                    ObjectNode line = JSON.createObjectNode().put("model", name);
                    line.set("ensemble", JSON.valueToTree(members));
                    if (intervals != null) line.set("intervals", summarized(JSON.valueToTree(intervals)));
                    out.println(json ? line.toString() : describeEnsemble(name, members, intervals));
                    for (String member : members) if (!names.contains(member)) names.add(member);  // described below, once
                    continue;
                }
                try (ReGNetModel m = ReGNetModel.load(name)) {
                    out.println(json ? jsonLine(name, m) : describe(name, m));
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                if (json) out.println(JSON.createObjectNode().put("model", name).put("error", e.getMessage()));
                err.println("regnet models: " + name + ": " + e.getMessage());
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static String jsonLine(String name, ReGNetModel m) throws IOException {
        ObjectNode line = JSON.createObjectNode().put("model", name).put("parameters", m.parameterCount());
        ObjectNode manifest = (ObjectNode) JSON.readTree(m.manifestJson());
        if (manifest.hasNonNull("intervals")) manifest.set("intervals", summarized(manifest.get("intervals")));
        line.set("manifest", manifest);
        return line.toString();
    }

    /** Intervals with the training crystals' chemical systems (15k strings for mp36k) replaced by their count, to keep a line readable. */
    private static ObjectNode summarized(com.fasterxml.jackson.databind.JsonNode intervals) {
        ObjectNode copy = ((ObjectNode) intervals).deepCopy();
        com.fasterxml.jackson.databind.JsonNode systems = copy.remove("trainingChemistry");
        if (systems != null && systems.isArray()) copy.put("trainingChemistrySystems", systems.size());
        return copy;
    }

    /** An ensemble's block: its members, each described in a block of its own. */
    static String describeEnsemble(String name, List<String> members, PredictionIntervals intervals) {
        StringBuilder s = new StringBuilder(name).append(ModelEnsemble.BUNDLED.contains(name) ? "  (bundled ensemble)" : "  (ensemble)").append('\n');
        line(s, "members", String.join(", ", members) + ": predictions are their mean, with their standard deviation as spread");
        if (intervals != null && !intervals.tasks().isEmpty()) {
            line(s, "intervals", String.format(Locale.ROOT, "%.0f %% (split conformal, %s%s) for %s", 100 * intervals.coverage(),
                    intervals.calibrationSet(), byChemistry(intervals), String.join(", ", new java.util.TreeSet<>(intervals.tasks().keySet()))));
        }
        return s.toString();
    }

    /** How the intervals group crystals: by unseen chemistry, by cell size, both or neither. */
    private static String byChemistry(PredictionIntervals intervals) {
        String s = intervals.trainingChemistry() == null ? ""
                : String.format(Locale.ROOT, "; crystals of a chemical system none of the %,d of training has calibrated apart", intervals.trainingChemistry().size());
        if (intervals.sizeClasses() != null) {
            List<String> classes = new ArrayList<>();
            for (int c = 0; c <= intervals.sizeClasses().size(); c++) classes.add(intervals.sizeClassName(c));
            s += "; by cell size (" + String.join(", ", classes) + " atoms)";
        }
        return s;
    }

    /** A block of labelled lines for a person. */
    static String describe(String name, ReGNetModel m) {
        Manifest manifest = m.manifest();
        ModelConfig a = manifest.architecture();
        StringBuilder s = new StringBuilder(name).append(ReGNetModel.BUNDLED.contains(name) ? "  (bundled)" : "")
                .append(manifest.legacy() ? "  (legacy: archive format 1, the retired reciprocal form; predictions explode for molecules "
                        + "and slabs in vacuum, no output ranges, no training domain)" : "").append('\n');
        line(s, "format", manifest.formatVersion() + (manifest.requires().isEmpty() ? "" : "; requires " + String.join(", ", manifest.requires())));
        List<String> tasks = new ArrayList<>();
        for (Manifest.Task t : manifest.tasks()) {
            List<String> notes = new ArrayList<>();
            if (!t.unit().isEmpty()) notes.add(t.unit());
            if (t.extensive()) notes.add("extensive");
            if (t.nonNegative()) notes.add(a.nonNegativeHead() == NonNegativeHead.HURDLE ? "≥ 0, hurdle head" : "≥ 0");
            tasks.add(t.name() + (notes.isEmpty() ? "" : " [" + String.join(", ", notes) + "]"));
        }
        line(s, "tasks", String.join(", ", tasks));
        line(s, "network", String.format(Locale.ROOT, "hidden %d, %d layers, %s, bond angles: %s, %d experts; %,d parameters",
                a.hidden(), a.layers(), a.reciprocal() ? String.format(Locale.ROOT, "%s reciprocal blocks (G_max %.1f 1/Å%s%s)",
                        a.reciprocalForm() == ReciprocalForm.EWALD ? "Ewald-form" : "per-atom-mean (retired)", a.gmax(),
                        a.reciprocalEnvelope() ? ", smooth envelope" : ", sharp cutoff",
                        a.reciprocalForm() == ReciprocalForm.EWALD ? String.format(Locale.ROOT, ", v0 %.3g Å³", a.referenceVolume()) : "")
                        : "no reciprocal blocks",
                a.angular() ? "yes" : "no", a.experts(), m.parameterCount()));
        line(s, "graph", manifest.graph().kind() == GraphKind.RADIUS
                ? String.format(Locale.ROOT, "every neighbour within %.1f Å, messages weighted by a smooth cutoff envelope", manifest.graph().cutoff())
                : String.format(Locale.ROOT, "%d nearest neighbours within %.1f Å (widened when fewer)%s", manifest.graph().maxNeighbors(),
                        manifest.graph().cutoff(), a.aggregation() == LocalAggregation.MEAN ? ", plain mean of messages" : ""));
        TrainingDomain d = manifest.domain();
        if (d != null) {
            line(s, "domain", String.format(Locale.ROOT, "%d elements; %s; embedding distance ≤ %.3g (%.1f %% of training)",
                    manifest.elements().size(), d.geometrySummary(), d.embeddingThreshold(), 100 * TrainingDomain.EMBEDDING_QUANTILE));
        }
        Map<String, Map<String, Double>> test = manifest.metrics() == null ? null : manifest.metrics().get("test");
        if (test != null) {
            List<String> maes = new ArrayList<>();
            for (Manifest.Task t : manifest.tasks()) {
                Map<String, Double> metric = test.get(t.name());
                if (metric != null && metric.get("mae") != null) {
                    maes.add(String.format(Locale.ROOT, "%s %.4g %s", t.name(), metric.get("mae"), t.unit()).strip());
                }
            }
            line(s, "test MAE", String.join(", ", maes));
        }
        PredictionIntervals intervals = manifest.intervals();
        if (intervals != null && !intervals.tasks().isEmpty()) {
            List<String> coverage = new ArrayList<>();
            Map<String, Map<String, Double>> check = manifest.metrics().get(IntervalCalibration.CHECK);
            for (Manifest.Task t : manifest.tasks()) {
                // recalibrated on the user's crystals, a task's coverage was checked on the ones held back, not on the test split
                boolean checked = check != null && check.containsKey(t.name());
                Map<String, Double> metric = checked ? check.get(t.name()) : test == null ? null : test.get(t.name());
                Double c = metric == null ? null : metric.get("interval_coverage");
                Double unseen = metric == null ? null : metric.get("interval_coverage_unseen_chemistry");
                if (intervals.tasks().containsKey(t.name())) {
                    coverage.add(c == null ? t.name() : String.format(Locale.ROOT, "%s %.1f %%%s%s", t.name(), 100 * c,
                            unseen == null ? "" : String.format(Locale.ROOT, " (unseen chemistry %.1f %%)", 100 * unseen),
                            checked ? " on the crystals held back" : ""));
                }
            }
            line(s, "intervals", String.format(Locale.ROOT, "%.0f %% (split conformal, %s%s); %s: %s", 100 * intervals.coverage(),
                    intervals.calibrationSet(), byChemistry(intervals), check == null ? "test coverage" : "coverage (test crystals unless said)",
                    String.join(", ", coverage)));
        }
        Manifest.Provenance p = manifest.provenance();
        if (p != null) {
            List<String> sizes = new ArrayList<>();
            if (p.splitSizes() != null) p.splitSizes().forEach((part, n) -> sizes.add(String.format(Locale.ROOT, "%,d %s", n, part)));
            line(s, "trained", String.format(Locale.ROOT, "%d epochs (best %d) in %.1f min, seed %d, %scode %s, %s",
                    p.epochsTrained(), p.bestEpoch(), p.trainingSeconds() / 60, p.seed(), schedule(p.training()), p.codeVersion(), p.created()));
            line(s, "split", p.split() + (sizes.isEmpty() ? "" : ": " + String.join(" / ", sizes)));
            if (p.initializedFrom() != null) line(s, "from", p.initializedFrom());
            if (p.distilledFrom() != null) line(s, "teacher", p.distilledFrom());
            Manifest.Environment e = p.environment();
            if (e != null) {
                line(s, "machine", String.format(Locale.ROOT, "%s, %s %s, %d cores%s, DJL %s, PyTorch %s", e.java(), e.os(), e.cpu(), e.cores(),
                        e.threads() > 0 ? " (" + e.threads() + " PyTorch threads)" : "", e.djl(), e.pytorch()));
            }
        }
        return s.toString();
    }

    /** The schedule and weight average, when they are not the defaults (cosine, none). */
    private static String schedule(org.regnet.model.TrainingConfig t) {
        if (t == null) return "";
        String s = t.schedule() == org.regnet.model.TrainingConfig.Schedule.CONSTANT ? "constant learning rate " + plain(t.learningRate()) + ", " : "";
        return s + (t.averageDecay() > 0 ? "weight average " + plain(t.averageDecay()) + ", " : "");
    }

    /** 4 significant digits, without trailing zeros or an exponent: 0.0005, 0.999. */
    private static String plain(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }

    private static void line(StringBuilder s, String label, String text) {
        s.append(String.format(Locale.ROOT, "  %-9s %s%n", label, text));
    }
}
