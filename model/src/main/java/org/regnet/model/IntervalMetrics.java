package org.regnet.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How prediction intervals did on labelled crystals: the share that held the label, and their mean width. */
final class IntervalMetrics {
    static final String COVERAGE = "interval_coverage";
    static final String WIDTH = "interval_width";

    private IntervalMetrics() {}

    /**
     * {@code metrics} (per task: name → value) with each calibrated task's {@value #COVERAGE} and
     * {@value #WIDTH} added.
     *
     * @param predicted [task][crystal], @param actual [task][crystal] (NaN = no label), @param distance [crystal]
     */
    static Map<String, Map<String, Double>> add(Map<String, Map<String, Double>> metrics, List<TaskSpec> tasks, PredictionIntervals intervals,
                                                 double[][] predicted, double[][] actual, double[] distance) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        if (metrics != null) metrics.forEach((task, m) -> out.put(task, new LinkedHashMap<>(m)));
        for (int t = 0; t < tasks.size(); t++) {
            int n = 0, inside = 0;
            double width = 0;
            for (int i = 0; i < distance.length; i++) {
                if (Double.isNaN(actual[t][i])) continue;
                double[] range = intervals.interval(tasks.get(t), predicted[t][i], distance[i]);
                if (range == null) break;
                n++;
                width += range[1] - range[0];
                if (actual[t][i] >= range[0] && actual[t][i] <= range[1]) inside++;
            }
            if (n == 0) continue;
            Map<String, Double> m = out.computeIfAbsent(tasks.get(t).name(), k -> new LinkedHashMap<>());
            m.put(COVERAGE, (double) inside / n);
            m.put(WIDTH, width / n);
        }
        return out;
    }
}
