package org.regnet.cli;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.regnet.cli.InfoCommandTest.csv;
import static org.regnet.cli.InfoCommandTest.run;

/** {@code regnet screen}: streaming rows in input order, filters, ranking, error rows, and resume after kill -9. */
class ScreenCommandTest {
    private static final int CRYSTALS = 400;
    @TempDir static Path dir;
    private static Path inputs;
    private static List<CSVRecord> all;


    @BeforeAll
    static void writeInputsAndScreenThemOnce() throws IOException {
        inputs = Files.createDirectories(dir.resolve("inputs"));
        for (int i = 0; i < CRYSTALS; i++) {
            boolean k = i % 2 == 1;
            Files.writeString(inputs.resolve(String.format(Locale.ROOT, "c%04d.vasp", i)), TestPoscars.rockSalt(k ? "K" : "Na", "Cl", (k ? 6.1 : 5.5) + 0.001 * i));
        }
        InfoCommandTest.Run r = run("screen", inputs.toString(), "--progress", "0");
        assertEquals(0, r.exit(), r.err());
        all = csv(r.out());
        assertEquals(CRYSTALS, all.size());
        for (int i = 0; i < CRYSTALS; i++) assertEquals(String.format(Locale.ROOT, "c%04d", i), all.get(i).get("id"), "input order");
        assertTrue(r.err().contains(CRYSTALS + " structures: " + CRYSTALS + " ok, 0 errors"), r.err());
    }

