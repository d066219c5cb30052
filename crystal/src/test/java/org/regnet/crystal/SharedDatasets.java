package org.regnet.crystal;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where ../shared/datasets is (system property regnet.datasets, set by the build); tests skip when it is absent. */
public final class SharedDatasets {
    private SharedDatasets() {}

    public static Path root() {
        String configured = System.getProperty("regnet.datasets");
        return Path.of(configured != null ? configured : "../../shared/datasets").toAbsolutePath().normalize();
    }

    /** The path under the datasets folder, or a skipped test saying what is missing. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "skipped: " + p + " is absent (the shared DFT datasets sit beside the project in CI; see README)");
        return p;
    }
}
