package org.regnet.data;

import java.nio.file.Path;

/** Where ../shared/datasets is (surefire sets regnet.datasets). */
final class DatasetsDir {
    private DatasetsDir() {}

    static Path path() { return Path.of(System.getProperty("regnet.datasets", "../../shared/datasets")); }
}
