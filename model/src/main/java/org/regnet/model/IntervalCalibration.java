package org.regnet.model;

import org.regnet.data.CrystalGraph;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrates a trained model's prediction intervals ({@link PredictionIntervals}) on the
 * validation crystals of its own split, checks them on its test crystals, and writes them into
 * its archive. Training does this by itself; this is for models trained before it did, and for
 * named ensembles (their members must share one test set), whose intervals go into ensemble.json.
 *
 * @param intervals the calibrated intervals
 * @param test      per test crystal and task: actual, predicted, lower, upper (for plots); empty without test crystals
 * @param metrics   per task: interval_coverage and interval_width on the test crystals
 */
public record IntervalCalibration(PredictionIntervals intervals, List<TestCrystal> test, Map<String, Map<String, Double>> metrics) {

    /** One test crystal: per task the label (NaN if none), the prediction and its interval. */
    public record TestCrystal(String id, double[] actual, double[] predicted, double[] lower, double[] upper) {}

    /** Calibrates {@code model} (one model or an ensemble) on the crystals of {@code data} in its split's validation set. */
    public static IntervalCalibration of(PropertyModel model, Dataset data, double coverage) {
        Split split = model.split();
        if (split == null || split.validation().isEmpty()) {
            throw new IllegalArgumentException(model instanceof ModelEnsemble
                    ? "the ensemble's members do not share one test set (Split.shared): there is no validation set to calibrate on"
                    : ((ReGNetModel) model).source() + " has no validation split to calibrate on");
        }
        int[] validation = data.indicesOfPresent(split.validation());
        if (validation.length == 0) throw new IllegalArgumentException("none of the model's validation crystals is in the data");
        Labelled v = labelled(model, data, validation);
        int[] trainRows = data.indicesOfPresent(split.train());
        String set = "validation split (" + validation.length + " crystals)";
        List<String> trainingChemistry = null;  // unseen chemistry apart only when every training crystal's system is known
        if (trainRows.length == split.train().size()) {
            trainingChemistry = new ArrayList<>(trainRows.length);
            for (int r : trainRows) trainingChemistry.add(data.graphs().get(r).chemicalSystem());
        } else {
            set += ", as one group: " + (split.train().size() - trainRows.length) + " training crystals are not in the data, so unseen chemistry is not told apart";
        }
        PredictionIntervals intervals = PredictionIntervals.fit(model.tasks(), v.predicted, v.actual, v.distance, graphs(data, validation),
                trainingChemistry, coverage, set);
        int[] testRows = data.indicesOfPresent(split.test());
        List<TestCrystal> test = new ArrayList<>();
        Map<String, Map<String, Double>> metrics = Map.of();
        if (testRows.length > 0) {
            Labelled t = labelled(model, data, testRows);
            List<CrystalGraph> testGraphs = graphs(data, testRows);
            metrics = IntervalMetrics.add(null, model.tasks(), intervals, t.predicted, t.actual, t.distance, testGraphs);
            int tasks = model.tasks().size();
            for (int i = 0; i < testRows.length; i++) {
                double[] a = new double[tasks], p = new double[tasks], lo = new double[tasks], hi = new double[tasks];
                for (int k = 0; k < tasks; k++) {
                    a[k] = t.actual[k][i];
                    p[k] = t.predicted[k][i];
                    double[] range = intervals.interval(model.tasks().get(k), p[k], t.distance[i], testGraphs.get(i));
                    lo[k] = range == null ? Double.NaN : range[0];
                    hi[k] = range == null ? Double.NaN : range[1];
                }
                test.add(new TestCrystal(data.graphs().get(testRows[i]).id(), a, p, lo, hi));
            }
        }
        return new IntervalCalibration(intervals, test, metrics);
    }

    /**
     * Writes the intervals to {@code dir}: for one model into its archive's manifest (the test
     * coverage into its metrics), for an ensemble into the ensemble.json of its folder.
     */
    public void writeTo(Path dir, PropertyModel model) throws IOException {
        if (model instanceof ModelEnsemble) {
            EnsembleDefinition.writeIntervals(dir, intervals);
            return;
        }
        writeTo(dir, (ReGNetModel) model);
    }

    private void writeTo(Path dir, ReGNetModel model) throws IOException {
        if (!Files.isRegularFile(dir.resolve(ModelArchive.MANIFEST))) throw new IOException(dir + " is not a model directory (no manifest.json)");
        Map<String, Map<String, Map<String, Double>>> all = new LinkedHashMap<>(model.manifest().metrics());
        if (!metrics.isEmpty()) {
            Map<String, Map<String, Double>> merged = new LinkedHashMap<>();
            Map<String, Map<String, Double>> before = all.getOrDefault("test", Map.of());
            before.forEach((task, m) -> merged.put(task, new LinkedHashMap<>(m)));
            metrics.forEach((task, m) -> merged.computeIfAbsent(task, k -> new LinkedHashMap<>()).putAll(m));
            all.put("test", merged);
        }
        Manifest updated = model.manifest().withIntervals(intervals, all);
        ModelArchive.writeAtomically(dir.resolve(ModelArchive.MANIFEST), ModelArchive.JSON.writeValueAsBytes(updated));
    }

    private record Labelled(double[][] predicted, double[][] actual, double[] distance) {}

    private static List<CrystalGraph> graphs(Dataset data, int[] rows) {
        List<CrystalGraph> graphs = new ArrayList<>(rows.length);
        for (int r : rows) graphs.add(data.graphs().get(r));
        return graphs;
    }

    private static Labelled labelled(PropertyModel model, Dataset data, int[] rows) {
        PropertyModel.Estimates estimates = model.estimate(graphs(data, rows));
        if (estimates.distance() == null) throw new IllegalArgumentException("the model records no training domain (a format-1 model)");
        double[][] values = estimates.mean();
        double[] distance = estimates.distance();
        int tasks = model.tasks().size();
        double[][] predicted = new double[tasks][rows.length], actual = new double[tasks][rows.length];
        for (int k = 0; k < tasks; k++) {
            int column = data.targets().indexOf(model.tasks().get(k).name());
            for (int i = 0; i < rows.length; i++) {
                predicted[k][i] = values[i][k];
                actual[k][i] = column < 0 ? Double.NaN : data.labels()[rows[i]][column];
            }
        }
        return new Labelled(predicted, actual, distance);
    }
}
