package org.regnet.model;

import java.util.List;

/**
 * The predicted properties of one structure, in the model's task order and units; for an
 * ensemble also the spread (standard deviation) of its members' predictions, else null; where the
 * structure lies against the model's training domain (SCIENCE.md §6; null when the model records
 * none); the calibrated prediction interval per task, {@code lower} to {@code upper} (null when the
 * model has none: {@link PredictionIntervals}); or, when the structure could not be read or
 * featurized, the error (values is then null).
 */
public record Prediction(String id, String formula, int atoms, double[] values, double[] spread,
                         TrainingDomain.Assessment domain, String error, double[] lower, double[] upper) {
    /** Without prediction intervals. */
    public Prediction(String id, String formula, int atoms, double[] values, double[] spread, TrainingDomain.Assessment domain, String error) {
        this(id, formula, atoms, values, spread, domain, error, null, null);
    }

    /** A prediction without spread or domain (one format-1 model). */
    public Prediction(String id, String formula, int atoms, double[] values, String error) {
        this(id, formula, atoms, values, null, null, error);
    }

    /** The entry of a structure that could not be read or featurized. */
    public static Prediction failed(String id, String formula, int atoms, String error) {
        return new Prediction(id, formula, atoms, null, null, null, error);
    }

    public boolean ok() { return error == null; }

    /** False when the structure lies outside the model's training domain (see {@link #domain()} for why). */
    public boolean inDomain() { return domain == null || domain.inside(); }

    public double value(List<TaskSpec> tasks, String name) {
        for (int t = 0; t < tasks.size(); t++) if (tasks.get(t).name().equals(name)) return values[t];
        throw new IllegalArgumentException("no task " + name);
    }
}
