package org.regnet.model;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a prediction row, as {@code regnet predict}, {@code regnet screen} and the Spark
 * job write them: id, status, formula, atoms, per task NAME[UNIT] (NAME_std[UNIT] for an ensemble,
 * NAME_lo/NAME_hi[UNIT] for a calibrated model), domain, domain_reason, warning, source, error.
 * Numbers are rounded to 5 decimals, more than any model's accuracy.
 */
public final class PredictionColumns {
    private final List<TaskSpec> tasks;
    private final boolean ensemble;
    private final PredictionIntervals intervals;
    private final List<String> names = new ArrayList<>(List.of("id", "status", "formula", "atoms"));

    public PredictionColumns(PropertyModel model) {
        this.tasks = model.tasks();
        this.ensemble = model instanceof ModelEnsemble;
        this.intervals = model.intervals();
        for (TaskSpec t : tasks) {
            names.add(column(t));
            if (ensemble) names.add(spreadColumn(t));
            if (hasInterval(t)) names.addAll(List.of(boundColumn(t, "lo"), boundColumn(t, "hi")));
        }
        names.addAll(List.of("domain", "domain_reason", "warning", "source", "error"));
    }

    /** The column names, in order. */
    public List<String> names() { return names; }

    public List<TaskSpec> tasks() { return tasks; }

    /** Whether rows carry NAME_std columns. */
    public boolean ensemble() { return ensemble; }

    /** Whether rows carry NAME_lo and NAME_hi columns for this task. */
    public boolean hasInterval(TaskSpec t) { return intervals != null && intervals.tasks().containsKey(t.name()); }

    /** A task's column: NAME[UNIT], or NAME for a unitless task. */
    public static String column(TaskSpec t) { return t.unit().isEmpty() ? t.name() : t.name() + "[" + t.unit() + "]"; }

    /** The column of one end of a task's prediction interval: NAME_lo[UNIT], NAME_hi[UNIT]. */
    public static String boundColumn(TaskSpec t, String end) { return column(new TaskSpec(t.name() + "_" + end, t.unit(), t.extensive())); }

    /** The column of an ensemble's spread for a task: NAME_std[UNIT]. */
    public static String spreadColumn(TaskSpec t) { return column(new TaskSpec(t.name() + "_std", t.unit(), t.extensive())); }

    /** One prediction as a row (column → value; null = empty), numbers rounded to 5 decimals. */
    public Map<String, Object> row(Prediction p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", p.id());
        row.put("status", p.ok() ? "ok" : "error");
        row.put("formula", p.formula());
        row.put("atoms", p.atoms() > 0 ? p.atoms() : null);
        if (p.ok()) {
            for (int t = 0; t < tasks.size(); t++) {
                TaskSpec task = tasks.get(t);
                row.put(column(task), round(p.values()[t], 5));
                if (p.spread() != null) row.put(spreadColumn(task), round(p.spread()[t], 5));
                if (p.lower() != null && !Double.isNaN(p.lower()[t])) {
                    row.put(boundColumn(task, "lo"), round(p.lower()[t], 5));
                    row.put(boundColumn(task, "hi"), round(p.upper()[t], 5));
                }
            }
            if (p.domain() != null) {
                row.put("domain", p.domain().inside() ? "in" : "out");
                row.put("domain_reason", p.domain().reason());
            }
        }
        row.put("warning", p.warning());
        row.put("source", p.source());
        row.put("error", p.error());
        return row;
    }

    /** {@code v} rounded to {@code digits} decimals, as the row columns print it. */
    public static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        if (!(Math.abs(v * f) < 1e18)) return v;  // Math.round would saturate at Long.MAX_VALUE (and NaN stays NaN)
        return Math.round(v * f) / f;
    }
}
