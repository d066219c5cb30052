package org.regnet.model;

import org.regnet.data.Dataset;
import org.regnet.data.TargetScaler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training job's predictions in the tasks' own units, and how they score against its labels:
 * metrics per task (the metrics CSV and the manifest) and the one validation score that picks the
 * best epoch. Predictions are held as [task][dataset row]; entries of other rows are unused.
 */
final class TrainingScores {
    private final Dataset data;
    private final List<TaskSpec> tasks;
    private final TargetScaler scaler;

    TrainingScores(Dataset data, List<TaskSpec> tasks, TargetScaler scaler) {
        this.data = data;
        this.tasks = tasks;
        this.scaler = scaler;
    }

    /** Normalized network outputs ([row][task]) of the given rows in the tasks' units, as [task][row]. */
    double[][] physical(int[] rows, float[][] normalized) {
        double[][] out = new double[tasks.size()][data.size()];
        for (int r : rows) {
            int atoms = data.graphs().get(r).atoms();
            for (int t = 0; t < tasks.size(); t++) out[t][r] = physical(t, normalized[r][t], atoms);
        }
        return out;
    }

    /** A normalized network output in the task's units (rounding below zero clamped for a non-negative task). */
    double physical(int task, float normalized, int atoms) {
        return OutputRanges.clampRounding(scaler.denormalize(task, normalized, atoms), tasks.get(task).nonNegative());
    }

    /** Per task name: {@link Evaluation#metrics} of the given rows. */
    Map<String, Map<String, Double>> metrics(int[] rows, double[][] predicted) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            double[] p = new double[rows.length], a = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                p[i] = predicted[t][rows[i]];
                a[i] = data.labels()[rows[i]][t];
            }
            out.put(tasks.get(t).name(), Evaluation.metrics(p, a));
        }
        return out;
    }

    /**
     * Mean over tasks of the MAE in standardized units (per atom for extensive targets): unitless,
     * so every task counts equally whatever its unit or the crystals' sizes.
     */
    double score(int[] rows, double[][] predicted) {
        double sum = 0;
        int tasksWithLabels = 0;
        for (int t = 0; t < tasks.size(); t++) {
            double err = 0;
            int n = 0;
            for (int r : rows) {
                double y = data.labels()[r][t];
                if (Double.isNaN(y)) continue;
                int atoms = data.graphs().get(r).atoms();
                err += Math.abs(scaler.normalize(t, predicted[t][r], atoms) - scaler.normalize(t, y, atoms));
                n++;
            }
            if (n == 0) continue;
            sum += err / n;
            tasksWithLabels++;
        }
        return tasksWithLabels == 0 ? Double.POSITIVE_INFINITY : sum / tasksWithLabels;
    }
}
