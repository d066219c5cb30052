package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.regnet.data.Split;
import org.regnet.data.TargetScaler;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What training takes over from a trained model when it starts from one (fine-tuning, or a warm
 * restart of the schedule). The body (embedding, convolutions, reciprocal blocks, experts) is
 * copied whole; the per-task parts of the head (gates, towers), the normalization and the learned
 * task weights are taken task by task, matched by name, so a new task starts fresh while the
 * others keep theirs.
 */
final class WarmStart {
    private final ReGNetModel initial;

    WarmStart(ReGNetModel initial) {
        this.initial = initial;
    }

    /** The initial model and its parameters' SHA-256: provenance, and part of a checkpoint's fingerprint. */
    String description() { return initial.identity(); }

    /** Copies the initial model's weights into {@code to}, which predicts {@code tasks}; returns how many kept a trained tower. */
    int copyInto(Network to, List<String> tasks) {
        return copy(initial.network(), initial.manifest().tasks().stream().map(Manifest.Task::name).toList(), to, tasks);
    }

    /**
     * Tasks the initial model knows keep its normalization, so that their towers' outputs mean the
     * same from the first step; the others keep {@code fitted}, the statistics of this training split.
     */
    TargetScaler normalization(List<String> tasks, TargetScaler fitted) {
        double[] mean = fitted.mean().clone(), std = fitted.std().clone();
        for (int t = 0; t < tasks.size(); t++) {
            Manifest.Task known = initialTask(tasks.get(t));
            if (known != null && known.extensive() == fitted.extensive()[t]) {
                mean[t] = known.mean();
                std[t] = known.std();
            }
        }
        return new TargetScaler(mean, std, fitted.extensive());
    }

    /**
     * Tasks the initial model learned with uncertainty weighting keep their learned log-variances:
     * from zero they need several epochs to find the balance again, and the precise tasks are
     * under-weighted meanwhile.
     */
    void keepTaskWeights(List<String> tasks, float[] logVariance) {
        for (int t = 0; t < tasks.size(); t++) {
            Manifest.Task known = initialTask(tasks.get(t));
            if (known != null && known.lossLogVariance() != null) logVariance[t] = known.lossLogVariance().floatValue();
        }
    }

    /** Test crystals the initial model was trained on make the test metrics optimistic: the warning that says so. */
    Optional<String> leakageWarning(Split split) {
        Split before = initial.split();
        if (before == null) {
            return Optional.of("warning: the initial model records no split; its training crystals may overlap this test set");
        }
        Set<String> seen = new HashSet<>(before.train());
        long leaked = split.test().stream().filter(seen::contains).count();
        if (leaked == 0) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "warning: %d of %d test crystals were in the initial model's training set: "
                + "the test metrics will be optimistic (use the initial model's split to avoid this)", leaked, split.test().size()));
    }

    private Manifest.Task initialTask(String name) {
        for (Manifest.Task known : initial.manifest().tasks()) if (known.name().equals(name)) return known;
        return null;
    }

    /**
     * Copies {@code from}'s parameters into {@code to}. Both must have the same architecture
     * (checked by the caller); only the task lists may differ.
     *
     * @return how many of {@code toTasks} kept a trained tower
     */
    static int copy(Network from, List<String> fromTasks, Network to, List<String> toTasks) {
        List<String> names = to.parameterNames(), fromNames = from.parameterNames();
        List<Parameter> target = to.parameters(), source = from.parameters();
        List<Parameter> perTask = to.block.head().perTaskParameters();
        int kept = 0;
        for (String task : toTasks) if (fromTasks.contains(task)) kept++;
        try (NDManager sub = to.manager.newSubManager()) {
            for (int p = 0; p < names.size(); p++) {
                int q = fromNames.indexOf(names.get(p));
                if (q < 0) throw new IllegalStateException("the initial model has no parameter " + names.get(p));
                NDArray dst = target.get(p).getArray(), src = source.get(q).getArray();
                float[] values = perTask.contains(target.get(p))
                        ? perTask(src, fromTasks, dst, toTasks) : same(src, dst, names.get(p));
                // write into the parameter's own memory (see ModelTrainer.writeWeights)
                dst.muli(0f).addi(sub.create(values, dst.getShape()));
            }
        }
        return kept;
    }

    private static float[] same(NDArray src, NDArray dst, String name) {
        if (!src.getShape().equals(dst.getShape())) {
            throw new IllegalStateException(name + ": shape " + src.getShape() + " in the initial model, " + dst.getShape() + " here");
        }
        return src.toFloatArray();
    }

    /** Per-task parameters stack their tasks along the first axis, the same number of rows each. */
    private static float[] perTask(NDArray src, List<String> fromTasks, NDArray dst, List<String> toTasks) {
        Shape s = src.getShape(), d = dst.getShape();
        long rowsPerTask = d.get(0) / toTasks.size();
        if (s.get(0) != rowsPerTask * fromTasks.size() || !s.slice(1).equals(d.slice(1))) {
            throw new IllegalStateException("per-task parameter of shape " + s + " in the initial model, " + d + " here");
        }
        int block = (int) (rowsPerTask * d.slice(1).size());
        float[] out = dst.toFloatArray(), in = src.toFloatArray();
        for (int t = 0; t < toTasks.size(); t++) {
            int f = fromTasks.indexOf(toTasks.get(t));
            if (f >= 0) System.arraycopy(in, f * block, out, t * block, block);
        }
        return out;
    }
}
