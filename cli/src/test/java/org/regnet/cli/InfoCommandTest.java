package org.regnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {
    static final Path EXAMPLES = Path.of("../examples");

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = RegnetCommand.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text)).getRecords();
    }

    @Test
    void examplesGiveOneRowEach() throws IOException {
        Run r = run("info", "--format", "csv", "--graph", "nearest", EXAMPLES.toString());
        assertEquals(0, r.exit(), r.err());
        List<CSVRecord> rows = csv(r.out());
        assertEquals(7, rows.size());
        CSVRecord si = rows.stream().filter(x -> x.get("id").equals("Si")).findFirst().orElseThrow();
        assertEquals("8", si.get("atoms"));
        assertEquals("F d -3 m", si.get("spacegroup"));
        assertEquals("16", si.get("neighbors_min"), "4 + 12: the whole second shell");
        CSVRecord radius = csv(run("info", "--format", "csv", EXAMPLES.resolve("Si.cif").toString()).out()).get(0);
        assertEquals("16", radius.get("neighbors_min"), "the default radius graph: 4 + 12 within 4 Å");
        CSVRecord molecule = csv(run("info", "--format", "csv", EXAMPLES.resolve("CH3I.cif").toString()).out()).get(0);
        assertEquals("4", molecule.get("neighbors_min"), "a molecule in a box: its own atoms, no image across the vacuum");
        assertEquals(2.3517, Double.parseDouble(si.get("nn_distance_min")), 1e-4);
    }

    @Test
    void badFilesBecomeErrorRowsAndTheRestContinue(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.cif"), "data_x\n_cell_length_a 4\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
                + "_atom_site_fract_z\nFe1 0 0 0\n");
        Files.write(dir.resolve("garbage.vasp"), new byte[] {0, 1, 2, 3});
        Run r = run("info", "--format", "jsonl", EXAMPLES.resolve("NaCl.cif").toString(), dir.toString(), "missing.cif");
        assertEquals(1, r.exit());
        List<JsonNode> rows = r.out().lines().map(InfoCommandTest::json).toList();
        assertEquals(4, rows.size());
        assertEquals("ok", rows.get(0).get("status").asText());
        assertEquals("NaCl", rows.get(0).get("formula").asText());
        assertTrue(rows.get(1).get("error").asText().contains("missing cell parameter _cell_length_b"), rows.get(1).toString());
        assertTrue(rows.get(2).get("error").asText().contains("binary"), rows.get(2).toString());
        assertTrue(rows.get(3).get("error").asText().contains("no such file"), rows.get(3).toString());
        assertTrue(r.err().contains("3 of 4 structures failed"), r.err());
        assertTrue(!r.err().contains("Exception"), "no stack trace for the user: " + r.err());
    }

    @Test
    void policiesAreOptions(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("CuAu.cif"), """
                data_CuAu
                _cell_length_a 3.87
                _cell_length_b 3.87
                _cell_length_c 3.87
                _cell_angle_alpha 90
                _cell_angle_beta 90
                _cell_angle_gamma 90
                _symmetry_space_group_name_H-M 'F m -3 m'
                loop_
                _atom_site_label _atom_site_type_symbol _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z _atom_site_occupancy
                Cu1 Cu 0 0 0 0.5
                Au1 Au 0 0 0 0.5
                """);
        assertEquals(1, run("info", "--format", "csv", dir.toString()).exit());
        Run virtual = run("info", "--format", "csv", "--occupancy", "VIRTUAL", dir.toString());
        assertEquals(0, virtual.exit(), virtual.out());
        assertEquals("CuAu", csv(virtual.out()).get(0).get("formula"), "4 sites of Cu0.5Au0.5");
        Run skipped = run("info", "--format", "csv", "--graph", "nearest", "--underfilled", "skip", "--cutoff", "2", EXAMPLES.resolve("NaCl.cif").toString());
        assertEquals(0, skipped.exit(), "a skip is not a failure");
        assertEquals("skipped", csv(skipped.out()).get(0).get("status"));
    }

    @Test
    void tableFormatAligns() {
        Run r = run("info", "--format", "table", EXAMPLES.resolve("Si.cif").toString(), EXAMPLES.resolve("GaAs.cif").toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size());
        int formula = lines.get(0).indexOf("formula");
        assertTrue(lines.get(1).startsWith("Si ", formula) && lines.get(2).startsWith("GaAs ", formula), "columns line up:\n" + r.out());
        assertTrue(!lines.get(0).contains("error"), "an empty column is left out");
    }

    @Test
    void exitCodesForUsageErrors() {
        assertEquals(2, run("info").exit(), "missing input");
        assertEquals(2, run("info", "--no-such-option", "x.cif").exit());
        Run badEnum = run("info", "--occupancy", "sometimes", "x.cif");
        assertEquals(2, badEnum.exit());
        assertTrue(badEnum.err().contains("error, majority, virtual"), badEnum.err());
        assertEquals(2, run("info", "--graph", "nearest", "--hard-cap", "3", "x.cif").exit(), "hard cap below M");
        assertEquals(2, run("info", "--graph", "sideways", "x.cif").exit(), "no such graph");
        assertEquals(2, run().exit(), "no command");
    }

    @Test
    void helpAndVersionOnEveryCommand() {
        for (List<String> command : List.<List<String>>of(List.of(), List.of("info"), List.of("bench"), List.of("bench", "graph"), List.of("bench", "supercell"))) {
            for (String flag : List.of("--help", "--version")) {
                String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of(flag)).toArray(String[]::new);
                Run r = run(args);
                assertEquals(0, r.exit(), String.join(" ", args));
                assertTrue(flag.equals("--help") ? r.out().contains("Usage:") : r.out().startsWith("regnet "), r.out());
            }
        }
    }

    @Test
    void benchCommandsRunOnSmallInputs() {
        Run graph = run("bench", "graph", "--repeat", "1", EXAMPLES.toString());
        assertEquals(0, graph.exit(), graph.err());
        assertTrue(graph.out().contains("median:") && graph.out().contains("7 structures (0 failed)"), graph.out());
        Run cells = run("bench", "supercell", "--sizes", "64,512", "--repeat", "1");
        assertEquals(0, cells.exit(), cells.err());
        List<String> lines = cells.out().lines().toList();
        assertEquals("atoms,edges,median_ms,us_per_atom,graph_MB,bytes_per_atom", lines.get(0));
        assertTrue(lines.get(2).startsWith("512,9216,"), "NaCl: 18 edges per atom within 4 Å (6 + 12): " + lines.get(2));
    }

    static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
