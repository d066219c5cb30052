package org.regnet.kernels;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel benchmarks run on tiny inputs and report what they claim to measure (no timing is checked). */
class BenchmarksTest {
    @Test
    void convolutionBenchmarkComparesTheBasisWithAndWithoutSubnormalsAndTimesTheAngularMoments() {
        List<String> rows = rows(() -> ConvolutionBenchmark.main(new String[] {"--atoms", "50", "--repeat", "1"}));
        assertEquals(List.of("simd", "simd-subnormal", "scalar", "angular-simd", "angular-scalar"), rows.stream().map(r -> r.split("\t")[0]).toList());
        assertEquals(0, Double.parseDouble(rows.get(0).split("\t")[1]), "the kernel's own basis has no subnormal values");
        assertTrue(Double.parseDouble(rows.get(1).split("\t")[1]) > 0.5, "the unlimited basis has subnormal tails: " + rows.get(1));
        for (String r : rows) assertTrue(Double.parseDouble(r.split("\t")[2]) > 0, r);
    }

    @Test
    void fourierBenchmarkReportsBothOperatorsPerBackend() {
        List<String> rows = rows(() -> KernelBenchmark.main(new String[] {"--sizes", "64", "--backends", "cpu,materialized", "--repeat", "1"}));
        assertEquals(4, rows.size(), String.join("\n", rows));
        // the median time, not GFLOP/s: on 64 atoms of a busy machine that rounds to 0.0 at one decimal
        assertTrue(rows.stream().allMatch(r -> r.startsWith("64\t") && Double.parseDouble(r.split("\t")[4]) > 0), String.join("\n", rows));
    }

    /** The tab-separated result rows a benchmark prints after its header line. */
    private static List<String> rows(Runnable benchmark) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            benchmark.run();
        } finally {
            System.setOut(original);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        int header = 0;
        while (!lines.get(header).contains("\t")) header++;
        return lines.subList(header + 1, lines.size());
    }
}
