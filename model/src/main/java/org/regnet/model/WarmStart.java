package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import java.util.List;

/**
 * Starts training from a trained model's weights (fine-tuning, or a warm restart of the
 * schedule). The body (embedding, convolutions, reciprocal blocks, experts) is copied whole; the
 * per-task parts of the head (gates, towers) are copied task by task, matched by name, so a new
 * task starts from a fresh tower while the others keep theirs.
 */
final class WarmStart {
    private WarmStart() {}

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
