package org.regnet.data;

/**
 * Standardizes each target with the mean and standard deviation of the training split only (the
 * test set must not leak into the model). Extensive targets (per cell) are divided by the atom
 * count first, so the network predicts a per-atom value that is multiplied back by N.
 *
 * @param mean      per task, of the (per-atom, if extensive) training labels
 * @param std       per task, never zero
 * @param extensive per task
 */
public record TargetScaler(double[] mean, double[] std, boolean[] extensive) {

    /** Fits on the given rows of {@code labels}, ignoring missing (NaN) values. */
    public static TargetScaler fit(Dataset data, int[] rows, boolean[] extensive) {
        int tasks = data.targets().size();
        double[] mean = new double[tasks], std = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            double sum = 0, sum2 = 0;
            int count = 0;
            for (int r : rows) {
                double y = data.labels()[r][t];
                if (Double.isNaN(y)) continue;
                if (extensive[t]) y /= data.graphs().get(r).atoms();
                sum += y;
                sum2 += y * y;
                count++;
            }
            if (count == 0) throw new DataException("target '" + data.targets().get(t) + "' has no label in the training split");
            mean[t] = sum / count;
            double var = Math.max(0, sum2 / count - mean[t] * mean[t]);
            std[t] = var > 1e-24 ? Math.sqrt(var) : 1.0;
        }
        return new TargetScaler(mean, std, extensive.clone());
    }

    public int tasks() { return mean.length; }

    public double normalize(int task, double label, int atoms) {
        double y = extensive[task] ? label / atoms : label;
        return (y - mean[task]) / std[task];
    }

    public double denormalize(int task, double value, int atoms) {
        double y = value * std[task] + mean[task];
        return extensive[task] ? y * atoms : y;
    }
}
