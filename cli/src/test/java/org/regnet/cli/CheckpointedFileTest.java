package org.regnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An output cut back to its last checkpoint holds exactly what was written before it, plain or gzipped. */
class CheckpointedFileTest {
    private static String read(Path file) throws IOException {
        if (!file.toString().endsWith(".gz")) return Files.readString(file);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRunCutBackToItsCheckpointContinuesAsIfNeverInterrupted(@TempDir Path dir) throws IOException {
        for (String name : new String[] {"rows.csv", "rows.csv.gz"}) {
            Path file = dir.resolve(name);
            long kept;
            CheckpointedFile first = new CheckpointedFile(file, 0);
            first.writer().print("a\nb\n");
            first.checkpoint();
            first.writer().print("c\n");
            kept = first.checkpoint();
            first.writer().print("lost\nlost too\n");  // written after the last checkpoint, then the process dies
            first.writer().flush();
            CheckpointedFile second = new CheckpointedFile(file, kept);
            second.writer().print("d\n");
            second.close();
            assertEquals("a\nb\nc\nd\n", read(file), name);
        }
    }
}
