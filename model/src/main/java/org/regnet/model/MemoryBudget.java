package org.regnet.model;

import org.regnet.data.CrystalGraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether one structure's prediction fits in memory, decided before it runs, so that a cell too
 * large for the machine becomes one error row saying how much it needs instead of an
 * OutOfMemoryError that loses every row. The estimate is the native (PyTorch) and Java memory a
 * crystal's tensors take on the kernel path, measured on rock-salt supercells of 10³–2.7·10⁴ atoms
 * (benchmarks/README.md, "Large cells end to end"): about 28 kB per atom, 2 kB per edge and 1 kB per
 * reciprocal vector, rounded up.
 */
public final class MemoryBudget {
    static final long PER_ATOM = 28 << 10, PER_EDGE = 2 << 10, PER_VECTOR = 1 << 10;

    private final long available;

    /** @param availableBytes the memory a structure may use; see {@link #ofMachine()} */
    public MemoryBudget(long availableBytes) { this.available = availableBytes; }

    /** What this machine has free now: Linux's MemAvailable (page cache counts as free), else the JVM's view. */
    public static MemoryBudget ofMachine() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) return new MemoryBudget(Long.parseLong(line.replaceAll("\\D", "")) << 10);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return new MemoryBudget(sun.getFreeMemorySize());
        return new MemoryBudget(Long.MAX_VALUE);
    }

    /** Estimated bytes to predict one crystal. */
    public static long estimate(CrystalGraph g) {
        return PER_ATOM * g.atoms() + PER_EDGE * g.edgeCount() + PER_VECTOR * g.reciprocalCount();
    }

    /** Null when the crystal fits, else why not (for its error row). */
    public String refusal(CrystalGraph g) {
        long need = estimate(g);
        if (need <= available) return null;
        return String.format(Locale.ROOT, "needs about %.2f GB of memory (%d atoms, %d edges, %d reciprocal vectors), more than the %.2f GB available; "
                + "run it on a larger machine or alone", need / 1e9, g.atoms(), g.edgeCount(), g.reciprocalCount(), available / 1e9);
    }
}
