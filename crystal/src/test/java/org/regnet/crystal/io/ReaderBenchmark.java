package org.regnet.crystal.io;

import org.regnet.crystal.ReadOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Files read per second by {@link StructureReaders#readEach} (parse, occupancy policy, closest-pair
 * check), over every file of a folder held in memory: the median of repeats, and the slowest files
 * (a parser's worst cases, often a fuzzer's inputs). Usage (benchmarks/README.md, "Readers"):
 * {@code java -cp crystal/target/classes:crystal/target/test-classes:DEPENDENCIES org.regnet.crystal.io.ReaderBenchmark
 * [--as NAME] [--repeat 7] [--max-atoms 5000] FOLDER}. {@code --as} names every file (e.g. {@code fuzz.cif})
 * so the format is known for files without an extension, such as a fuzz corpus. One thread.
 */
public final class ReaderBenchmark {
    private static final int SLOWEST_SHOWN = 5;

    private ReaderBenchmark() {}

    public static void main(String[] args) throws IOException {
        String as = null;
        int repeat = 7, maxAtoms = 5_000;
        Path folder = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--as" -> as = args[++i];
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--max-atoms" -> maxAtoms = Integer.parseInt(args[++i]);
                default -> folder = Path.of(args[i]);
            }
        }
        if (folder == null) throw new IllegalArgumentException("name a folder of structure files");
        ReadOptions options = ReadOptions.defaults().withMaxFileBytes(1 << 20).withMaxAtoms(maxAtoms);
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        List<byte[]> bytes = new ArrayList<>();
        for (Path f : files) bytes.add(Files.readAllBytes(f));
        String[] names = new String[files.size()];
        for (int i = 0; i < names.length; i++) names[i] = as != null ? as : files.get(i).getFileName().toString();

        long[] slowest = new long[files.size()];  // each file's fastest time over the repeats: its own cost, not a collector's
        Arrays.fill(slowest, Long.MAX_VALUE);
        double[] rates = new double[repeat];
        int failed = 0;
        for (int rep = 0; rep < repeat; rep++) {
            failed = 0;
            long start = System.nanoTime();
            for (int i = 0; i < names.length; i++) {
                long t = System.nanoTime();
                for (ReadResult r : StructureReaders.readEach(names[i], bytes.get(i), options)) if (!r.ok()) failed++;
                slowest[i] = Math.min(slowest[i], System.nanoTime() - t);
            }
            rates[rep] = names.length / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "%s: %d files (%d structures failed to read), %d repeats: median %.0f files/s (range %.0f-%.0f)%n",
                folder, names.length, failed, repeat, rates[repeat / 2], rates[0], rates[repeat - 1]);
        IntStream.range(0, names.length).boxed().sorted(Comparator.comparingLong(i -> -slowest[i])).limit(SLOWEST_SHOWN).forEach(i ->
                System.out.printf(Locale.ROOT, "  %8.2f ms  %6d B  %s%n", slowest[i] / 1e6, bytes.get(i).length, files.get(i).getFileName()));
    }
}
