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
                "Predictions then carry task_lo and task_hi."})
final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A model directory, or an ensemble folder (with ensemble.json); not a zip, not a bundled name.")
    Path model;

    @Mixin DatasetOptions dataset;

    @Option(names = "--coverage", paramLabel = "P", defaultValue = "" + PredictionIntervals.DEFAULT_COVERAGE,
            description = "Nominal coverage of the intervals. Default: ${DEFAULT-VALUE}.")
    double coverage;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write interval-TASK.png (interval width against error on the test crystals) here.")
    Path plots;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(coverage > 0 && coverage < 1)) throw new ParameterException(spec.commandLine(), "--coverage must lie between 0 and 1, not " + coverage);
        if (!Files.isDirectory(model)) throw new ParameterException(spec.commandLine(), "--model " + model + " is not a model directory or ensemble folder");
        PrintWriter err = spec.commandLine().getErr();
        try (PropertyModel m = PropertyModel.load(List.of(model.toString()))) {
            List<String> names = new ArrayList<>();
            for (TaskSpec t : m.tasks()) names.add(t.name());
            if (dataset.targets == null) dataset.targets = names;
            Dataset data = dataset.loadFor(m, err::println);
            IntervalCalibration c;
            try {
                c = IntervalCalibration.of(m, data, coverage);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            c.writeTo(model, m);
            for (TaskSpec t : m.tasks()) {
                PredictionIntervals.Task task = c.intervals().tasks().get(t.name());
                if (task == null) continue;
                Map<String, Double> test = c.metrics().getOrDefault(t.name(), Map.of());
                PredictionIntervals.Task unseen = task.unseenChemistry();
                Double unseenCoverage = test.get("interval_coverage_unseen_chemistry");
                err.println(String.format(Locale.ROOT, "%-28s q %.4g %s (from %d crystals%s); test: coverage %.1f %%%s, mean width %.4g %s",
                        t.name(), task.scale(), t.unit(), task.calibrationCrystals(),
                        unseen == null ? "" : String.format(Locale.ROOT, " of seen chemistry; unseen chemistry: q %.4g from %d", unseen.scale(), unseen.calibrationCrystals()),
                        100 * test.getOrDefault("interval_coverage", Double.NaN),
                        unseenCoverage == null ? "" : String.format(Locale.ROOT, " (unseen chemistry %.1f %%)", 100 * unseenCoverage),
                        test.getOrDefault("interval_width", Double.NaN), t.unit()));
                if (task.bySize() != null) {
                    for (int k = 0; k < task.bySize().size(); k++) {
                        PredictionIntervals.Task g = task.bySize().get(k);
                        err.println(String.format(Locale.ROOT, "    %-24s q %.4g (from %d crystals%s); test coverage %.1f %%", "atoms " + c.intervals().sizeClassName(k),
                                g.scale(), g.calibrationCrystals(),
                                g.unseenChemistry() == null ? "" : String.format(Locale.ROOT, "; unseen chemistry: q %.4g from %d",
                                        g.unseenChemistry().scale(), g.unseenChemistry().calibrationCrystals()),
                                100 * test.getOrDefault(c.intervals().sizeCoverageMetric(k), Double.NaN)));
                    }
                }
                if (plots != null && !c.test().isEmpty()) plot(plots.resolve("interval-" + t.name().replace(' ', '_') + ".png"), t, names.indexOf(t.name()), c);
            }
            err.println("intervals written to " + model.resolve(m instanceof ModelEnsemble ? "ensemble.json" : "manifest.json"));
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
                .title(String.format(Locale.ROOT, "%s: %.0f %% intervals, test coverage %.1f %%", task.name(), 100 * c.intervals().coverage(),
                        100 * c.metrics().get(task.name()).get("interval_coverage")))
                .xAxisTitle("interval half-width" + unit).yAxisTitle("|error|" + unit).build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(3);
        XYSeries points = chart.addSeries("test crystals", width, error);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        XYSeries diagonal = chart.addSeries("covered below", new double[] {0, max}, new double[] {0, max});
        diagonal.setMarker(SeriesMarkers.NONE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
