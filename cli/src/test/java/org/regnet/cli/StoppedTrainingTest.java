package org.regnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SIGTERM (what {@code kill}, a batch scheduler or a closing terminal sends) stops `regnet train`
 * between two steps: the JVM exits as signalled, says where it stopped, leaves no crash report, and
 * the run resumes. Before, a signal that met a native PyTorch step could crash the JVM.
 */
class StoppedTrainingTest {
    @Test
    void aSigtermStopsTrainingBetweenStepsAndTheRunResumes(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder labels = new StringBuilder("id,energy\n");
        for (int i = 0; i < 12; i++) {
            Files.writeString(data.resolve("c" + i + ".vasp"), TestPoscars.rockSaltSupercell(1, i));
            labels.append('c').append(i).append(',').append(-2 + 0.1 * i).append('\n');
        }
        Path labelFile = Files.writeString(dir.resolve("labels.csv"), labels);
        Path out = dir.resolve("model"), log = dir.resolve("log");
        List<String> train = List.of("train", "--data", data.toString(), "--labels", labelFile.toString(), "--targets", "energy",
                "--layers", "1", "--hidden", "16", "--batch-size", "2", "--split", "0.75,0.25", "--out", out.toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), RegnetCommand.class.getName()));
        command.addAll(train);
        command.addAll(List.of("--epochs", "100000"));
        // in dir, so that a crash report (hs_err_pid*.log) would land there
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && p.isAlive() && !Files.readString(log).contains("epoch 3/")) Thread.sleep(20);
        assertTrue(p.isAlive(), Files.readString(log));
        p.destroy();  // SIGTERM
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String text = Files.readString(log);
        assertEquals(143, p.exitValue(), "exits as signalled: " + text);
        assertTrue(text.contains("stopped during epoch") && text.contains("continue with --resume"), text);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crash report");
        }
        int epochs = Files.readAllLines(out.resolve("metrics.csv")).size() - 1;
        assertTrue(epochs >= 2, "the finished epochs are kept: " + epochs);

        List<String> resume = new ArrayList<>(train);
        resume.addAll(List.of("--epochs", String.valueOf(epochs + 1), "--resume"));
        InfoCommandTest.Run resumed = InfoCommandTest.run(resume.toArray(String[]::new));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("resuming after epoch " + epochs), resumed.err());
        assertEquals(epochs + 1, Files.readAllLines(out.resolve("metrics.csv")).size() - 1);
    }
}
