package org.regnet.cli;

import org.regnet.model.ModelEnsemble;
import org.regnet.model.Prediction;
import org.regnet.model.PredictionIntervals;
import org.regnet.model.Predictor;
import org.regnet.model.ReGNetModel;
import org.regnet.model.TaskSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a prediction row, as {@code predict} and {@code screen} write them: id, status,
 * formula, atoms, per task NAME[UNIT] (NAME_std[UNIT] for an ensemble, NAME_lo/NAME_hi[UNIT] for a
 * calibrated model), domain, domain_reason, warning, source, error.
 */
final class PredictionColumns {
    private final List<TaskSpec> tasks;
    private final boolean ensemble;
    private final PredictionIntervals intervals;
    private final List<String> names = new ArrayList<>(List.of("id", "status", "formula", "atoms"));

    PredictionColumns(Predictor model) {
        this.tasks = model.tasks();
        this.ensemble = model instanceof ModelEnsemble;
        this.intervals = model instanceof ReGNetModel r ? r.manifest().intervals() : null;
        for (TaskSpec t : tasks) {
            names.add(column(t));
            if (ensemble) names.add(spreadColumn(t));
            if (hasInterval(t)) names.addAll(List.of(boundColumn(t, "lo"), boundColumn(t, "hi")));
        }
        names.addAll(List.of("domain", "domain_reason", "warning", "source", "error"));
    }

    List<String> names() { return names; }

    List<TaskSpec> tasks() { return tasks; }

    boolean ensemble() { return ensemble; }

    boolean hasInterval(TaskSpec t) { return intervals != null && intervals.tasks().containsKey(t.name()); }

    static String column(TaskSpec t) { return t.unit().isEmpty() ? t.name() : t.name() + "[" + t.unit() + "]"; }

    /** The column of one end of a task's prediction interval: NAME_lo[UNIT], NAME_hi[UNIT]. */
    static String boundColumn(TaskSpec t, String end) { return column(new TaskSpec(t.name() + "_" + end, t.unit(), t.extensive())); }

    /** The column of an ensemble's spread for a task: NAME_std[UNIT]. */
    static String spreadColumn(TaskSpec t) { return column(new TaskSpec(t.name() + "_std", t.unit(), t.extensive())); }

    /** One prediction as a row (column → value; null = empty), numbers rounded to 5 decimals. */
    Map<String, Object> row(Prediction p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", p.id());
        row.put("status", p.ok() ? "ok" : "error");
        row.put("formula", p.formula());
        row.put("atoms", p.atoms() > 0 ? p.atoms() : null);
        if (p.ok()) {
            for (int t = 0; t < tasks.size(); t++) {
                TaskSpec task = tasks.get(t);
                row.put(column(task), InfoCommand.round(p.values()[t], 5));
                if (p.spread() != null) row.put(spreadColumn(task), InfoCommand.round(p.spread()[t], 5));
                if (p.lower() != null && !Double.isNaN(p.lower()[t])) {
                    row.put(boundColumn(task, "lo"), InfoCommand.round(p.lower()[t], 5));
                    row.put(boundColumn(task, "hi"), InfoCommand.round(p.upper()[t], 5));
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
}
