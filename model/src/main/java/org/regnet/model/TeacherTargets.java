package org.regnet.model;

import org.regnet.data.CrystalGraph;
import org.regnet.data.DataException;
import org.regnet.data.Dataset;
import org.regnet.data.DatasetLoader;
import org.regnet.data.LabelTable;
import org.regnet.data.Split;
import org.regnet.data.TargetScaler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A teacher's predictions for the training crystals ({@link Distillation}), standardized as the
 * student's labels are, computed once before the first epoch.
 *
 * @param target      per dataset row and task (row × tasks + task), standardized; 0 where the mask is 0
 * @param mask        1 on training rows where the teacher gave a finite prediction
 * @param description the teacher's models with their parameters' SHA-256 (or its predictions file
 *                    with the file's), and α: provenance, and
 *                    part of a checkpoint's fingerprint (a resumed run must learn from the same teacher)
 */
record TeacherTargets(float[] target, float[] mask, String description) {

    /**
     * The teacher's targets for the training rows: read from its predictions file, or predicted by
     * its models.
     *
     * @throws IllegalArgumentException when the teacher lacks one of the job's tasks, reads other
     *                                  graphs, was trained on one of the job's test crystals, or
     *                                  predicts none of the training crystals
     */
    static TeacherTargets compute(Distillation distillation, TrainingJob job, int[] train, TargetScaler scaler,
                                  TrainingListener listener) throws IOException {
        return distillation.predictions() != null
                ? fromPredictions(distillation, job, train, scaler, listener)
                : fromModels(distillation, job, train, scaler, listener);
    }

    /** Loads the teacher, checks that it suits the job, predicts the training rows and closes it. */
    private static TeacherTargets fromModels(Distillation distillation, TrainingJob job, int[] train, TargetScaler scaler,
                                             TrainingListener listener) throws IOException {
        try (PropertyModel teacher = PropertyModel.load(distillation.teacher())) {
            String name = String.join(",", distillation.teacher());
            String expected = new org.regnet.data.Featurizer(job.graph(), job.model().gmax()).key();
            if (!teacher.featurizer().key().equals(expected)) {
                throw new IllegalArgumentException("the teacher " + name + " reads other graphs (" + teacher.featurizer().key()
                        + ") than this training job (" + expected + "); train the student with the teacher's graph settings");
            }
            int[] column = columns(teacher, job.tasks(), name);
            checkLeakage(teacher, job.split(), listener);
            Dataset data = job.data();
            List<CrystalGraph> graphs = data.graphsOf(train);
            long t0 = System.nanoTime();
            double[][] predicted = teacher.predictGraphs(graphs);
            double[][] values = new double[train.length][column.length];
            for (int i = 0; i < train.length; i++) {
                for (int t = 0; t < column.length; t++) values[i][t] = predicted[i][column[t]];
            }
            listener.message(String.format(Locale.ROOT, "teacher %s: predicted the %d training crystals in %.1f s; its share of each task's loss %.2f",
                    name, train.length, (System.nanoTime() - t0) / 1e9, distillation.weight()));
            return standardized(values, job, train, scaler, identity(teacher) + "; weight " + distillation.weight(), listener);
        }
    }

    /**
     * Reads the training rows' targets from a predictions file by crystal id. Which crystals the
     * teacher trained on is not in the file, so that check is the user's (the message says so); a
     * training crystal without a row, or with an empty cell, learns from its labels only.
     */
    private static TeacherTargets fromPredictions(Distillation distillation, TrainingJob job, int[] train, TargetScaler scaler,
                                                  TrainingListener listener) {
        Path csv = distillation.predictions();
        if (!Files.isRegularFile(csv)) throw new IllegalArgumentException("the teacher's predictions file " + csv + " does not exist");
        LabelTable table;
        try {
            table = LabelTable.read(csv, job.tasks().stream().map(TaskSpec::name).toList());
        } catch (DataException e) {
            throw new IllegalArgumentException("the teacher's predictions: " + e.getMessage(), e);
        }
        Dataset data = job.data();
        double[][] values = new double[train.length][];
        int found = 0;
        for (int i = 0; i < train.length; i++) {
            values[i] = table.get(data.graphs().get(train[i]).id());
            if (values[i] != null) found++;
        }
        if (found == 0) {
            throw new IllegalArgumentException("the teacher's predictions file " + csv + " has none of the " + train.length
                    + " training crystals' ids (its first column must hold the ids of the training data)");
        }
        listener.message(String.format(Locale.ROOT, "teacher %s: predictions for %d of the %d training crystals%s; its share of each task's "
                + "loss %.2f. A file does not say which crystals trained the teacher: make sure none of this job's test crystals did",
                csv, found, train.length, found < train.length ? " (the others learn from their labels only)" : "", distillation.weight()));
        return standardized(values, job, train, scaler, csv + " (sha256 " + DatasetLoader.sha256(csv) + "); weight " + distillation.weight(),
                listener);
    }

    /**
     * The teacher's values (per training row, in the job's task order; null or NaN where it has
     * none) standardized as the labels are, on the dataset's rows. A non-negative task's value below
     * zero (a teacher without the softplus head predicts gaps of −0.2 eV) is taken as zero: the
     * student's head cannot reach it, and the straight-through gradient of its softplus
     * ({@link OutputRanges}) would push the output down on that crystal at every step, without end.
     * With 16 % of mp36k's gaps so taught, the student's gradients exploded within an epoch
     * (benchmarks/training/mp36k-distilled/README.md).
     */
    private static TeacherTargets standardized(double[][] values, TrainingJob job, int[] train, TargetScaler scaler,
                                               String description, TrainingListener listener) {
        List<TaskSpec> tasks = job.tasks();
        Dataset data = job.data();
        int count = scaler.tasks();
        float[] target = new float[data.size() * count], mask = new float[data.size() * count];
        int[] belowZero = new int[count];
        for (int i = 0; i < train.length; i++) {
            if (values[i] == null) continue;
            int atoms = data.graphs().get(train[i]).atoms();
            for (int t = 0; t < count; t++) {
                double value = values[i][t];
                if (!Double.isFinite(value)) continue;
                if (tasks.get(t).nonNegative() && value < 0) {
                    value = 0;
                    belowZero[t]++;
                }
                target[train[i] * count + t] = (float) scaler.normalize(t, value, atoms);
                mask[train[i] * count + t] = 1f;
            }
        }
        List<String> clamped = new ArrayList<>();
        for (int t = 0; t < count; t++) if (belowZero[t] > 0) clamped.add(tasks.get(t).name() + " " + belowZero[t]);
        if (!clamped.isEmpty()) {
            listener.message("teacher: values below zero of non-negative tasks teach zero (the student's output cannot go below it): "
                    + String.join(", ", clamped) + " training crystals");
        }
        return new TeacherTargets(target, mask, description);
    }

    /** The teacher's column of each of the job's tasks, matched by name. */
    private static int[] columns(PropertyModel teacher, List<TaskSpec> tasks, String name) {
        List<String> known = teacher.tasks().stream().map(TaskSpec::name).toList();
        int[] column = new int[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            column[t] = known.indexOf(tasks.get(t).name());
            if (column[t] < 0) {
                throw new IllegalArgumentException("the teacher " + name + " predicts " + known + ", not '" + tasks.get(t).name() + "'");
            }
        }
        return column;
    }

    /** A teacher trained on a test crystal would pass that label on to the student: refused. */
    private static void checkLeakage(PropertyModel teacher, Split split, TrainingListener listener) {
        Set<String> test = new HashSet<>(split.test());
        for (ReGNetModel member : members(teacher)) {
            if (member.split() == null) {
                listener.message("warning: the teacher " + member.source() + " records no split; its training crystals may overlap this test set");
                continue;
            }
            long leaked = member.split().train().stream().filter(test::contains).count();
            if (leaked > 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the teacher %s was trained on %d of the %d test crystals: "
                        + "the student would learn their labels through it; use teachers trained on this job's split (in a matbench run, "
                        + "one per fold: %s in the teacher's path)", member.source(), leaked, test.size(), Distillation.FOLD));
            }
        }
    }

    private static List<ReGNetModel> members(PropertyModel teacher) {
        return teacher instanceof ModelEnsemble e ? e.members() : List.of((ReGNetModel) teacher);
    }

    private static String identity(PropertyModel teacher) {
        return String.join(", ", members(teacher).stream().map(ReGNetModel::identity).toList());
    }
}
