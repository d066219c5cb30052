package org.regnet.model;

import java.util.List;

/**
 * The predicted properties of one structure, in the model's task order and units; or, when the
 * structure could not be read or featurized, the error (values is then null).
 */
public record Prediction(String id, String formula, int atoms, double[] values, String error) {
    public boolean ok() { return error == null; }

    public double value(List<TaskSpec> tasks, String name) {
        for (int t = 0; t < tasks.size(); t++) if (tasks.get(t).name().equals(name)) return values[t];
        throw new IllegalArgumentException("no task " + name);
    }
}
