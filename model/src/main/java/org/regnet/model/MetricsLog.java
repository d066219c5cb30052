package org.regnet.model;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training run's {@code metrics.csv}: one row per epoch with the learning rate, the mean
 * training loss, the validation score, each task's train and validation MAE and the epoch's
 * seconds. Without a validation set the validation columns hold the training crystals' figures,
 * the ones the epochs are scored on. Rows are appended as epochs finish, so a crashed run keeps
 * its history; on resume the rows after the checkpointed epoch are dropped, so the file matches
 * an uninterrupted run.
 */
final class MetricsLog {
    static final String FILE = "metrics.csv";
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private final Path file;
    private final List<TaskSpec> tasks;

    MetricsLog(Path directory, List<TaskSpec> tasks) {
        this.file = directory.resolve(FILE);
        this.tasks = List.copyOf(tasks);
    }

    /** Starts a new file holding only the header. */
    void start() throws IOException {
        List<String> header = new ArrayList<>(List.of("epoch", "learning_rate", "train_loss", "val_score"));
        for (TaskSpec t : tasks) {
            header.add(columnName(t.name()) + "_train_mae");
            header.add(columnName(t.name()) + "_val_mae");
        }
        header.add("seconds");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter out = new CSVPrinter(w, FORMAT)) {
            out.printRecord(header);
        }
    }

    /** Appends one finished epoch; {@code train} and {@code validation} map task name to its metrics. */
    void append(int epoch, double learningRate, double loss, double score, Map<String, Map<String, Double>> train,
                Map<String, Map<String, Double>> validation, double seconds) throws IOException {
        List<String> row = new ArrayList<>(List.of(Integer.toString(epoch), number(learningRate), number(loss), number(score)));
        for (TaskSpec t : tasks) {
            row.add(number(train.get(t.name()).getOrDefault("mae", Double.NaN)));
            row.add(number(validation.get(t.name()).getOrDefault("mae", Double.NaN)));
        }
        row.add(String.format(Locale.ROOT, "%.1f", seconds));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
             CSVPrinter out = new CSVPrinter(w, FORMAT)) {
            out.printRecord(row);
        }
    }

    /** Keeps the rows of epochs up to {@code epochsDone}: later ones ran but were never checkpointed. */
    void truncateAfter(int epochsDone) throws IOException {
        if (!Files.isRegularFile(file)) {
            start();
            return;
        }
        List<CSVRecord> kept = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser in = CSVParser.parse(r, FORMAT)) {
            for (CSVRecord record : in) {
                if (!kept.isEmpty() && Integer.parseInt(record.get(0)) > epochsDone) break;
                kept.add(record);
            }
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter out = new CSVPrinter(w, FORMAT)) {
            for (CSVRecord record : kept) out.printRecord(record.values());
        }
    }

    private static String number(double value) { return String.format(Locale.ROOT, "%.6g", value); }

    private static String columnName(String task) { return task.replace(' ', '_').replace(',', '_'); }
}
