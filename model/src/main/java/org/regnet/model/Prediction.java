package org.regnet.model;

import java.util.List;

/**
 * The predicted properties of one structure, in the order and units of {@link #tasks()}; for an
 * ensemble also the spread (standard deviation) of its members' predictions, else null; the
 * calibrated prediction interval per task, {@code lower} to {@code upper} (null when the model has
 * none: {@link PredictionIntervals}); where the structure lies against the model's training domain
 * (SCIENCE.md §6; null when the model records none); warnings (e.g. an atom with few neighbours;
 * null when none); or, when the structure could not be read, featurized or fitted in memory, the
 * error (values is then null). {@code source} names where it came from: a path, or
 * "archive!/entry" (null for structures handed over in memory).
 */
public record Prediction(String id, String source, String formula, int atoms, List<TaskSpec> tasks, double[] values,
                         double[] spread, double[] lower, double[] upper, TrainingDomain.Assessment domain,
                         String warning, String error) {

    /** The entry of a structure that could not be read, featurized or run. */
    public static Prediction failed(String id, String source, String formula, int atoms, List<TaskSpec> tasks, String warning, String error) {
        return new Prediction(id, source, formula, atoms, tasks, null, null, null, null, null, warning, error);
    }

    public boolean ok() { return error == null; }

    /** False when the structure lies outside the model's training domain (see {@link #domain()} for why). */
    public boolean inDomain() { return domain == null || domain.inside(); }

    /** The predicted value of the task of this name. */
    public double value(String task) { return values[index(task)]; }

    /** The ensemble spread of the task of this name (NaN for a single model). */
    public double spread(String task) { return spread == null ? Double.NaN : spread[index(task)]; }

    /** The lower end of the task's prediction interval (NaN where the model has no interval for it). */
    public double lower(String task) { return lower == null ? Double.NaN : lower[index(task)]; }

    /** The upper end of the task's prediction interval (NaN where the model has no interval for it). */
    public double upper(String task) { return upper == null ? Double.NaN : upper[index(task)]; }

    private int index(String task) {
        if (!ok()) throw new IllegalStateException(id + " has no prediction: " + error);
        for (int t = 0; t < tasks.size(); t++) if (tasks.get(t).name().equals(task)) return t;
        throw new IllegalArgumentException("no task " + task + " (the model predicts " + tasks.stream().map(TaskSpec::name).toList() + ")");
    }
}
