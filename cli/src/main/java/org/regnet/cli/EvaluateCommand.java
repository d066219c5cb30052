package org.regnet.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.regnet.data.Dataset;
import org.regnet.model.ModelEvaluation;
import org.regnet.model.PropertyModel;
import org.regnet.model.ReGNetModel;
import org.regnet.model.TaskSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code regnet evaluate}: MAE, RMSE and R² per task on labelled data, and a parity plot per task. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Score a model on labelled structures: per task MAE, RMSE, R² (table, csv or jsonl) and parity plots (PNG).",
                "For a calibrated model also interval_coverage, the share of labels inside the prediction intervals (does the "
                + "calibration hold on these structures?), and interval_width, their mean width; empty otherwise."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "M", split = ",", defaultValue = ReGNetModel.DEFAULT,
            description = PredictCommand.MODEL_CHOICES + ", scored as one model. Default: ${DEFAULT-VALUE}.")
    List<String> model;

    @Mixin DatasetOptions dataset;

    @Option(names = "--subset", paramLabel = "PART", defaultValue = "all",
            description = {"all, or test / validation / train: only the ids of that part of the model's own split; "
                    + "or test-unseen-chemistry: the test crystals whose chemical system (element set) no training crystal has "
                    + "(the data must hold the training crystals). Default: ${DEFAULT-VALUE}."})
    String subset;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write parity plots parity-TASK.png into this directory.")
    Path plots;

    @Option(names = "--predictions", paramLabel = "CSV", description = "Also write id, label and prediction per task to this file.")
    Path predictions;

    @Option(names = "--format", paramLabel = "FORMAT", converter = InfoCommand.FormatConverter.class,
            description = "table, csv or jsonl. Default: table on a terminal, csv otherwise.")
    RowWriter.Format format;

    @Mixin KernelOption kernels;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelEvaluation.Subset part = subset();
        try (PropertyModel m = PropertyModel.load(model)) {
            m.setKernels(kernels.value());
            if (dataset.targets == null) dataset.targets = m.tasks().stream().map(TaskSpec::name).toList();
            try {
                ModelEvaluation.requirePredicted(m, dataset.targets);  // before any structure is read
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Dataset data = dataset.loadFor(m, s -> spec.commandLine().getErr().println(s));
            for (String f : data.failures()) spec.commandLine().getErr().println("regnet: skipped: " + f);
            ModelEvaluation evaluation;
            try {
                evaluation = ModelEvaluation.of(m, data, part);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            List<String> columns = List.of("task", "unit", "count", "mae", "rmse", "r2", "interval_coverage", "interval_width");
            PrintWriter out = spec.commandLine().getOut();
            try (RowWriter writer = RowWriter.create(format != null ? format : RowWriter.defaultFormat(), columns, out)) {
                for (ModelEvaluation.TaskScore score : evaluation.scores()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("task", score.task().name());
                    row.put("unit", score.task().unit());
                    row.put("count", score.count());
                    row.put("mae", InfoCommand.round(score.mae(), 5));
                    row.put("rmse", InfoCommand.round(score.rmse(), 5));
                    row.put("r2", InfoCommand.round(score.r2(), 5));
                    // empty for a model without intervals for the task
                    row.put("interval_coverage", Double.isNaN(score.intervalCoverage()) ? null : InfoCommand.round(score.intervalCoverage(), 4));
                    row.put("interval_width", Double.isNaN(score.intervalWidth()) ? null : InfoCommand.round(score.intervalWidth(), 5));
                    writer.write(row);
                    if (plots != null) parity(plots.resolve("parity-" + score.task().name().replace(' ', '_') + ".png"), score);
                }
            }
            if (predictions != null) writePredictions(evaluation);
        }
        return 0;
    }

    private ModelEvaluation.Subset subset() {
        return switch (subset) {
            case "all" -> ModelEvaluation.Subset.ALL;
            case "train" -> ModelEvaluation.Subset.TRAIN;
            case "validation" -> ModelEvaluation.Subset.VALIDATION;
            case "test" -> ModelEvaluation.Subset.TEST;
            case "test-unseen-chemistry" -> ModelEvaluation.Subset.TEST_UNSEEN_CHEMISTRY;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--subset must be all, train, validation, test or test-unseen-chemistry");
        };
    }

    private static void parity(Path file, ModelEvaluation.TaskScore score) throws Exception {
        TaskSpec task = score.task();
        double[] actual = score.actual(), predicted = score.predicted();
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i])) continue;
            x.add(actual[i]);
            y.add(predicted[i]);
            lo = Math.min(lo, Math.min(actual[i], predicted[i]));
            hi = Math.max(hi, Math.max(actual[i], predicted[i]));
        }
        String unit = task.unit().isEmpty() ? "" : " (" + task.unit() + ")";
        XYChart chart = new XYChartBuilder().width(640).height(600)
                .title(String.format(Locale.ROOT, "%s: MAE %.4g, R² %.3f, n = %d", task.name(), score.mae(), score.r2(), score.count()))
                .xAxisTitle("DFT" + unit).yAxisTitle("predicted" + unit).build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(3);
        XYSeries points = chart.addSeries("structures", x, y);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        if (lo < hi) {
            XYSeries diagonal = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
            diagonal.setMarker(SeriesMarkers.NONE);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** id, task, label, prediction per crystal and task, tasks one after another. */
    private void writePredictions(ModelEvaluation evaluation) throws Exception {
        try (var printer = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader("id", "task", "label", "prediction").get()
                .print(Files.newBufferedWriter(predictions))) {
            for (ModelEvaluation.TaskScore score : evaluation.scores()) {
                for (int i = 0; i < score.ids().size(); i++) {
                    printer.printRecord(score.ids().get(i), score.task().name(), Double.toString(score.actual()[i]), Double.toString(score.predicted()[i]));
                }
            }
        }
    }
}
