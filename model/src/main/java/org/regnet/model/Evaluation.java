package org.regnet.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** MAE, RMSE and R² per task over the samples that have a label, in the target's units. */
final class Evaluation {
    private Evaluation() {}

    /** Keys count, mae, rmse, r2 (the last three absent when no sample has a label). */
    public static Map<String, Double> metrics(double[] predicted, double[] actual) {
        double sumAbs = 0, sumSq = 0, sum = 0;
        int n = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (Double.isNaN(actual[i])) continue;
            double d = predicted[i] - actual[i];
            sumAbs += Math.abs(d);
            sumSq += d * d;
            sum += actual[i];
            n++;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("count", (double) n);
        if (n == 0) return m;
        double mean = sum / n, ssTot = 0;
        for (double a : actual) if (!Double.isNaN(a)) ssTot += (a - mean) * (a - mean);
        m.put("mae", sumAbs / n);
        m.put("rmse", Math.sqrt(sumSq / n));
        m.put("r2", ssTot > 0 ? 1 - sumSq / ssTot : Double.NaN);
        return m;
    }
}
