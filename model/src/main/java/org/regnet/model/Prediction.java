package org.regnet.model;

import java.util.List;

/**
 * The predicted properties of one structure, in the model's task order and units; for an
 * ensemble also the spread (standard deviation) of its members' predictions, else null; or, when
 * the structure could not be read or featurized, the error (values is then null).
 */
public record Prediction(String id, String formula, int atoms, double[] values, double[] spread, String error) {
    /** A prediction without spread (one model), or an error entry. */
    public Prediction(String id, String formula, int atoms, double[] values, String error) {
        this(id, formula, atoms, values, null, error);
    }

    public boolean ok() { return error == null; }

    public double value(List<TaskSpec> tasks, String name) {
        for (int t = 0; t < tasks.size(); t++) if (tasks.get(t).name().equals(name)) return values[t];
        throw new IllegalArgumentException("no task " + name);
    }
}
