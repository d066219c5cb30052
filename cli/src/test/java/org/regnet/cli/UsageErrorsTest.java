package org.regnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.regnet.cli.InfoCommandTest.EXAMPLES;
import static org.regnet.cli.InfoCommandTest.run;

/** Usage errors: exit 2, the option's own name, one hint instead of the whole option list; and limits that cost one row. */
class UsageErrorsTest {
    private static void assertUsageError(InfoCommandTest.Run r, String expected) {
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Usage:"), "a hint, not the option list: " + r.err());
    }

    @Test
    void countsBelowOneAreRefusedByName() {
        for (String j : new String[] {"0", "-3"}) {
            assertUsageError(run("predict", "-j", j, EXAMPLES.resolve("Si.cif").toString()), "'--threads'");
            assertUsageError(run("info", "-j", j, EXAMPLES.resolve("Si.cif").toString()), "must be at least 1, not " + j);
        }
        assertUsageError(run("predict", "--max-atoms", "-5", EXAMPLES.resolve("Si.cif").toString()), "'--max-atoms'");
        assertUsageError(run("predict", "--max-atoms", "many", EXAMPLES.resolve("Si.cif").toString()), "'many' is not a whole number");
        assertUsageError(run("train", "--data", "d", "--targets", "t", "--epochs", "0", "--out", "o"), "'--epochs'");
        assertUsageError(run("train", "--data", "d", "--targets", "t", "--split-by", "elements", "--out", "o"), "is not one of random, chemical_system");
        assertUsageError(run("train", "--data", "d", "--targets", "t", "--weight-average", "1", "--out", "o"), "'--weight-average'");
        assertUsageError(run("matbench", "--data", "d", "--targets", "t", "--matbench-folds", "f", "--matbench-task", "x",
                "--weight-average", "-0.5", "--out", "o"), "must be 0 (off) or lie between 0 and 1, not -0.5");
        assertUsageError(run("train", "--data", "d", "--targets", "t", "--teacher-weight", "0.5", "--out", "o"), "--teacher-weight needs --teacher");
        assertUsageError(run("train", "--data", "d", "--targets", "t", "--teacher", "m", "--teacher-weight", "1.5", "--out", "o"),
                "--teacher: the teacher's weight must lie in (0, 1], not 1.5");
        assertUsageError(run("matbench", "--data", "d", "--targets", "t", "--matbench-folds", "f", "--matbench-task", "x",
                "--teacher", "m", "--teacher-weight", "0", "--out", "o"), "the teacher's weight must lie in (0, 1], not 0.0");
    }

    @Test
    void anUnknownOptionGetsAHintNotTheOptionList() {
        assertUsageError(run("predict", "--frobnicate", EXAMPLES.resolve("Si.cif").toString()), "Try 'regnet predict --help'");
        assertUsageError(run("predict", "--format", "csv", "--format", "jsonl", EXAMPLES.resolve("Si.cif").toString()), "option '--format' (FORMAT) should be specified only once");
    }

    @Test
    void aStructureTooLargeForTheMemoryIsOneErrorRowAndTheRestGoOn(@TempDir Path dir) throws IOException {
        Path big = Files.writeString(dir.resolve("NaCl-1000.vasp"), TestPoscars.rockSaltSupercell(5, 1));
        InfoCommandTest.Run r = run("predict", "--format", "csv", "--memory-limit", "0.01", EXAMPLES.resolve("Si.cif").toString(), big.toString(),
                EXAMPLES.resolve("NaCl.cif").toString());
        assertEquals(1, r.exit(), r.err());
        List<org.apache.commons.csv.CSVRecord> rows = InfoCommandTest.csv(r.out());
        assertEquals(List.of("ok", "error", "ok"), rows.stream().map(c -> c.get("status")).toList());
        assertTrue(rows.get(1).get("error").contains("needs about 0.06 GB of memory (1000 atoms"), rows.get(1).get("error"));
        assertTrue(rows.get(1).get("error").contains("more than the 0.01 GB available"), rows.get(1).get("error"));
    }

    @Test
    void trainingRefusesToOverwriteAModelUnlessTold(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("model"));
        Files.writeString(out.resolve("manifest.json"), "{}");
        assertUsageError(run("train", "--data", EXAMPLES.toString(), "--targets", "gap", "--out", out.toString()), "--overwrite");
        assertEquals("{}", Files.readString(out.resolve("manifest.json")), "nothing was touched");
    }

    @Test
    void aMissingLabelColumnFailsBeforeAnyStructureIsRead(@TempDir Path dir) throws IOException {
        Path labels = Files.writeString(dir.resolve("labels.csv"), "id,gap\nSi,1.1\n");
        InfoCommandTest.Run r = run("train", "--data", EXAMPLES.toString(), "--labels", labels.toString(), "--targets", "gapp",
                "--cache", dir.resolve("cache").toString(), "--out", dir.resolve("m").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("gapp"), r.err());
        assertFalse(Files.exists(dir.resolve("cache")), "no structure was parsed, so no graph cache was written: " + r.err());
    }
}
