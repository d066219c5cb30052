package org.regnet.cli;

import org.regnet.model.Prediction;
import org.regnet.model.PredictionColumns;
import org.regnet.model.PredictionPipeline;
import org.regnet.model.PropertyModel;
import org.regnet.model.ReGNetModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code regnet predict}: one row per structure with each task's prediction. Files are read and
 * featurized on all cores while the network runs on batches of a few hundred; rows come out in
 * input order, bad inputs as error rows.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Predict properties of structures with a trained model (default: the bundled model).",
                "Columns: id, status, formula, atoms, one per task as NAME[UNIT] (and NAME_std[UNIT] for an ensemble), domain (in or out: "
                        + "whether the structure lies inside what the model was trained on; empty for models that record no training domain), "
                        + "domain_reason (why it is out), warning (e.g. an atom with few neighbours), source, error. Exit code 1 if any input failed."})
final class PredictCommand implements Callable<Integer> {
    private static final int CHUNK = 512;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "Structure files, folders, .tar.gz/.zip archives, @LIST (a file with one path per line) or - (paths on standard input), as screen takes them.")
    List<String> inputs;

    /** What --model accepts, shared with evaluate. */
    static final String MODEL_CHOICES = "Model directory or zip, or a bundled name (mp36k). Several (comma-separated), or a folder with ensemble.json: "
            + "their ensemble, the mean of the models' predictions";

    @Option(names = "--model", paramLabel = "M", split = ",", defaultValue = ReGNetModel.DEFAULT,
            description = MODEL_CHOICES + ", with a column NAME_std[UNIT] per task: the spread (standard deviation) of the models' predictions. Default: ${DEFAULT-VALUE}.")
    List<String> model;

    @Option(names = "--format", paramLabel = "FORMAT", converter = InfoCommand.FormatConverter.class, defaultValue = "csv",
            description = "csv, jsonl or table. Default: ${DEFAULT-VALUE}.")
    RowWriter.Format format;

    @Mixin PipelineOptions options;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long[] counts = new long[2];  // rows, failed
        try (PropertyModel m = PropertyModel.load(model)) {
            PredictionColumns columns = new PredictionColumns(m);
            PredictionPipeline pipeline = options.pipeline(m, CHUNK);
            try (RowWriter writer = RowWriter.create(format, columns.names(), out)) {
                pipeline.run(new InputPaths(inputs, System.in), 0, (index, rows) -> {
                    for (Prediction p : rows) {
                        writer.write(columns.row(p));
                        counts[0]++;
                        if (!p.ok()) counts[1]++;
                    }
                });
            }
        }
        if (counts[1] > 0) {
            spec.commandLine().getErr().printf("regnet predict: %d of %d structures failed (see the error rows)%n", counts[1], counts[0]);
            return 1;
        }
        return 0;
    }
}
