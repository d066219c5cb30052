package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsLogTest {
    private static final List<TaskSpec> TASKS = List.of(new TaskSpec("band gap", "eV", false), new TaskSpec("e,f", "eV/atom", false));

    @Test
    void writesOneColumnPairPerTaskWithSafeNames(@TempDir Path dir) throws IOException {
        MetricsLog log = new MetricsLog(dir, TASKS);
        log.start();
        log.append(1, 2e-3, 0.5, 0.25, maes(0.1, 0.2), maes(0.3, 0.4), 12.34);
        assertEquals(List.of("epoch,learning_rate,train_loss,val_score,band_gap_train_mae,band_gap_val_mae,e_f_train_mae,e_f_val_mae,seconds",
                        "1,0.00200000,0.500000,0.250000,0.100000,0.300000,0.200000,0.400000,12.3"),
                Files.readAllLines(dir.resolve(MetricsLog.FILE)));
    }

    @Test
    void truncatingKeepsTheHeaderAndTheCheckpointedEpochs(@TempDir Path dir) throws IOException {
        MetricsLog log = new MetricsLog(dir, TASKS);
        log.start();
        for (int epoch = 1; epoch <= 4; epoch++) log.append(epoch, 1e-3, 1.0 / epoch, 0.5, maes(0.1, 0.2), maes(0.3, 0.4), 1);
        log.truncateAfter(2);
        List<String> lines = Files.readAllLines(dir.resolve(MetricsLog.FILE));
        assertEquals(3, lines.size());
        assertEquals(List.of("1", "2"), lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList());
        log.append(3, 1e-3, 0.1, 0.5, maes(0.1, 0.2), maes(0.3, 0.4), 1);
        assertEquals(4, Files.readAllLines(dir.resolve(MetricsLog.FILE)).size());
    }

    @Test
    void truncatingAMissingFileStartsOne(@TempDir Path dir) throws IOException {
        new MetricsLog(dir, TASKS).truncateAfter(3);
        List<String> lines = Files.readAllLines(dir.resolve(MetricsLog.FILE));
        assertEquals(1, lines.size());
        assertEquals("epoch", lines.get(0).substring(0, lines.get(0).indexOf(',')));
    }

    private static Map<String, Map<String, Double>> maes(double first, double second) {
        return Map.of("band gap", Map.of("mae", first), "e,f", Map.of("mae", second));
    }
}
