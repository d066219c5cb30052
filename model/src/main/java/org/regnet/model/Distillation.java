package org.regnet.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Knowledge distillation: the training crystals learn a teacher's predictions beside their
 * labels. Each task's loss becomes (1 − α) L(f, y) + α L(f, ŷ_teacher), where the teacher is a
 * trained model or an ensemble (whose mean is smoother than any one model: what a small student
 * can gain from). Validation, the kept epoch and the test metrics still use the labels only.
 * A crystal without a label for a task still learns the teacher's prediction for it.
 * <p>
 * The teacher is either models, run on the student's own graphs, or a CSV file of a teacher's
 * predictions keyed by crystal id ({@code regnet predict} writes one): any model can teach that
 * way, whatever graphs it reads, even one from another program.
 *
 * @param teacher the teacher's models by name or path, as {@link PropertyModel#load} takes them, or
 *                one file of predictions ending in {@code .csv};
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
        if (teacher.size() > 1 && teacher.stream().anyMatch(Distillation::isPredictions)) {
            throw new IllegalArgumentException("a file of predictions is a whole teacher: give it alone, not with " + (teacher.size() - 1) + " other(s)");
        }
        if (!(weight > 0 && weight <= 1)) throw new IllegalArgumentException("the teacher's weight must lie in (0, 1], not " + weight);
    }

    /** The teacher's predictions file, or null when the teacher is models. */
    public Path predictions() { return isPredictions(teacher.get(0)) ? Path.of(teacher.get(0)) : null; }

    private static boolean isPredictions(String teacher) { return teacher.toLowerCase(Locale.ROOT).endsWith(".csv"); }

    /** This distillation for fold {@code k}: {@value #FOLD} replaced by k in every teacher path. */
    public Distillation forFold(int k) {
        return new Distillation(teacher.stream().map(t -> t.replace(FOLD, Integer.toString(k))).toList(), weight);
    }
}
