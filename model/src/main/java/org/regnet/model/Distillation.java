package org.regnet.model;

import java.util.List;

/**
 * Knowledge distillation: the training crystals learn a teacher's predictions beside their
 * labels. Each task's loss becomes (1 − α) L(f, y) + α L(f, ŷ_teacher), where the teacher is a
 * trained model or an ensemble (whose mean is smoother than any one model: what a small student
 * can gain from). Validation, the kept epoch and the test metrics still use the labels only.
 * A crystal without a label for a task still learns the teacher's prediction for it.
 *
 * @param teacher the teacher's models by name or path, as {@link PropertyModel#load} takes them;
 *                {@value #FOLD} in a path stands for the fold of a cross-validation run
 *                ({@link MatbenchRun}), so each fold's student learns from a teacher that never saw its test fold
 * @param weight  α, the teacher's share of each task's loss, in (0, 1]
 */
public record Distillation(List<String> teacher, double weight) {
    /** The placeholder for a fold's number in a teacher's path. */
    public static final String FOLD = "{fold}";
    public static final double DEFAULT_WEIGHT = 0.5;

    public Distillation {
        teacher = List.copyOf(teacher);
        if (teacher.isEmpty()) throw new IllegalArgumentException("distillation needs a teacher model");
        if (!(weight > 0 && weight <= 1)) throw new IllegalArgumentException("the teacher's weight must lie in (0, 1], not " + weight);
    }

    /** This distillation for fold {@code k}: {@value #FOLD} replaced by k in every teacher path. */
    public Distillation forFold(int k) {
        return new Distillation(teacher.stream().map(t -> t.replace(FOLD, Integer.toString(k))).toList(), weight);
    }
}
