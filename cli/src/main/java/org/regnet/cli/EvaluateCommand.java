package org.regnet.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.regnet.data.Dataset;
import org.regnet.data.Split;
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
        description = {"Score a model on labelled structures: per task MAE, RMSE, R² (table, csv or jsonl) and parity plots (PNG)."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "M", split = ",", defaultValue = ReGNetModel.DEFAULT,
            description = PredictCommand.MODEL_CHOICES + ", scored as one model. Default: ${DEFAULT-VALUE}.")
    List<String> model;

    @Mixin DatasetOptions dataset;

    @Option(names = "--subset", paramLabel = "PART", defaultValue = "all",
            description = "all, or test / validation / train: only the ids of that part of the model's own split. Default: ${DEFAULT-VALUE}.")
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
        try (PropertyModel m = PropertyModel.load(model)) {
            List<String> names = new ArrayList<>();
            for (TaskSpec t : m.tasks()) names.add(t.name());
            if (dataset.targets == null) dataset.targets = names;
            for (String t : dataset.targets) {
                if (!names.contains(t)) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the model does not predict '" + t + "' (it predicts " + names + ")");
            }
            Dataset data = dataset.load(m.featurizer(), s -> spec.commandLine().getErr().println(s));
            for (String f : data.failures()) spec.commandLine().getErr().println("regnet: skipped: " + f);
            int[] rows = rows(data, m.split());
            List<org.regnet.data.CrystalGraph> graphs = new ArrayList<>();
            for (int r : rows) graphs.add(data.graphs().get(r));
            double[][] predicted = m.predictGraphs(graphs);
            List<String> columns = List.of("task", "unit", "count", "mae", "rmse", "r2");
            PrintWriter out = spec.commandLine().getOut();
            List<String[]> perStructure = new ArrayList<>();
            try (RowWriter writer = RowWriter.create(format != null ? format : RowWriter.defaultFormat(), columns, out)) {
                for (int k = 0; k < dataset.targets.size(); k++) {
                    String name = dataset.targets.get(k);
                    int t = names.indexOf(name);
                    double[] p = new double[rows.length], a = new double[rows.length];
                    for (int i = 0; i < rows.length; i++) {
                        p[i] = predicted[i][t];
                        a[i] = data.labels()[rows[i]][k];
                    }
                    Map<String, Double> metrics = org.regnet.model.Evaluation.metrics(p, a);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("task", name);
                    row.put("unit", m.tasks().get(t).unit());
                    row.put("count", metrics.get("count").intValue());
                    row.put("mae", InfoCommand.round(metrics.getOrDefault("mae", Double.NaN), 5));
                    row.put("rmse", InfoCommand.round(metrics.getOrDefault("rmse", Double.NaN), 5));
                    row.put("r2", InfoCommand.round(metrics.getOrDefault("r2", Double.NaN), 5));
                    writer.write(row);
                    if (plots != null) parity(plots.resolve("parity-" + name.replace(' ', '_') + ".png"), m.tasks().get(t), p, a, metrics);
                    for (int i = 0; i < rows.length; i++) {
                        perStructure.add(new String[] {data.graphs().get(rows[i]).id(), name, Double.toString(a[i]), Double.toString(p[i])});
                    }
                }
            }
            if (predictions != null) writePredictions(perStructure);
        }
        return 0;
    }

    private int[] rows(Dataset data, Split split) {
        if (subset.equals("all")) {
            int[] all = new int[data.size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        if (split == null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the model has no split (no split.json, or ensemble members trained on different splits); use --subset all");
        List<String> ids = switch (subset) {
            case "test" -> split.test();
            case "validation" -> split.validation();
            case "train" -> split.train();
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--subset must be all, train, validation or test");
        };
        int[] rows = data.indicesOf(ids);
        if (rows.length == 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "none of these crystals is in the model's " + subset + " set (split: " + split.method() + ")");
        }
        return rows;
    }

    private static void parity(Path file, TaskSpec task, double[] predicted, double[] actual, Map<String, Double> metrics) throws Exception {
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
                .title(String.format(Locale.ROOT, "%s: MAE %.4g, R² %.3f, n = %d", task.name(), metrics.getOrDefault("mae", Double.NaN),
                        metrics.getOrDefault("r2", Double.NaN), x.size()))
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

    private void writePredictions(List<String[]> rows) throws Exception {
        try (var printer = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader("id", "task", "label", "prediction").get()
                .print(Files.newBufferedWriter(predictions))) {
            for (String[] r : rows) printer.printRecord((Object[]) r);
        }
    }
}
