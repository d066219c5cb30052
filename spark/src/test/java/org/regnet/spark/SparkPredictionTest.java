package org.regnet.spark;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.cli.RegnetCommand;
import org.regnet.cli.TestPoscars;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark job on a local[2] session: the command line's rows (to its printed precision, 1e-5:
 * partitions batch the crystals differently, which moves float rounding only), corrupt files as
 * error rows in a job that succeeds, tables of texts, and one model load per JVM.
 */
class SparkPredictionTest {
    private static final int CRYSTALS = 240;
    @TempDir static Path dir;
    private static SparkSession spark;
    private static Path inputs;

    /** Rock-salt cells of slowly growing lattice constants, and two files that are not structures. */
    @BeforeAll
    static void start() throws IOException {
        inputs = Files.createDirectories(dir.resolve("inputs"));
        for (int i = 0; i < CRYSTALS; i++) {
            boolean k = i % 2 == 1;
            Files.writeString(inputs.resolve(String.format(Locale.ROOT, "c%04d.vasp", i)), TestPoscars.rockSalt(k ? "K" : "Na", "Cl", (k ? 6.1 : 5.5) + 0.001 * i));
        }
        Files.writeString(inputs.resolve("corrupt.cif"), "data_broken\n_cell_length_a 5.0\n_cell_length_b oops\n");
        Files.writeString(inputs.resolve("truncated.vasp"), "NaCl\n1.0\n5.6 0 0\n");
        spark = SparkSession.builder().master("local[2]").appName("regnet-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }


    @Test
    void filesGiveTheCommandLinesRowsAndCorruptFilesGiveErrorRows() throws IOException {
        CommandLine cli = RegnetCommand.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(1, cli.execute("predict", "--format", "csv", inputs.toString()), "two inputs fail");
        Map<String, CSVRecord> expected = new HashMap<>();
        for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(out.toString()))) {
            expected.put(r.get("id"), r);
        }

        Path parquet = dir.resolve("predictions.parquet");
        SparkPrediction job = SparkPrediction.builder().optPartitions(4).optChunkSize(32).build();
        job.predictFiles(spark, inputs.toUri().toString()).write().parquet(parquet.toString());
        List<Row> rows = spark.read().parquet(parquet.toString()).collectAsList();
        assertEquals(CRYSTALS + 2, rows.size(), "a row per file, errors included");
        int errors = 0;
        for (Row row : rows) {
            String id = row.getAs("id");
            CSVRecord cli1 = expected.get(id);
            assertTrue(cli1 != null, "the command line has no row " + id);
            assertEquals(cli1.get("status"), row.getAs("status"), id);
            if (!"ok".equals(row.getAs("status"))) {
                errors++;
                assertTrue(((String) row.getAs("error")).contains(id), "the error names the file: " + row.getAs("error"));
                continue;
            }
            assertEquals(Integer.parseInt(cli1.get("atoms")), (int) row.getAs("atoms"));
            for (String column : List.of("formation_energy_per_atom[eV/atom]", "band_gap[eV]", "efermi[eV]", "total_magnetization[μB/cell]",
                    "band_gap_lo[eV]", "band_gap_hi[eV]")) {
                assertEquals(Double.parseDouble(cli1.get(column)), (double) row.getAs(column), 1.0001e-5, id + " " + column);
            }
            assertEquals(cli1.get("domain"), row.getAs("domain"));
        }
        assertEquals(2, errors);
        assertEquals(1, ExecutorModels.loads(), "one model load per JVM, not per partition or task");
    }

    @Test
    void aTableOfTextsGivesTheSameRowsAsTheFiles() throws IOException {
        List<Row> texts = List.of(
                RowFactory.create("nacl", TestPoscars.rockSalt("Na", "Cl", 5.64), "poscar"),
                RowFactory.create("guessed", TestPoscars.rockSalt("K", "Cl", 6.29), ""),
                RowFactory.create("bad", "not a structure", "cif"),
                RowFactory.create("odd", TestPoscars.rockSalt("Na", "Cl", 5.64), "pdb"));
        Dataset<Row> table = spark.createDataFrame(texts, DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.StringType, false),
                DataTypes.createStructField("text", DataTypes.StringType, true),
                DataTypes.createStructField("format", DataTypes.StringType, true))));
        List<Row> rows = SparkPrediction.builder().build().predictTable(table).collectAsList();
        assertEquals(4, rows.size());
        Map<String, Row> byId = new HashMap<>();
        for (Row r : rows) byId.put(r.getAs("id"), r);
        assertEquals("ok", byId.get("nacl").getAs("status"));
        assertEquals("ok", byId.get("guessed").getAs("status"), "a POSCAR told from its text");
        assertEquals("error", byId.get("bad").getAs("status"));
        assertTrue(((String) byId.get("odd").getAs("error")).contains("unknown format 'pdb'"));
        double gap = byId.get("nacl").getAs("band_gap[eV]");
        assertTrue(gap > 2, "rock-salt NaCl is an insulator: " + gap);
    }
}
