package org.regnet.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelTableTest {
    @TempDir Path dir;

    @Test
    void headerSelectsColumnsAndEmptyCellsAreMissing() throws IOException {
        Path csv = Files.writeString(dir.resolve("labels.csv"), "material_id,gap,energy\nmp-1,1.5,\nmp-2,nan,-3.25\n");
        LabelTable t = LabelTable.read(csv, List.of("energy", "gap"));
        assertArrayEquals(new double[] {Double.NaN, 1.5}, t.get("mp-1"));
        assertArrayEquals(new double[] {-3.25, Double.NaN}, t.get("mp-2"));
        assertNull(t.get("mp-3"));
    }

    @Test
    void headerlessIdPropFileNamesColumnsInOrder() throws IOException {
        Path csv = Files.writeString(dir.resolve("id_prop.csv"), "NaCl,4.2\nSi,1.1\n");
        assertArrayEquals(new double[] {1.1}, LabelTable.read(csv, List.of("band_gap")).get("Si"));
    }

    @Test
    void aPredictionsFileReadsAsLabelsByTaskName() throws IOException {
        // the header regnet predict writes: a task's column carries its unit, beside its interval's columns
        Path csv = Files.writeString(dir.resolve("predictions.csv"), "id,status,band_gap_lo[eV],band_gap[eV],band_gap_hi[eV],gap,gap_x[eV]\n"
                + "Si,ok,0.2,0.61,1.0,9,8\nbad,error,,,,,\n");
        LabelTable t = LabelTable.read(csv, List.of("band_gap"));
        assertArrayEquals(new double[] {0.61}, t.get("Si"));
        assertArrayEquals(new double[] {Double.NaN}, t.get("bad"));
        assertArrayEquals(new double[] {9}, LabelTable.read(csv, List.of("gap")).get("Si"), "an exact name comes first");
        assertThrows(DataException.class, () -> LabelTable.read(csv, List.of("band")));
    }

    @Test
    void errorsNameTheFileAndLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "id,gap\na,1\nb,one\n");
        DataException e = assertThrows(DataException.class, () -> LabelTable.read(csv, List.of("gap")));
        assertTrue(e.getMessage().contains("bad.csv:3") && e.getMessage().contains("'one'"), e.getMessage());
        DataException missing = assertThrows(DataException.class, () -> LabelTable.read(csv, List.of("volume")));
        assertTrue(missing.getMessage().contains("no column 'volume'") && missing.getMessage().contains("gap"), missing.getMessage());
        Path dup = Files.writeString(dir.resolve("dup.csv"), "id,gap\na,1\na,2\n");
        assertTrue(assertThrows(DataException.class, () -> LabelTable.read(dup, List.of("gap"))).getMessage().contains("twice"));
    }
}
