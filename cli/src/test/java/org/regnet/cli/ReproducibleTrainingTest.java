package org.regnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same training command, run in fresh JVMs, gives the same bits. The crystals are large enough
 * (batches of about 800 atoms × 64 channels) that PyTorch's CPU kernels take their parallel paths:
 * with advanced indexing in the element embedding, whose gradient PyTorch sums with parallel
 * atomic adds, such runs differed in the last bits of the weights. The runs also get a young
 * generation of 2 MB, so garbage collections fall between forward and backward passes: with DJL's
 * scalar arithmetic, whose freed buffers autograd read in the backward pass, such runs differed by
 * percents, or skipped a batch for a NaN gradient ({@code FreedMemoryTest} in the model module).
 * And MKL, left to choose its own thread count per product, now and then summed in another
 * order on a CI machine ({@code TorchThreads} fixes the count).
 */
class ReproducibleTrainingTest {
    private static final int RUNS = 4;

    @Test
    void theSameCommandInFreshJvmsGivesTheSameBits(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder labels = new StringBuilder("id,energy\n");
        for (int i = 0; i < 12; i++) {
            int n = 2 + i % 2;  // 64 or 216 atoms
            Files.writeString(data.resolve("c" + i + ".vasp"), TestPoscars.rockSaltSupercell(n, i));
            labels.append('c').append(i).append(',').append(-2 + 0.1 * i).append('\n');
        }
        Path labelFile = Files.writeString(dir.resolve("labels.csv"), labels);
        List<byte[]> parameters = new ArrayList<>();
        List<List<String>> metrics = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Path out = dir.resolve("model" + run);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xmn2m", "-cp", System.getProperty("java.class.path"), RegnetCommand.class.getName(),
                    "train", "--data", data.toString(), "--labels", labelFile.toString(), "--targets", "energy", "--layers", "1",
                    "--batch-size", "4", "--epochs", "2", "--split", "0.75,0.25", "--cache", "none", "--out", out.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log" + run).toFile()).start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "run " + run + " did not finish");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log" + run)));
            parameters.add(Files.readAllBytes(out.resolve("parameters.bin")));
            metrics.add(withoutSeconds(out.resolve("metrics.csv")));
        }
        for (int run = 1; run < RUNS; run++) {
            // which of the two differs says where to look: the training steps (weights) or the validation pass alone
            boolean sameWeights = Arrays.equals(parameters.get(0), parameters.get(run));
            String where = " (best epoch's weights " + (sameWeights ? "identical" : "differ") + "; run 0: " + setup(dir.resolve("log0"))
                    + "; run " + run + ": " + setup(dir.resolve("log" + run)) + ")";
            assertEquals(metrics.get(0), metrics.get(run), "metrics of run " + run + where);
            assertTrue(sameWeights, "weights of run " + run + where);
        }
    }

    /** The log line that says what the run trained on: device and thread count. */
    private static String setup(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(" parameters; ")).findFirst().orElse("no setup line");
    }

    /** metrics.csv without its last column, the epoch's wall time. */
    private static List<String> withoutSeconds(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
