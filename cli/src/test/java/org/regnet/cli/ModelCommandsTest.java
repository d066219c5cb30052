package org.regnet.cli;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.regnet.cli.InfoCommandTest.EXAMPLES;
import static org.regnet.cli.InfoCommandTest.csv;
import static org.regnet.cli.InfoCommandTest.run;

/** train → predict → evaluate through the command line, on the bundled examples with made-up labels. */
class ModelCommandsTest {
    @TempDir static Path dir;
    static Path model;

    @BeforeAll
    static void trainATinyModel() throws IOException {
        Path labels = Files.writeString(dir.resolve("labels.csv"),
                "id,gap,moment\nSi,1.1,0\nGaAs,1.4,\nNaCl,5.0,0\nTiO2-rutile,3.0,0.1\nSrTiO3,3.2,0\nZnO-wurtzite,3.4,0\n");
        model = dir.resolve("model");
        InfoCommandTest.Run r = run("train", "--data", EXAMPLES.toString(), "--labels", labels.toString(), "--targets", "gap,moment",
                "--extensive", "moment", "--split", "0.67,0.17", "--epochs", "2", "--batch-size", "2", "--hidden", "16", "--layers", "1",
                "--angular", "--cache", dir.resolve("cache").toString(), "--out", model.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("epoch 2/2"), r.err());
    }

    @Test
    void trainBuildsModelV2OnARadiusGraphUnlessToldOtherwise() {
        for (var expected : java.util.Map.of(List.<String>of(), "RADIUS 4.0 SMOOTH_SUM 10.0", List.of("--graph", "nearest"), "NEAREST 8.0 MEAN 10.0",
                List.of("--cutoff", "4.5", "--reference-volume", "12"), "RADIUS 4.5 SMOOTH_SUM 12.0").entrySet()) {
            TrainCommand train = new TrainCommand();
            List<String> args = new java.util.ArrayList<>(List.of("--data", "d", "--labels", "l.csv", "--out", "o"));
            args.addAll(expected.getKey());
            new picocli.CommandLine(train).parseArgs(args.toArray(String[]::new));
            var graph = train.graphOptions.toSettings();
            var config = train.architecture.toConfig(graph);
            assertEquals(org.regnet.model.ReciprocalForm.EWALD, config.reciprocalForm(), "always the Ewald form");
            assertTrue(config.reciprocalEnvelope(), "always with the envelope");
            assertEquals(expected.getValue(), graph.kind() + " " + graph.cutoff() + " " + config.aggregation() + " " + config.referenceVolume(),
                    String.join(" ", args));
        }
    }

    @Test
    void matbenchRunsTheFoldsItIsGivenAndRefusesToMixSettings() throws IOException {
        StringBuilder folds = new StringBuilder("task,id,test_fold\n");
        String[] ids = {"Si", "GaAs", "NaCl", "TiO2-rutile", "SrTiO3", "ZnO-wurtzite"};
        for (int i = 0; i < ids.length; i++) folds.append("mine,").append(ids[i]).append(',').append(i % 5).append('\n');
        Path foldsCsv = Files.writeString(dir.resolve("folds.csv"), folds);
        Path out = dir.resolve("matbench");
        List<String> args = List.of("matbench", "--data", EXAMPLES.toString(), "--labels", dir.resolve("labels.csv").toString(),
                "--targets", "gap", "--matbench-folds", foldsCsv.toString(), "--matbench-task", "mine", "--folds", "0",
                "--validation", "0.25", "--batch-size", "2", "--hidden", "16", "--layers", "1", "--cache", dir.resolve("cache").toString(),
                "--out", out.toString());
        List<String> once = new java.util.ArrayList<>(args);
        once.addAll(List.of("--epochs", "1"));
        InfoCommandTest.Run r = run(once.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("mine: 1 fold(s), test MAE"), r.err());
        List<CSVRecord> predicted = csv(Files.readString(out.resolve("fold_0/test_predictions.csv")));
        assertEquals(List.of("Si", "ZnO-wurtzite"), predicted.stream().map(c -> c.get("id")).toList());
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| 0 | 2 | "));
        List<String> longer = new java.util.ArrayList<>(args);
        longer.addAll(List.of("--epochs", "2"));
        r = run(longer.toArray(String[]::new));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("other settings (differing: training)"), r.err());
        List<String> twoTargets = new java.util.ArrayList<>(args);
        twoTargets.set(twoTargets.indexOf("gap"), "gap,moment");
        assertEquals(2, run(twoTargets.toArray(String[]::new)).exit());

        // a second seed, and the two runs' ensemble, scored and written as a run
        Path seed7 = dir.resolve("matbench-seed-7");
        List<String> second = new java.util.ArrayList<>(once);
        second.set(second.indexOf(out.toString()), seed7.toString());
        second.addAll(List.of("--seed", "7"));
        assertEquals(0, run(second.toArray(String[]::new)).exit());
        Path ensemble = dir.resolve("matbench-ensemble");
        InfoCommandTest.Run e = run("matbench-ensemble", out.toString(), seed7.toString(), "--data", EXAMPLES.toString(),
                "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap", "--cache", dir.resolve("cache").toString(), "--out", ensemble.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.err().contains("mine: ensemble of 2 runs, 1 fold(s), test MAE"), e.err());
        double[] members = new double[2];
        for (int m = 0; m < 2; m++) members[m] = Double.parseDouble(csv(Files.readString((m == 0 ? out : seed7).resolve("fold_0/test_predictions.csv"))).get(0).get("predicted"));
        List<CSVRecord> mean = csv(Files.readString(ensemble.resolve("fold_0/test_predictions.csv")));
        assertEquals("Si", mean.get(0).get("id"));
        assertEquals(members[0] / 2 + members[1] / 2, Double.parseDouble(mean.get(0).get("predicted")), 0);
        assertTrue(Files.readString(ensemble.resolve("summary.md")).contains("Command: `regnet matbench-ensemble "), "the command is recorded");
        InfoCommandTest.Run alone = run("matbench-ensemble", out.toString(), "--data", EXAMPLES.toString(), "--out", ensemble.toString());
        assertEquals(2, alone.exit(), "one run is no ensemble");

