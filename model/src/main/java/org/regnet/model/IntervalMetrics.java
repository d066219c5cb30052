package org.regnet.model;

import org.regnet.data.CrystalGraph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How prediction intervals did on labelled crystals: the share that held the label, and their mean width. */
final class IntervalMetrics {
    /** Every interval metric's name starts so. */
    static final String PREFIX = "interval_";
    static final String COVERAGE = PREFIX + "coverage";
    static final String WIDTH = "interval_width";
    /** The coverage over the crystals of unseen chemistry alone, when the intervals tell them apart. */
    static final String COVERAGE_UNSEEN = "interval_coverage_unseen_chemistry";

    private IntervalMetrics() {}

    /**
     * {@code metrics} (per task: name → value) with each calibrated task's {@value #COVERAGE} and
     * {@value #WIDTH} added, {@value #COVERAGE_UNSEEN} when some crystals are of unseen chemistry, and
     * each size class's coverage ({@link PredictionIntervals#sizeCoverageMetric}) when calibrated by size.
     *
     * @param predicted [task][crystal], @param actual [task][crystal] (NaN = no label), @param distance [crystal],
     * @param crystals [crystal], for their chemical systems
     */
    static Map<String, Map<String, Double>> add(Map<String, Map<String, Double>> metrics, List<TaskSpec> tasks, PredictionIntervals intervals,
                                                 double[][] predicted, double[][] actual, double[] distance, List<CrystalGraph> crystals) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        if (metrics != null) metrics.forEach((task, m) -> out.put(task, new LinkedHashMap<>(m)));
        boolean[] unseen = new boolean[crystals.size()];
        for (int i = 0; i < unseen.length; i++) unseen[i] = intervals.unseenChemistry(crystals.get(i));
        List<Integer> sizes = intervals.sizeClasses();
        for (int t = 0; t < tasks.size(); t++) {
            int n = 0, inside = 0, nUnseen = 0, insideUnseen = 0;
            int[] nSize = new int[sizes == null ? 1 : sizes.size() + 1], insideSize = new int[nSize.length];
            double width = 0;
            for (int i = 0; i < distance.length; i++) {
                if (Double.isNaN(actual[t][i])) continue;
                double[] range = intervals.interval(tasks.get(t), predicted[t][i], distance[i], unseen[i], crystals.get(i).atoms());
                if (range == null) break;
                boolean in = actual[t][i] >= range[0] && actual[t][i] <= range[1];
                n++;
                width += range[1] - range[0];
                if (in) inside++;
                if (unseen[i]) {
                    nUnseen++;
                    if (in) insideUnseen++;
                }
                if (sizes != null) {
                    int c = PredictionIntervals.sizeClass(sizes, crystals.get(i).atoms());
                    nSize[c]++;
                    if (in) insideSize[c]++;
                }
            }
            if (n == 0) continue;
            Map<String, Double> m = out.computeIfAbsent(tasks.get(t).name(), k -> new LinkedHashMap<>());
            m.put(COVERAGE, (double) inside / n);
            m.put(WIDTH, width / n);
            if (nUnseen > 0) m.put(COVERAGE_UNSEEN, (double) insideUnseen / nUnseen);
            if (sizes != null) {
                for (int c = 0; c < nSize.length; c++) if (nSize[c] > 0) m.put(intervals.sizeCoverageMetric(c), (double) insideSize[c] / nSize[c]);
            }
        }
        return out;
    }
}