    @Test
    void killedAtAnyMomentAndResumedGivesTheRowsOfAnUninterruptedRun() throws Exception {
        Path out = dir.resolve("killed.csv.gz");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), RegnetCommand.class.getName(),
                "screen", inputs.toString(), "-o", out.toString(), "--chunk", "4", "--checkpoint", "0", "-j", "1", "--progress", "0"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path journal = ScreenJournal.of(out);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        ScreenJournal seen = null;
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(journal)) {
                try {
                    seen = ScreenJournal.read(journal);
                } catch (IOException e) {
                    seen = null;  // caught between the write and the rename: look again
                }
                if (seen != null && seen.entries() >= 12) break;
            }
            Thread.sleep(5);
        }
        p.destroyForcibly();  // SIGKILL: no shutdown hook, no flush
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertTrue(seen != null && !seen.finished() && seen.entries() < CRYSTALS, "the run was killed mid-way: " + seen);

        Path reference = dir.resolve("uninterrupted.csv.gz");  // the same chunks: batch composition changes float rounding
        assertEquals(0, run("screen", inputs.toString(), "-o", reference.toString(), "--chunk", "4", "-j", "1", "--progress", "0").exit());
        InfoCommandTest.Run resumed = run("screen", inputs.toString(), "-o", out.toString(), "--chunk", "4", "--checkpoint", "0", "-j", "1",
                "--progress", "0", "--resume");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("resuming after"), resumed.err());
        List<CSVRecord> rows = csv(gunzip(out));
        assertEquals(CRYSTALS, rows.size(), "no row lost or written twice");
        assertEquals(gunzip(reference), gunzip(out), "the rows of an uninterrupted run, to the bit");
        assertTrue(ScreenJournal.read(journal).finished());

        InfoCommandTest.Run again = run("screen", inputs.toString(), "-o", out.toString(), "--chunk", "4", "--checkpoint", "0", "-j", "1", "--resume");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("already complete"), again.err());
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void whereKeepsExactlyTheRowsForWhichItHolds() throws IOException {
        InfoCommandTest.Run r = run("screen", inputs.toString(), "--progress", "0", "--where", "band_gap >= 4.5 && formula == 'NaCl'");
        assertEquals(0, r.exit(), r.err());
        List<String> expected = all.stream()
                .filter(row -> Double.parseDouble(row.get("band_gap[eV]")) >= 4.5 && row.get("formula").equals("NaCl")).map(row -> row.get("id")).toList();
        assertFalse(expected.isEmpty() || expected.size() == CRYSTALS, "the filter must split the fixtures: " + expected.size());
        assertEquals(expected, csv(r.out()).stream().map(row -> row.get("id")).toList());
        assertTrue(r.err().contains(expected.size() + " kept"), r.err());
    }

    @Test
    void topKeepsTheLargestKeysBestFirst() throws IOException {
        InfoCommandTest.Run r = run("screen", inputs.toString(), "--progress", "0", "--top", "7", "--by", "-formation_energy_per_atom + 0.1 * atoms");
        assertEquals(0, r.exit(), r.err());
        List<CSVRecord> top = csv(r.out());
        assertEquals(7, top.size());
        // the key from the printed (5-decimal) values: equal to the ranked one within rounding
        java.util.function.ToDoubleFunction<CSVRecord> key = row -> -Double.parseDouble(row.get("formation_energy_per_atom[eV/atom]"))
                + 0.1 * Integer.parseInt(row.get("atoms"));
        for (int i = 1; i < top.size(); i++) assertTrue(key.applyAsDouble(top.get(i)) <= key.applyAsDouble(top.get(i - 1)) + 1e-4, "best first");
        double last = key.applyAsDouble(top.get(top.size() - 1));
        java.util.Set<String> kept = new java.util.HashSet<>(top.stream().map(row -> row.get("id")).toList());
        for (CSVRecord row : all) {
            if (!kept.contains(row.get("id"))) assertTrue(key.applyAsDouble(row) <= last + 1e-4, row.get("id") + " beats the 7th");
        }
    }

    @Test
    void badExpressionsAreUsageErrorsNamingTheProblem() {
        InfoCommandTest.Run syntax = run("screen", inputs.toString(), "--where", "band_gap >= 1 &&");
        assertEquals(2, syntax.exit());
        assertTrue(syntax.err().contains("--where: syntax error at column"), syntax.err());
        InfoCommandTest.Run unknown = run("screen", inputs.toString(), "--where", "bandgap > 1");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown variable bandgap") && unknown.err().contains("band_gap"), unknown.err());
        InfoCommandTest.Run notCondition = run("screen", inputs.toString(), "--where", "band_gap * 2");
        assertEquals(2, notCondition.exit());
        assertTrue(notCondition.err().contains("must give true or false"), notCondition.err());
        InfoCommandTest.Run noCalls = run("screen", inputs.toString(), "--where", "formula.getClass() == null");
        assertEquals(2, noCalls.exit(), "no method calls: " + noCalls.err());
        assertEquals(2, run("screen", inputs.toString(), "--top", "5").exit(), "--top needs --by");
    }

    @Test
    void listsStandardInputAndBrokenFilesEachGiveTheirRows() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.vasp"), "not a POSCAR\n1.0\n");
        Path list = Files.writeString(dir.resolve("paths.txt"), "# two good files and a broken one\n"
                + inputs.resolve("c0000.vasp") + "\n\n" + broken + "\n" + inputs.resolve("c0001.vasp") + "\n");
        Path errors = dir.resolve("errors.csv");
        InputStream stdin = System.in;
        InfoCommandTest.Run r;
        try {
            System.setIn(new ByteArrayInputStream((inputs.resolve("c0002.vasp") + "\n").getBytes(StandardCharsets.UTF_8)));
            r = run("screen", "@" + list, "-", dir.resolve("missing.cif").toString(), "--errors", errors.toString(), "--progress", "0");
        } finally {
            System.setIn(stdin);
        }
        assertEquals(1, r.exit(), "an input failed: " + r.err());
        assertEquals(List.of("c0000", "c0001", "c0002"), csv(r.out()).stream().map(row -> row.get("id")).toList());
        List<CSVRecord> failed = csv(Files.readString(errors));
        assertEquals(2, failed.size());
        assertTrue(failed.get(0).get("error").contains("broken.vasp") || failed.get(0).get("source").contains("broken.vasp"), failed.get(0).toString());
        assertTrue(failed.get(1).get("error").contains("no such file"), failed.get(1).toString());
    }

    @Test
    void anExistingOutputIsNeverOverwrittenOrMixedUp() throws IOException {
        Path out = Files.writeString(dir.resolve("existing.csv"), "precious\n");
        assertEquals(2, run("screen", inputs.resolve("c0000.vasp").toString(), "-o", out.toString()).exit());
        assertEquals("precious\n", Files.readString(out));
        assertEquals(2, run("screen", inputs.resolve("c0000.vasp").toString(), "-o", out.toString(), "--resume").exit(), "no journal: not ours");
        Path done = dir.resolve("done.csv");
        assertEquals(0, run("screen", inputs.resolve("c0000.vasp").toString(), "-o", done.toString(), "--progress", "0").exit());
        InfoCommandTest.Run other = run("screen", inputs.resolve("c0000.vasp").toString(), "-o", done.toString(), "--where", "atoms > 1", "--resume");
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("had other where"), other.err());
        assertEquals(0, run("screen", inputs.resolve("c0001.vasp").toString(), "-o", done.toString(), "--overwrite", "--progress", "0").exit());
        assertEquals("c0001", csv(Files.readString(done)).get(0).get("id"));
    }

    @Test
    void outOfDomainPredictionsCanBeRefused() throws IOException {
        InfoCommandTest.Run flagged = run("screen", InfoCommandTest.EXAMPLES.toString(), "--progress", "0", "--where", "domain == 'out'");
        assertEquals(0, flagged.exit(), flagged.err());
        assertEquals(List.of("CH3I"), csv(flagged.out()).stream().map(row -> row.get("id")).toList(), "a molecule in a 15 Å box is out");
        InfoCommandTest.Run refused = run("screen", InfoCommandTest.EXAMPLES.toString(), "--progress", "0", "--out-of-domain", "refuse");
        assertEquals(1, refused.exit(), "a refused structure is an error row");
        CSVRecord molecule = csv(refused.out()).get(0);
        assertEquals("error", molecule.get("status"));
        assertTrue(molecule.get("error").contains("outside the model's training domain"), molecule.get("error"));
    }
}