        // what benchmarks/matbench/ commits of each run (results and summary, no models) makes the same ensemble
        List<String> committed = new java.util.ArrayList<>();
        for (Path run : List.of(out, seed7)) {
            Path kept = Files.createDirectories(dir.resolve("committed-" + run.getFileName()));
            for (String f : List.of("results.json.gz", "summary.json")) Files.copy(run.resolve(f), kept.resolve(f));
            committed.add(kept.toString());
        }
        Path again = dir.resolve("matbench-ensemble-committed");
        List<String> fromCommitted = new java.util.ArrayList<>(List.of("matbench-ensemble"));
        fromCommitted.addAll(committed);
        fromCommitted.addAll(List.of("--data", EXAMPLES.toString(), "--labels", dir.resolve("labels.csv").toString(), "--cache", dir.resolve("cache").toString(), "--out", again.toString()));
        InfoCommandTest.Run unnamed = run(fromCommitted.toArray(String[]::new));
        assertEquals(2, unnamed.exit(), unnamed.err());
        assertTrue(unnamed.err().contains("give --targets"), "without a fold model the target must be named: " + unnamed.err());
        fromCommitted.addAll(List.of("--targets", "gap"));
        e = run(fromCommitted.toArray(String[]::new));
        assertEquals(0, e.exit(), e.err());
        assertEquals(Files.readString(ensemble.resolve("fold_0/test_predictions.csv")), Files.readString(again.resolve("fold_0/test_predictions.csv")));
    }

    @Test
    void predictCarriesTheGraphsWarningsInItsOwnColumn() throws IOException {
        Path lone = Files.writeString(dir.resolve("Ar-in-a-box.vasp"), "Ar in a box\n1.0\n11 0 0\n0 11 0\n0 0 11\nAr\n1\nDirect\n0 0 0\n");
        InfoCommandTest.Run r = run("predict", "--format", "csv", lone.toString(), EXAMPLES.resolve("Si.cif").toString());
        assertEquals(0, r.exit(), r.err());
        List<CSVRecord> rows = csv(r.out());
        assertEquals("1 atom with no neighbour within 4.00 Å (atom [0])", rows.get(0).get("warning"));
        assertEquals("ok", rows.get(0).get("status"));
        assertEquals("", rows.get(1).get("warning"));
    }

    @Test
    void predictTakesListsAndPathsOnStandardInputAsScreenDoes() throws IOException {
        Path list = Files.writeString(dir.resolve("inputs.txt"), "# two examples\n" + EXAMPLES.resolve("Si.cif").toAbsolutePath()
                + "\n\n" + dir.resolve("missing.cif") + "\n");
        java.io.InputStream stdin = System.in;
        InfoCommandTest.Run r;
        try {
            System.setIn(new java.io.ByteArrayInputStream((EXAMPLES.resolve("NaCl.cif").toAbsolutePath() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            r = run("predict", "--format", "csv", "@" + list, "-");
        } finally {
            System.setIn(stdin);
        }
        assertEquals(1, r.exit(), "the missing file failed: " + r.err());
        List<CSVRecord> rows = csv(r.out());
        assertEquals(List.of("Si ok", "missing error", "NaCl ok"), rows.stream().map(c -> c.get("id") + " " + c.get("status")).toList());
    }

    @Test
    void predictStopsQuietlyWhenItsReaderHasGone() {
        picocli.CommandLine cl = RegnetCommand.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        int[] attempts = {0};
        cl.setOut(new java.io.PrintWriter(new java.io.OutputStream() {  // a pipe whose reader exited, as `| head` leaves it
            @Override
            public void write(int b) throws IOException {
                attempts[0]++;
                throw new IOException("Broken pipe");
            }
        }, true));
        cl.setErr(new java.io.PrintWriter(err));
        assertEquals(141, cl.execute("predict", "--format", "jsonl", EXAMPLES.toString()));
        assertEquals("", err.toString().replaceAll("(?m)^regnet: INFO.*\\R", ""), "no error message for a closed pipe");
        assertTrue(attempts[0] <= 3, "stopped at the first row that failed, not after all seven: " + attempts[0] + " flushes");
    }

    @Test
    void predictGivesEachDataBlockItsOwnRow() throws IOException {
        Path file = Path.of("../crystal/src/test/resources/structures/blocks-two-bad.cif");
        InfoCommandTest.Run r = run("predict", "--format", "csv", file.toString());
        assertEquals(1, r.exit(), "some structures failed: " + r.err());
        List<CSVRecord> rows = csv(r.out());
        assertEquals(List.of("blocks-two-bad#1 ok", "blocks-two-bad#2 error", "blocks-two-bad#3 ok", "blocks-two-bad#4 error"),
                rows.stream().map(c -> c.get("id") + " " + c.get("status")).toList());
        assertTrue(rows.get(1).get("error").contains("_cell_length_c"), rows.get(1).get("error"));
        assertTrue(r.err().contains("2 of 4 structures failed"), r.err());
    }

    @Test
    void theRecordedCommandQuotesWhatAShellWouldSplit() {
        assertEquals("regnet matbench --targets 'last phdos peak' --out 'it'\\''s' --epochs 3 ''",
                TrainingCommand.commandLine(List.of("matbench", "--targets", "last phdos peak", "--out", "it's", "--epochs", "3", "")));
    }

    @Test
    void trainCanHoldOutWholeChemicalSystems() throws IOException {
        Path out = dir.resolve("by-chemistry");
        InfoCommandTest.Run r = run("train", "--data", EXAMPLES.toString(), "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap",
                "--split", "0.5,0.17", "--split-by", "chemical-system", "--epochs", "1", "--batch-size", "2", "--hidden", "16", "--layers", "1",
                "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(out.resolve("split.json")).contains("by chemical system 0.500/0.170/0.330 seed 42 (6 systems)"),
                Files.readString(out.resolve("split.json")));
    }

    @Test
    void theHurdleHeadIsAnOptionThatModelsDescribes() throws IOException {
        Path out = dir.resolve("hurdle");
        InfoCommandTest.Run r = run("train", "--data", EXAMPLES.toString(), "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap",
                "--non-negative", "gap", "--non-negative-head", "hurdle", "--split", "0.67,0.17", "--epochs", "1", "--batch-size", "2", "--hidden", "16", "--layers", "1",
                "--cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        InfoCommandTest.Run described = run("models", out.toString());
        assertTrue(described.out().contains("gap [≥ 0, hurdle head]") && described.out().contains("output-non-negative-hurdle"), described.out());
        InfoCommandTest.Run bad = run("train", "--data", EXAMPLES.toString(), "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap",
                "--non-negative-head", "step", "--out", dir.resolve("never").toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--non-negative-head") && bad.err().contains("softplus, hurdle"), bad.err());
    }

    @Test
    void benchTrainRunsWithAngularTerms() {
        InfoCommandTest.Run r = run("bench", "train", "--data", EXAMPLES.toString(), "--labels", dir.resolve("labels.csv").toString(),
                "--targets", "gap", "--batches", "2", "--repeat", "1", "--batch-size", "2", "--angular");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("median:"), r.out());
    }

    @Test
    void archiveHoldsManifestSplitAndMetrics() throws IOException {
        String manifest = Files.readString(model.resolve("manifest.json"));
        assertTrue(manifest.contains("\"formatVersion\" : 2") && manifest.contains("\"sha256\"") && manifest.contains("\"split\""), manifest);
        assertTrue(manifest.contains("\"reciprocalForm\" : \"EWALD\"") && manifest.contains("\"kind\" : \"RADIUS\"")
                && manifest.contains("\"domain\" : {"), "the forms and the training domain are recorded");
        assertTrue(manifest.contains("\"command\" : \"regnet train --data "), "the recorded command can be run again as it stands");
        assertTrue(manifest.contains("\"angular\" : true"), "--angular is recorded in the architecture");
        assertTrue(manifest.contains("\"reciprocalEnvelope\" : true"), "the reciprocal envelope is recorded in the architecture");
        assertEquals(3, Files.readAllLines(model.resolve("metrics.csv")).size());
        assertTrue(Files.isRegularFile(model.resolve("checkpoint.bin")));
    }

    @Test
    void predictWritesOneRowPerStructureAndErrorRows(@TempDir Path bad) throws IOException {
        Files.writeString(bad.resolve("broken.cif"), "data_x\n_cell_length_a 4\n");
        InfoCommandTest.Run r = run("predict", "--model", model.toString(), EXAMPLES.toString(), bad.toString());
        assertEquals(1, r.exit(), r.err());
        List<CSVRecord> rows = csv(r.out());
        assertEquals(8, rows.size());
        assertTrue(rows.get(0).isMapped("gap[eV]") || rows.get(0).isMapped("gap"), rows.get(0).toString());
        long ok = rows.stream().filter(x -> x.get("status").equals("ok")).count();
        assertEquals(7, ok);
        // the molecule in a box is nothing like the six crystals the model was trained on
        CSVRecord molecule = rows.stream().filter(x -> x.get("id").equals("CH3I")).findFirst().orElseThrow();
        assertEquals("out", molecule.get("domain"));
        assertTrue(molecule.get("domain_reason").contains("element I (Z = 53) not in the training data")
                && molecule.get("domain_reason").contains("volume per atom"), molecule.get("domain_reason"));
        List<String> trained = trainIds();
        assertTrue(!trained.isEmpty());
        for (CSVRecord row : rows) if (trained.contains(row.get("id"))) assertEquals("in", row.get("domain"), row.get("id") + " is a training crystal");
        CSVRecord error = rows.stream().filter(x -> x.get("status").equals("error")).findFirst().orElseThrow();
        assertTrue(error.get("error").contains("broken.cif"), error.get("error"));
        for (CSVRecord row : rows) if (row.get("status").equals("ok")) Double.parseDouble(row.get("gap"));
    }

    @Test
    void anInputThatHoldsNoStructureGetsAnErrorRow(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.tar"));
        Path nothing = Files.createDirectories(dir.resolve("nothing"));
        InfoCommandTest.Run r = run("predict", "--model", model.toString(), empty.toString(), nothing.toString(), EXAMPLES.resolve("Si.cif").toString());
        assertEquals(1, r.exit(), r.err());
        List<CSVRecord> rows = csv(r.out());
        assertEquals(List.of("error", "error", "ok"), rows.stream().map(x -> x.get("status")).toList(), r.out());
        assertTrue(rows.get(0).get("error").contains("empty.tar") && rows.get(0).get("error").contains("archive holds no structure file"), rows.get(0).get("error"));
        assertTrue(rows.get(1).get("error").contains("directory holds no structure file"), rows.get(1).get("error"));
    }

    private static List<String> trainIds() throws IOException {
        List<String> ids = new java.util.ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(model.resolve("split.json").toFile()).get("train").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    @Test
    void predictJsonLinesMatchCsv() throws IOException {
        InfoCommandTest.Run csvRun = run("predict", "--model", model.toString(), EXAMPLES.resolve("Si.cif").toString());
        InfoCommandTest.Run json = run("predict", "--model", model.toString(), "--format", "jsonl", EXAMPLES.resolve("Si.cif").toString());
        assertEquals(0, json.exit(), json.err());
        double fromCsv = Double.parseDouble(csv(csvRun.out()).get(0).get("gap"));
        assertEquals(fromCsv, InfoCommandTest.json(json.out().strip()).get("gap").asDouble(), 1e-12);
    }

    @Test
    void calibratedModelsPredictIntervals() throws IOException {
        // the tiny model's one validation crystal cannot promise 90 %: training recorded no interval
        CSVRecord plain = csv(run("predict", "--model", model.toString(), EXAMPLES.resolve("Si.cif").toString()).out()).get(0);
        assertFalse(plain.getParser().getHeaderNames().contains("gap_lo"), plain.getParser().getHeaderNames().toString());
        // calibrate writes 50 % intervals, which one crystal can hold, and their test coverage, into the model directory
        Path copy = Files.createDirectories(dir.resolve("calibrated"));
        for (String f : List.of("manifest.json", "parameters.bin", "split.json")) Files.copy(model.resolve(f), copy.resolve(f));
        InfoCommandTest.Run r = run("calibrate", "--model", copy.toString(), "--data", EXAMPLES.toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--coverage", "0.5", "--cache", dir.resolve("cache").toString(), "--plots", dir.resolve("plots").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(copy.resolve("manifest.json")).contains("\"coverage\" : 0.5"), "the new coverage is recorded");
        assertTrue(r.err().contains("test: coverage"), r.err());
        assertTrue(Files.size(dir.resolve("plots/interval-gap.png")) > 1000);
        CSVRecord row = csv(run("predict", "--model", copy.toString(), EXAMPLES.resolve("Si.cif").toString()).out()).get(0);
        assertTrue(row.getParser().getHeaderNames().containsAll(List.of("gap_lo", "gap_hi")), row.getParser().getHeaderNames().toString());
        double gap = Double.parseDouble(row.get("gap")), lo = Double.parseDouble(row.get("gap_lo")), hi = Double.parseDouble(row.get("gap_hi"));
        assertTrue(lo <= gap && gap <= hi && lo >= 0, lo + " " + gap + " " + hi);
        assertEquals(2, run("calibrate", "--model", "mp36k", "--data", EXAMPLES.toString()).exit(), "a bundled name is not a directory to write to");

        // a named ensemble of models that share a split is calibrated into its ensemble.json
        Path named = Files.createDirectories(dir.resolve("calibrated-ensemble"));
        Files.writeString(named.resolve("ensemble.json"), "{\"members\": [\"../calibrated\", \"" + model + "\"]}");
        InfoCommandTest.Run e = run("calibrate", "--model", named.toString(), "--data", EXAMPLES.toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--coverage", "0.5", "--cache", dir.resolve("cache").toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.err().contains("intervals written to " + named.resolve("ensemble.json")), e.err());
        CSVRecord both = csv(run("predict", "--model", named.toString(), EXAMPLES.resolve("Si.cif").toString()).out()).get(0);
        assertTrue(both.getParser().getHeaderNames().containsAll(List.of("gap_std", "gap_lo", "gap_hi")), both.getParser().getHeaderNames().toString());
        assertTrue(Double.parseDouble(both.get("gap_lo")) <= Double.parseDouble(both.get("gap")), both.toString());
        assertTrue(run("models", named.toString()).out().contains("intervals 50 % (split conformal, validation split (1 crystals)) for gap"),
                run("models", named.toString()).out());
    }

    @Test
    void domainFitsTheEmptySlabIntoAModelRecordedWithoutIt() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("old-domain"));
        for (String f : List.of("parameters.bin", "split.json")) Files.copy(model.resolve(f), copy.resolve(f));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(model.resolve("manifest.json").toFile());
        double slab = manifest.get("domain").get("emptySlab").asDouble();
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("domain")).remove("emptySlab");
        json.writeValue(copy.resolve("manifest.json").toFile(), manifest);
        assertTrue(run("models", copy.toString()).out().contains("empty slab not recorded"), run("models", copy.toString()).out());

        InfoCommandTest.Run r = run("domain", "--model", copy.toString(), "--data", EXAMPLES.toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--cache", dir.resolve("cache").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("fitted on the 4 training crystals of " + copy), r.err());
        assertTrue(r.err().contains("before: volume/atom") && r.err().contains("empty slab not recorded"), r.err());
        assertTrue(r.err().contains("after:  volume/atom") && r.err().contains("empty slab ≤ "), r.err());
        assertEquals(slab, json.readTree(copy.resolve("manifest.json").toFile()).get("domain").get("emptySlab").asDouble(), 0,
                "fitted again on the training crystals: the value training recorded");
        assertTrue(run("models", copy.toString()).out().contains("empty slab ≤ "), run("models", copy.toString()).out());

        // the bundled default's 29,390 training crystals are not among the examples: refused, nothing written
        Path out = dir.resolve("mp36k-domain");
        Path energies = Files.writeString(dir.resolve("energies.csv"), "id,formation_energy_per_atom\nSi,0\nNaCl,-2.1\n");
        InfoCommandTest.Run missing = run("domain", "--model", "mp36k", "--data", EXAMPLES.toString(), "--labels", energies.toString(), "--targets", "formation_energy_per_atom",
                "--out", out.toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("of the 29390 training crystals of mp36k are not in the data"), missing.err());
        assertFalse(Files.exists(out));
        assertEquals(2, run("domain", "--model", "mp36k", "--data", EXAMPLES.toString()).exit(), "a bundled name is not a directory to write to");
        Path ensemble = Files.createDirectories(dir.resolve("domain-ensemble"));
        Files.writeString(ensemble.resolve("ensemble.json"), "{\"members\": [\"../old-domain\", \"" + model + "\"]}");
        InfoCommandTest.Run members = run("domain", "--model", ensemble.toString(), "--data", EXAMPLES.toString());
        assertEquals(2, members.exit(), members.err());
        assertTrue(members.err().contains("is an ensemble folder: its members have the domains"), members.err());
    }

    @Test
    void calibrateOnGivenCrystalsWritesARecalibratedCopyOfABundledModel() throws IOException {
        // the examples twice over (14 crystals) with band gaps of our own: 4 held back, 10 calibrate (9 are needed at 90 %)
        Path data = Files.createDirectories(dir.resolve("own-population"));
        StringBuilder labels = new StringBuilder("id,band_gap\n");
        int k = 0;
        try (var files = Files.list(EXAMPLES)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString(), stem = name.substring(0, name.lastIndexOf('.')), ext = name.substring(name.lastIndexOf('.'));
                for (String copy : List.of(stem, stem + "-b")) {
                    Files.copy(f, data.resolve(copy + ext));
                    labels.append(copy).append(',').append(0.5 * k++).append('\n');
                }
            }
        }
        Path labelFile = Files.writeString(dir.resolve("own-labels.csv"), labels);
        Path out = dir.resolve("mp36k-recalibrated");
        List<String> common = List.of("calibrate", "--model", "mp36k", "--calibration-set", "given", "--data", data.toString(),
                "--labels", labelFile.toString(), "--targets", "band_gap", "--cache", "none");
        InfoCommandTest.Run unknown = run("calibrate", "--model", "mp36k", "--calibration-set", "given", "--data", data.toString(),
                "--labels", labelFile.toString(), "--targets", "gap", "--out", out.toString());
        assertEquals(2, unknown.exit(), unknown.err());
        assertTrue(unknown.err().contains("does not predict 'gap'"), unknown.err());
        // the other three tasks keep mp36k's 90 % intervals, so band_gap's must be 90 % too
        InfoCommandTest.Run mixed = run(concat(common, List.of("--coverage", "0.5", "--out", out.toString())));
        assertEquals(2, mixed.exit(), mixed.err());
        assertTrue(mixed.err().contains("keep the model's 90 % intervals"), mixed.err());
        InfoCommandTest.Run r = run(concat(common, List.of("--out", out.toString())));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("calibrated on: 10 given crystals (band_gap), 4 more held back to check; formation_energy_per_atom, efermi, "
                + "total_magnetization: validation split"), r.err());
        assertTrue(r.err().contains("band_gap                     q ") && r.err().contains("check: coverage"), r.err());
        assertTrue(r.err().contains("efermi                       keeps its intervals"), r.err());
        assertTrue(r.err().contains("model with these intervals written to " + out), r.err());
        String described = run("models", out.toString()).out();
        assertTrue(described.contains("coverage (test crystals unless said): ") && described.contains("on the crystals held back"), described);
        CSVRecord row = csv(run("predict", "--model", out.toString(), EXAMPLES.resolve("Si.cif").toString()).out()).get(0);
        CSVRecord bundled = csv(run("predict", "--model", "mp36k", EXAMPLES.resolve("Si.cif").toString()).out()).get(0);
        assertEquals(bundled.get("band_gap[eV]"), row.get("band_gap[eV]"), "same weights");
        assertEquals(bundled.get("efermi_hi[eV]"), row.get("efermi_hi[eV]"), "efermi keeps its interval");
        assertNotEquals(bundled.get("band_gap_hi[eV]"), row.get("band_gap_hi[eV]"), "band_gap's is new");
        // evaluate says how often the intervals hold the labels: the 10 calibration crystals at least, of 14
        CSVRecord scored = csv(run("evaluate", "--model", out.toString(), "--data", data.toString(), "--labels", labelFile.toString(),
                "--targets", "band_gap", "--format", "csv", "--cache", "none").out()).get(0);
        double held = Double.parseDouble(scored.get("interval_coverage"));
        assertTrue(held >= 10 / 14.0 - 1e-4 && held <= 1 && Double.parseDouble(scored.get("interval_width")) > 0, scored.toString());
        // an existing, non-empty folder is not overwritten
        InfoCommandTest.Run again = run(concat(common, List.of("--out", out.toString())));
        assertNotEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("not an empty folder"), again.err());
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all.toArray(new String[0]);
    }

    @Test
    void calibrateTellsUnseenChemistryApartWhenTheDataHoldTheTrainingCrystals() throws IOException {
        // the examples and second copies of Si and NaCl; training: Si, GaAs, NaCl, TiO2; validation: Si-b (seen) and SrTiO3 (unseen)
        Path data = Files.createDirectories(dir.resolve("chemistry-data"));
        for (String f : List.of("Si.cif", "GaAs.cif", "NaCl.cif", "TiO2-rutile.cif", "SrTiO3.vasp", "ZnO-wurtzite.vasp")) Files.copy(EXAMPLES.resolve(f), data.resolve(f));
        Files.copy(EXAMPLES.resolve("Si.cif"), data.resolve("Si-b.cif"));
        Files.copy(EXAMPLES.resolve("NaCl.cif"), data.resolve("NaCl-b.cif"));
        Path labels = Files.writeString(dir.resolve("chemistry-labels.csv"),
                "id,gap,moment\nSi,1.1,0\nGaAs,1.4,0\nNaCl,5.0,0\nTiO2-rutile,3.0,0.1\nSrTiO3,3.2,0\nZnO-wurtzite,3.4,0\nSi-b,1.0,0\nNaCl-b,5.1,0\n");
        Path copy = Files.createDirectories(dir.resolve("calibrated-by-chemistry"));
        for (String f : List.of("manifest.json", "parameters.bin")) Files.copy(model.resolve(f), copy.resolve(f));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var split = mapper.createObjectNode().put("method", "by hand");
        split.set("train", mapper.valueToTree(List.of("Si", "GaAs", "NaCl", "TiO2-rutile")));
        split.set("validation", mapper.valueToTree(List.of("Si-b", "SrTiO3")));
        split.set("test", mapper.valueToTree(List.of("NaCl-b", "ZnO-wurtzite")));
        mapper.writeValue(copy.resolve("split.json").toFile(), split);

        InfoCommandTest.Run r = run("calibrate", "--model", copy.toString(), "--data", data.toString(), "--labels", labels.toString(),
                "--coverage", "0.5", "--cache", "none");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("(from 1 crystals of seen chemistry; unseen chemistry: q ") && r.err().contains(" from 1); test: coverage "), r.err());
        assertTrue(r.err().contains("(unseen chemistry "), "the test coverage on ZnO, of unseen chemistry: " + r.err());
        String manifest = Files.readString(copy.resolve("manifest.json"));
        assertTrue(manifest.contains("\"trainingChemistry\"") && manifest.contains("\"intervals-by-chemistry\""), manifest);
        String described = run("models", copy.toString()).out();
        assertTrue(described.contains("crystals of a chemical system none of the 4 of training has calibrated apart"), described);
        var intervals = InfoCommandTest.json(run("models", "--json", copy.toString()).out().strip()).get("manifest").get("intervals");
        assertEquals(4, intervals.get("trainingChemistrySystems").asInt(), "the systems' count, not their list: " + intervals);
        assertTrue(!intervals.has("trainingChemistry"), intervals.toString());

        // without the training crystals in the data their chemistry is unknown: one group, and the command says so
        Path partial = Files.createDirectories(dir.resolve("chemistry-partial"));
        for (String f : List.of("Si-b.cif", "SrTiO3.vasp", "NaCl-b.cif", "ZnO-wurtzite.vasp")) Files.copy(data.resolve(f), partial.resolve(f));
        InfoCommandTest.Run one = run("calibrate", "--model", copy.toString(), "--data", partial.toString(), "--labels", labels.toString(),
                "--coverage", "0.5", "--cache", "none");
        assertEquals(0, one.exit(), one.err());
        assertTrue(!one.err().contains("unseen chemistry:") && !one.err().contains("(unseen chemistry"), one.err());
        assertTrue(!Files.readString(copy.resolve("manifest.json")).contains("intervals-by-chemistry"), "one group requires nothing");
        assertTrue(run("models", copy.toString()).out().contains("as one group: 4 training crystals are not in the data, so unseen chemistry is not told apart"),
                run("models", copy.toString()).out());
    }

    @Test
    void predictWithAnEnsembleAddsSpreadColumns() throws IOException {
        InfoCommandTest.Run single = run("predict", "--model", model.toString(), EXAMPLES.toString());
        InfoCommandTest.Run twice = run("predict", "--model", model + "," + model, EXAMPLES.toString());
        assertEquals(0, twice.exit(), twice.err());
        List<CSVRecord> one = csv(single.out()), both = csv(twice.out());
        assertEquals(List.of("id", "status", "formula", "atoms", "gap", "gap_std", "moment", "moment_std", "domain", "domain_reason", "warning", "source", "error"),
                both.get(0).getParser().getHeaderNames());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).get("gap"), both.get(i).get("gap"), "the mean of a model and itself is the model");
            assertEquals(0.0, Double.parseDouble(both.get(i).get("gap_std")), "a model agrees with itself");
        }
    }

    @Test
    void aNamedEnsembleFolderPredictsAndIsDescribedWithItsMembers() throws IOException {
        Path named = Files.createDirectories(dir.resolve("named-ensemble"));
        Files.writeString(named.resolve("ensemble.json"), "{\"members\": [\"../model\", \"" + model + "\"]}");
        InfoCommandTest.Run listed = run("predict", "--model", model + "," + model, EXAMPLES.toString());
        InfoCommandTest.Run byName = run("predict", "--model", named.toString(), EXAMPLES.toString());
        assertEquals(0, byName.exit(), byName.err());
        assertEquals(listed.out(), byName.out(), "a named ensemble predicts as its members listed");

        InfoCommandTest.Run described = run("models", named.toString());
        assertEquals(0, described.exit(), described.err());
        assertTrue(described.out().startsWith(named + "  (ensemble)\n  members   " + named.resolve("../model") + ", " + model), described.out());
        assertTrue(described.out().contains("tasks     gap, moment [extensive]"), "then each member: " + described.out());
        InfoCommandTest.Run json = run("models", "--json", named.toString());
        assertEquals(2, InfoCommandTest.json(json.out().lines().findFirst().orElseThrow()).get("ensemble").size(), json.out());
    }

    @Test
    void evaluateScoresAnEnsembleOnItsMembersSplit() throws IOException {
        InfoCommandTest.Run r = run("evaluate", "--model", model + "," + model, "--data", EXAMPLES.toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--format", "csv", "--subset", "test", "--cache", "none");
        assertEquals(0, r.exit(), r.err());
        assertEquals("1", csv(r.out()).get(0).get("count"), "the test part of the members' common split");
    }

    @Test
    void evaluateScoresTheTestCrystalsOfUnseenChemistry() throws IOException {
        String labels = dir.resolve("labels.csv").toString();
        InfoCommandTest.Run test = run("evaluate", "--model", model.toString(), "--data", EXAMPLES.toString(), "--labels", labels,
                "--format", "csv", "--subset", "test", "--cache", "none");
        InfoCommandTest.Run unseen = run("evaluate", "--model", model.toString(), "--data", EXAMPLES.toString(), "--labels", labels,
                "--format", "csv", "--subset", "test-unseen-chemistry", "--cache", "none");
        assertEquals(0, unseen.exit(), unseen.err());
        assertEquals(test.out(), unseen.out(), "every example is its own chemical system, so the whole test set is unseen chemistry");
        InfoCommandTest.Run withoutTraining = run("evaluate", "--model", model.toString(), "--data", EXAMPLES.resolve("Si.cif").toString(),
                "--labels", labels, "--subset", "test-unseen-chemistry", "--cache", "none");
        assertEquals(2, withoutTraining.exit(), withoutTraining.err());
        assertTrue(withoutTraining.err().contains("needs the model's training crystals in the data"), withoutTraining.err());
    }

    @Test
    void evaluateScoresAnEnsembleOnATestSetItsMembersShare() throws IOException {
        Path onValidationToo = dir.resolve("model-trained-on-validation-too");
        Files.createDirectories(onValidationToo);
        for (String f : List.of("manifest.json", "parameters.bin")) Files.copy(model.resolve(f), onValidationToo.resolve(f));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var split = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(model.resolve("split.json").toFile());
        split.withArray("train").addAll(split.withArray("validation"));
        split.putArray("validation");
        mapper.writeValue(onValidationToo.resolve("split.json").toFile(), split);
        String both = model + "," + onValidationToo;
        InfoCommandTest.Run test = run("evaluate", "--model", both, "--data", EXAMPLES.toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--format", "csv", "--subset", "test", "--cache", "none");
        assertEquals(0, test.exit(), test.err());
        assertEquals("1", csv(test.out()).get(0).get("count"), "the test crystal both members held out");
        InfoCommandTest.Run validation = run("evaluate", "--model", both, "--data", EXAMPLES.toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--subset", "validation", "--cache", "none");
        assertEquals(2, validation.exit(), "one member trained on the other's validation crystal");
        assertTrue(validation.err().contains("none of these crystals is in the model's validation set"), validation.err());
    }

    @Test
    void kernelsAreTheCommandsChoiceNotAGlobalSetting() throws IOException {
        List<List<CSVRecord>> rows = new java.util.ArrayList<>();
        for (String kernels : List.of("djl", "cpu")) {
            InfoCommandTest.Run r = run("predict", "--model", model.toString(), "--kernels", kernels, "--format", "csv", EXAMPLES.toString());
            assertEquals(0, r.exit(), r.err());
            rows.add(csv(r.out()));
            assertNull(System.getProperty(org.regnet.kernels.FourierKernels.PROPERTY), "--kernels sets no system property");
        }
        assertEquals(rows.get(0).size(), rows.get(1).size());
        for (int i = 0; i < rows.get(0).size(); i++) {
            assertEquals(Double.parseDouble(rows.get(0).get(i).get("gap")), Double.parseDouble(rows.get(1).get(i).get("gap")), 1e-4,
                    "the DJL path and the CPU kernel agree on " + rows.get(0).get(i).get("id"));
        }
    }

    @Test
    void evaluateRefusesATargetTheModelDoesNotPredictAndAnUnknownSubset() {
        InfoCommandTest.Run r = run("evaluate", "--model", model.toString(), "--data", EXAMPLES.toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--targets", "gap,volume");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("does not predict 'volume' (it predicts [gap, moment])"), r.err());
        r = run("evaluate", "--model", model.toString(), "--data", EXAMPLES.toString(), "--subset", "holdout");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--subset must be all, train, validation, test or test-unseen-chemistry"), r.err());
    }

    @Test
    void evaluateScoresAndPlots() throws IOException {
        Path plots = dir.resolve("plots");
        InfoCommandTest.Run r = run("evaluate", "--model", model.toString(), "--data", EXAMPLES.toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--format", "csv", "--plots", plots.toString(), "--cache", "none");
        assertEquals(0, r.exit(), r.err());
        List<CSVRecord> rows = csv(r.out());
        assertEquals(List.of("gap", "moment"), rows.stream().map(x -> x.get("task")).toList());
        assertEquals("6", rows.get(0).get("count"));
        assertEquals("5", rows.get(1).get("count"), "a missing label is not scored");
        assertTrue(Double.parseDouble(rows.get(0).get("mae")) >= 0);
        assertEquals("", rows.get(0).get("interval_coverage"), "a model without intervals");
        assertTrue(Files.size(plots.resolve("parity-gap.png")) > 1000);
    }

    @Test
    void modelsDescribesEachModelAndGoesOnPastOneThatFails() {
        InfoCommandTest.Run r = run("models", model.toString(), "no-such-model", "mp36k");
        assertEquals(1, r.exit(), "a model that cannot be loaded fails the run");
        assertTrue(r.err().contains("no-such-model") && r.err().contains("no model 'no-such-model'"), r.err());
        String tiny = r.out().substring(0, r.out().indexOf("mp36k  (bundled)"));
        assertTrue(tiny.contains("tasks     gap, moment [extensive]"), tiny);
        assertTrue(tiny.contains("hidden 16, 1 layers") && tiny.contains("bond angles: yes"), tiny);
        assertTrue(tiny.contains("Ewald-form reciprocal blocks") && tiny.contains("smooth envelope") && tiny.contains("v0 10.0 Å³"), tiny);
        assertTrue(tiny.contains("every neighbour within 4.0 Å") && tiny.contains("format    2; requires reciprocal-ewald"), tiny);
        assertTrue(tiny.contains("domain    ") && tiny.contains("machine   ") && tiny.contains("PyTorch 2."), tiny);
        assertTrue(r.out().contains("intervals 90 % (split conformal, validation split (3674 crystals); crystals of a chemical system none of the 15,482 of training has "
                + "calibrated apart; by cell size (1-10, 11-30, 31-60, over 60 atoms)); test coverage: formation_energy_per_atom 90.4 % (unseen chemistry 90.5 %)"),
                "the bundled model's calibration: " + r.out());
        assertTrue(tiny.contains("2 epochs") && tiny.contains("seed 42") && tiny.contains("(git "), tiny);
        assertTrue(r.out().contains("bond angles: no"), "the bundled default: " + r.out());
    }

    @Test
    void modelsJsonCarriesTheManifest() {
        InfoCommandTest.Run r = run("models", "--json", model.toString());
        assertEquals(0, r.exit(), r.err());
        com.fasterxml.jackson.databind.JsonNode line = InfoCommandTest.json(r.out().strip());
        assertEquals(model.toString(), line.get("model").asText());
        assertTrue(line.get("parameters").asInt() > 0);
        assertTrue(line.get("manifest").get("architecture").get("angular").asBoolean());
        assertEquals("gap", line.get("manifest").get("tasks").get(0).get("name").asText());
    }

    @Test
    void everyCommandHasCleanHelp() {
        // picocli reports a description it cannot format (a bare %) on System.err, not on the command's stream
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream traced = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(traced, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String command : List.of("info", "predict", "train", "matbench", "matbench-ensemble", "evaluate", "calibrate", "models", "scan", "screen", "bench")) {
                InfoCommandTest.Run r = run(command, "--help");
                assertEquals(0, r.exit(), command);
                assertTrue(r.out().startsWith("Usage: regnet " + command), r.out());
                assertTrue(!r.err().contains("WARN") && !r.out().contains("WARN"), command + ": " + r.err());
            }
        } finally {
            System.setErr(stderr);
        }
        assertFalse(traced.toString(java.nio.charset.StandardCharsets.UTF_8).contains("WARN"), traced.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void fineTuningStartsFromATrainedModelAndRecordsIt() throws IOException {
        Path tuned = dir.resolve("tuned");
        InfoCommandTest.Run r = run("train", "--init", model.toString(), "--data", EXAMPLES.toString(), "--labels", dir.resolve("labels.csv").toString(),
                "--targets", "gap", "--split", "0.67,0.17", "--epochs", "1", "--batch-size", "2", "--cache", dir.resolve("cache").toString(),
                "--out", tuned.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("starting from " + model + ": 1 of 1 tasks keep their trained towers"), r.err());
        assertTrue(Files.readString(tuned.resolve("manifest.json")).contains("\"angular\" : true"), "the architecture comes from --init");
        InfoCommandTest.Run described = run("models", tuned.toString());
        assertTrue(described.out().contains("from      " + model + " (parameters sha256 "), described.out());

        // stochastic weight averaging: a constant rate from the trained model, the average of the weights kept
        Path averaged = dir.resolve("averaged");
        InfoCommandTest.Run swa = run("train", "--init", model.toString(), "--schedule", "constant", "--lr", "5e-4", "--weight-average", "0.9",
                "--data", EXAMPLES.toString(), "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap", "--split", "0.67,0.17",
                "--epochs", "2", "--batch-size", "2", "--cache", dir.resolve("cache").toString(), "--out", averaged.toString());
        assertEquals(0, swa.exit(), swa.err());
        assertTrue(Files.readString(averaged.resolve("manifest.json")).contains("\"schedule\" : \"CONSTANT\""), "the schedule is recorded");
        String trained = run("models", averaged.toString()).out();
        assertTrue(trained.contains(", constant learning rate 0.0005, weight average 0.9, code "), trained);
        assertFalse(run("models", tuned.toString()).out().contains("learning rate"), "the default schedule goes unsaid");

        InfoCommandTest.Run refused = run("train", "--init", model.toString(), "--hidden", "32", "--cutoff", "6", "--data", EXAMPLES.toString(),
                "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap", "--out", dir.resolve("y").toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("drop --hidden, --cutoff"), refused.err());
    }

    @Test
    void aStudentLearnsFromATeacherOnTheSameSplitAndModelsNamesIt() throws IOException {
        Path student = dir.resolve("student");
        InfoCommandTest.Run r = run("train", "--teacher", model.toString(), "--teacher-weight", "0.7", "--data", EXAMPLES.toString(),
                "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap,moment", "--extensive", "moment", "--split", "0.67,0.17",
                "--epochs", "1", "--batch-size", "2", "--hidden", "16", "--layers", "1", "--cache", dir.resolve("cache").toString(),
                "--out", student.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("teacher " + model + ": predicted the "), r.err());
        InfoCommandTest.Run described = run("models", student.toString());
        assertTrue(described.out().contains("teacher   " + model + " (parameters sha256 ") && described.out().contains("; weight 0.7"), described.out());

        InfoCommandTest.Run otherSplit = run("train", "--teacher", model.toString(), "--data", EXAMPLES.toString(),
                "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap,moment", "--extensive", "moment", "--split", "0.5,0.17",
                "--split-seed", "7", "--epochs", "1", "--cache", dir.resolve("cache").toString(), "--out", dir.resolve("leaky").toString());
        assertEquals(2, otherSplit.exit(), otherSplit.err());
        assertTrue(otherSplit.err().contains("test crystals: the student would learn their labels through it"), otherSplit.err());
    }

    @Test
    void whatPredictWritesTeachesAStudentWhateverGraphsItReads() throws IOException {
        InfoCommandTest.Run predicted = run("predict", "--model", model.toString(), EXAMPLES.toString());
        assertEquals(0, predicted.exit(), predicted.err());
        Path teacher = Files.writeString(dir.resolve("teacher.csv"), predicted.out());
        Path student = dir.resolve("csv-student");
        // a 5 Å cutoff: other graphs than the teacher's, which only a predictions file can bridge
        InfoCommandTest.Run r = run("train", "--teacher", teacher.toString(), "--data", EXAMPLES.toString(),
                "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap,moment", "--extensive", "moment", "--split", "0.67,0.17",
                "--cutoff", "5", "--epochs", "1", "--batch-size", "2", "--hidden", "16", "--layers", "1", "--out", student.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("teacher " + teacher + ": predictions for "), r.err());
        assertTrue(run("models", student.toString()).out().contains("teacher   " + teacher + " (sha256 "));
        InfoCommandTest.Run mixed = run("train", "--teacher", model + "," + teacher, "--data", EXAMPLES.toString(),
                "--labels", dir.resolve("labels.csv").toString(), "--targets", "gap", "--out", dir.resolve("mixed").toString());
        assertEquals(2, mixed.exit(), mixed.err());
        assertTrue(mixed.err().contains("a file of predictions is a whole teacher"), mixed.err());
    }

    @Test
    void scanWritesARowPerPointAndModelAndAPlotPerTask() throws IOException {
        Path plots = dir.resolve("scan-plots");
        InfoCommandTest.Run r = run("scan", "box", EXAMPLES.resolve("CH3I.cif").toString(), "--model", model.toString(),
                "--points", "12,25,40", "--plot", plots.toString());
        assertEquals(0, r.exit(), r.err());
        List<CSVRecord> rows = csv(r.out());
        assertEquals(List.of("12.0", "25.0", "40.0"), rows.stream().map(x -> x.get("x")).toList());
        for (CSVRecord row : rows) assertEquals("out", row.get("domain"));
        double at25 = Double.parseDouble(rows.get(1).get("gap")), at40 = Double.parseDouble(rows.get(2).get("gap"));
        assertEquals(at25, at40, 0.01, "a molecule's prediction settles as its box grows");
        assertTrue(Files.size(plots.resolve("box-CH3I-gap.png")) > 1000);
        InfoCommandTest.Run strain = run("scan", "strain", EXAMPLES.resolve("Si.cif").toString(), "--model", model.toString(), "--points", "-1,0,1");
        assertEquals(0, strain.exit(), strain.err());
        assertEquals(3, csv(strain.out()).size());
    }

    @Test
    void usageErrorsExitTwoUnknownModelsIncluded() {
        assertEquals(2, run("train", "--data", EXAMPLES.toString(), "--out", dir.resolve("x").toString()).exit());
        InfoCommandTest.Run r = run("predict", "--model", "no-such-model", EXAMPLES.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no model 'no-such-model'") && r.err().contains("regnet models"), r.err());
    }
}
