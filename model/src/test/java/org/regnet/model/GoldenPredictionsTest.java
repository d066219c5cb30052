package org.regnet.model;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled models' predictions for examples/, pinned: a change of numbers, meant or not, fails
 * here and must be acknowledged by regenerating the file with the command `regnet predict` prints:
 * {@code ./regnet predict --model NAME examples/ > model/src/test/resources/golden/NAME.csv}.
 * Values are compared to the 5 decimals the CSV carries (and 1e-5 relative, for float rounding
 * that differs between machines).
 */
class GoldenPredictionsTest {
    static List<String> pinned() throws IOException {
        return BundledPhysicsTest.v2Models();
    }

    @ParameterizedTest
    @MethodSource("pinned")
    void examplesGiveThePinnedPredictions(String name) throws IOException {
        Path golden = Path.of("src/test/resources/golden/" + name + ".csv");
        assertTrue(Files.isRegularFile(golden), "no pinned predictions for bundled model " + name + " at " + golden);
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(golden)) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        try (ReGNetModel model = ReGNetModel.load(name)) {
            for (CSVRecord row : rows) {
                Prediction p = model.predict(Path.of("..", row.get("source"))).get(0);
                assertEquals(row.get("id"), p.id());
                for (int t = 0; t < model.tasks().size(); t++) {
                    TaskSpec task = model.tasks().get(t);
                    String column = task.unit().isEmpty() ? task.name() : task.name() + "[" + task.unit() + "]";
                    double expected = Double.parseDouble(row.get(column));
                    assertEquals(expected, p.values()[t], 6e-6 + 1e-5 * Math.abs(expected), name + ", " + p.id() + ", " + column);
                }
                assertEquals(row.get("domain"), p.domain().inside() ? "in" : "out", name + ", " + p.id() + ": domain");
            }
        }
    }
}
