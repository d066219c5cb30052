package org.regnet.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;
import org.regnet.crystal.io.StructureReaders;
import org.regnet.model.Prediction;
import org.regnet.model.PredictionColumns;
import org.regnet.model.PropertyModel;
import org.regnet.model.TaskSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code regnet scan}: a model's predictions along a path that SCIENCE.md §4 says must be smooth or
 * must settle: isotropic strain of a crystal, a molecule in growing cubic boxes, a slab with growing
 * vacuum. One CSV row per point and model; with --plot, one PNG per task with a line per model.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Predictions along a strain or vacuum scan of one structure (SCIENCE.md §4: no steps under strain; "
                + "predictions settle as vacuum grows).",
                "Columns: model, x (strain in %%, box edge in Å, or vacuum in Å), one per task, domain. Exit code 1 if a point has no prediction."})
final class ScanCommand implements Callable<Integer> {
    enum Kind { STRAIN, BOX, SLAB }

    @Parameters(index = "0", paramLabel = "KIND", converter = KindConverter.class,
            description = "strain: isotropic strain of the cell; box: the atoms (a molecule) centred in cubic boxes; slab: vacuum added along c.")
    Kind kind;

    @Parameters(index = "1", paramLabel = "FILE", description = "The structure (its first block or frame).")
    Path file;

    @Option(names = "--model", paramLabel = "M", split = ",", defaultValue = "mp36k",
            description = "Models to scan (bundled names or paths), each on its own; an ensemble name scans the ensemble. Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(names = "--points", paramLabel = "X", split = ",",
            description = "The points: strain in %% (default -3 to 3 in steps of 0.05), box edges in Å (default 8, 10, 12, 15, 20, 25, 30, 40), "
                    + "or vacuum in Å (default 0, 5, 10, 15, 20, 25, 30, 40).")
    List<Double> points;

    @Option(names = "--plot", paramLabel = "DIR", description = "Write KIND-ID-TASK.png per task into DIR (XChart; ID: the structure's).")
    Path plot;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Structure base = StructureReaders.read(file).get(0);
        List<Double> xs = points != null ? points : defaults(kind);
        List<Structure> structures = new ArrayList<>();
        for (double x : xs) structures.add(at(base, kind, x));
        PrintWriter out = spec.commandLine().getOut();
        List<TaskSpec> tasks = null;
        Map<String, List<Prediction>> byModel = new LinkedHashMap<>();
        for (String name : models) {
            try (PropertyModel m = PropertyModel.load(List.of(name))) {
                if (tasks == null) tasks = m.tasks();
                else if (!columnsOf(tasks).equals(columnsOf(m.tasks()))) {
                    throw new IllegalArgumentException(name + " predicts other tasks than " + models.get(0));
                }
                byModel.put(name, m.predict(structures));
            }
        }
        List<String> columns = new ArrayList<>(List.of("model", "x"));
        for (TaskSpec t : tasks) columns.add(PredictionColumns.column(t));
        columns.addAll(List.of("domain", "error"));
        int failed = 0;
        try (RowWriter writer = RowWriter.create(RowWriter.Format.CSV, columns, out)) {
            for (var e : byModel.entrySet()) {
                for (int i = 0; i < xs.size(); i++) {
                    Prediction p = e.getValue().get(i);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("model", e.getKey());
                    row.put("x", xs.get(i));
                    if (p.ok()) {
                        for (int t = 0; t < tasks.size(); t++) row.put(PredictionColumns.column(tasks.get(t)), InfoCommand.round(p.values()[t], 6));
                        row.put("domain", p.domain() == null ? null : p.domain().inside() ? "in" : "out");
                    } else {
                        failed++;
                    }
                    row.put("error", p.error());
                    writer.write(row);
                }
            }
        }
        if (plot != null) {
            for (int t = 0; t < tasks.size(); t++) {
                plot(plot.resolve(kind.name().toLowerCase(Locale.ROOT) + "-" + base.id() + "-" + tasks.get(t).name() + ".png"), tasks.get(t), t, xs, byModel);
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** Task names with units: what must agree for models to share the columns (not, say, their output ranges). */
    private static List<String> columnsOf(List<TaskSpec> tasks) {
        return tasks.stream().map(PredictionColumns::column).toList();
    }

    static List<Double> defaults(Kind kind) {
        return switch (kind) {
            case STRAIN -> {
                List<Double> s = new ArrayList<>();
                for (int k = -60; k <= 60; k++) s.add(k * 0.05);
                yield s;
            }
            case BOX -> List.of(8.0, 10.0, 12.0, 15.0, 20.0, 25.0, 30.0, 40.0);
            case SLAB -> List.of(0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0);
        };
    }

    static Structure at(Structure base, Kind kind, double x) {
        return switch (kind) {
            case STRAIN -> Transforms.strained(base, 1 + x / 100);
            case BOX -> Transforms.inBox(base, x);
            case SLAB -> Transforms.withVacuum(base, x);
        };
    }

    private void plot(Path png, TaskSpec task, int t, List<Double> xs, Map<String, List<Prediction>> byModel) throws Exception {
        String unit = task.unit().isEmpty() ? "" : " (" + task.unit() + ")";
        String xTitle = switch (kind) {
            case STRAIN -> "isotropic strain (%)";
            case BOX -> "cubic box edge (Å)";
            case SLAB -> "vacuum (Å)";
        };
        XYChart chart = new XYChartBuilder().width(640).height(420).title(file.getFileName() + ": " + task.name())
                .xAxisTitle(xTitle).yAxisTitle(task.name() + unit).build();
        chart.getStyler().setMarkerSize(4);
        for (var e : byModel.entrySet()) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                Prediction p = e.getValue().get(i);
                if (p.ok()) {
                    x.add(xs.get(i));
                    y.add(p.values()[t]);
                }
            }
            if (x.isEmpty()) continue;
            XYSeries series = chart.addSeries(e.getKey(), x, y);
            series.setMarker(kind == Kind.STRAIN ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static final class KindConverter extends EnumConverter<Kind> {
        KindConverter() { super(Kind.class); }
    }
}
