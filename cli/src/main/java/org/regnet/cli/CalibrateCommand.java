package org.regnet.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.regnet.data.Dataset;
import org.regnet.model.IntervalCalibration;
import org.regnet.model.PredictionIntervals;
import org.regnet.model.ModelEnsemble;
import org.regnet.model.ModelEvaluation;
import org.regnet.model.PropertyModel;
import org.regnet.model.TaskSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code regnet calibrate}: prediction intervals for a trained model directory or an ensemble folder,
 * calibrated on the validation split and checked on the test split (training does this itself for
 * one model since intervals exist).
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Calibrate a model's or an ensemble's prediction intervals (split conformal) on the validation crystals of its split, "
                + "check their coverage on its test crystals, and write them into the model directory (manifest.json) "
                + "or the ensemble folder (ensemble.json; its members must share one test set).",
                "With --calibration-set given, calibrate on labelled crystals of your own population instead (intervals calibrated on "
                + "the model's split hold their coverage only for crystals like its training data), a share held back to check the coverage.",
                "Predictions then carry task_lo and task_hi."})
final class CalibrateCommand implements Callable<Integer> {
    /** What the intervals are calibrated on. */
    enum CalibrationSet { split, given }

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "A model directory, or an ensemble folder (with ensemble.json). With --out also a zip or a bundled name (mp36k, mp36k-accurate).")
    String model;

    @Mixin DatasetOptions dataset;

    @Option(names = "--calibration-set", paramLabel = "SET", defaultValue = "split",
            description = "split: the validation crystals of the model's own split, checked on its test crystals. "
                    + "given: every labelled crystal of --data that the model did not train on (by id), a share held back to check "
                    + "(--check-fraction); tasks without labels there keep their intervals. Default: ${DEFAULT-VALUE}.")
    CalibrationSet calibrationSet;

    @Option(names = "--check-fraction", paramLabel = "F", defaultValue = "0.3",
            description = "With --calibration-set given: the share of the crystals held back to check the coverage (0 for none). Default: ${DEFAULT-VALUE}.")
    double checkFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "With --calibration-set given: draws the crystals held back. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write a copy of the model with the new intervals to this new folder, leaving --model as it is.")
    Path out;

    @Option(names = "--coverage", paramLabel = "P", defaultValue = "" + PredictionIntervals.DEFAULT_COVERAGE,
            description = "Nominal coverage of the intervals. Default: ${DEFAULT-VALUE}.")
    double coverage;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write interval-TASK.png (interval width against error on the check crystals) here.")
    Path plots;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(coverage > 0 && coverage < 1)) throw new ParameterException(spec.commandLine(), "--coverage must lie between 0 and 1, not " + coverage);
        if (!(checkFraction >= 0 && checkFraction < 1)) throw new ParameterException(spec.commandLine(), "--check-fraction must lie in [0, 1), not " + checkFraction);
        if (out == null && !Files.isDirectory(Path.of(model))) {
            throw new ParameterException(spec.commandLine(), "--model " + model + " is not a model directory or ensemble folder; "
                    + "to recalibrate a bundled model or a zip, write the copy elsewhere with --out DIR");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (PropertyModel m = PropertyModel.load(List.of(model))) {
            List<String> names = new ArrayList<>();
            for (TaskSpec t : m.tasks()) names.add(t.name());
            if (dataset.targets == null) dataset.targets = names;
            try {
                ModelEvaluation.requirePredicted(m, dataset.targets);  // before any structure is read
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            Dataset data = dataset.loadFor(m, err::println);
            IntervalCalibration c;
            try {
                c = calibrationSet == CalibrationSet.split ? IntervalCalibration.of(m, data, coverage)
                        : IntervalCalibration.onCrystals(m, data, new IntervalCalibration.Settings(coverage, checkFraction, seed));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            err.println("calibrated on: " + c.intervals().calibrationSet());
            String checked = c.checkedOn().equals("test") ? "test" : "check";
            if (out != null) c.saveAs(out, m);
            else c.writeTo(Path.of(model), m);
            for (TaskSpec t : m.tasks()) {
                PredictionIntervals.Task task = c.intervals().tasks().get(t.name());
                if (task == null) continue;
                if (m.intervals() != null && task.equals(m.intervals().tasks().get(t.name()))) {
                    err.println(String.format(Locale.ROOT, "%-28s keeps its intervals (no labels given)", t.name()));
                    continue;
                }
                Map<String, Double> test = c.metrics().get(t.name());
                PredictionIntervals.Task unseen = task.unseenChemistry();
                err.println(String.format(Locale.ROOT, "%-28s q %.4g %s (from %d crystals%s)%s", t.name(), task.scale(), t.unit(), task.calibrationCrystals(),
                        unseen == null ? "" : String.format(Locale.ROOT, " of seen chemistry; unseen chemistry: q %.4g from %d", unseen.scale(), unseen.calibrationCrystals()),
                        test == null ? "" : String.format(Locale.ROOT, "; %s: coverage %.1f %%%s, mean width %.4g %s", checked, 100 * test.get("interval_coverage"),
                                !test.containsKey("interval_coverage_unseen_chemistry") ? ""
                                        : String.format(Locale.ROOT, " (unseen chemistry %.1f %%)", 100 * test.get("interval_coverage_unseen_chemistry")),
                                test.get("interval_width"), t.unit())));
                if (task.bySize() != null) {
                    for (int k = 0; k < task.bySize().size(); k++) {
                        PredictionIntervals.Task g = task.bySize().get(k);
                        Double coverage = test == null ? null : test.get(c.intervals().sizeCoverageMetric(k));
                        err.println(String.format(Locale.ROOT, "    %-24s q %.4g (from %d crystals%s)%s", "atoms " + c.intervals().sizeClassName(k),
                                g.scale(), g.calibrationCrystals(),
                                g.unseenChemistry() == null ? "" : String.format(Locale.ROOT, "; unseen chemistry: q %.4g from %d",
                                        g.unseenChemistry().scale(), g.unseenChemistry().calibrationCrystals()),
                                coverage == null ? "" : String.format(Locale.ROOT, "; %s coverage %.1f %%", checked, 100 * coverage)));
                    }
                }
                if (plots != null && test != null) plot(plots.resolve("interval-" + t.name().replace(' ', '_') + ".png"), t, names.indexOf(t.name()), c);
            }
            err.println(out != null ? "model with these intervals written to " + out
                    : "intervals written to " + Path.of(model).resolve(m instanceof ModelEnsemble ? "ensemble.json" : "manifest.json"));
        }
        return 0;
    }

    /** Interval half-width against absolute error per test crystal; the points below the diagonal are covered. */
    private void plot(Path file, TaskSpec task, int t, IntervalCalibration c) throws Exception {
        List<Double> width = new ArrayList<>(), error = new ArrayList<>();
        double max = 0;
        for (IntervalCalibration.TestCrystal x : c.test()) {
            if (Double.isNaN(x.actual()[t])) continue;
            double half = (x.upper()[t] - x.predicted()[t]);
            width.add(half);
            error.add(Math.abs(x.actual()[t] - x.predicted()[t]));
            max = Math.max(max, half);
        }
        String unit = task.unit().isEmpty() ? "" : " (" + task.unit() + ")";
        XYChart chart = new XYChartBuilder().width(640).height(600)
                .title(String.format(Locale.ROOT, "%s: %.0f %% intervals, %s coverage %.1f %%", task.name(), 100 * c.intervals().coverage(),
                        c.checkedOn().equals("test") ? "test" : "check",
                        100 * c.metrics().get(task.name()).get("interval_coverage")))
                .xAxisTitle("interval half-width" + unit).yAxisTitle("|error|" + unit).build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(3);
        XYSeries points = chart.addSeries("check crystals", width, error);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        XYSeries diagonal = chart.addSeries("covered below", new double[] {0, max}, new double[] {0, max});
        diagonal.setMarker(SeriesMarkers.NONE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
