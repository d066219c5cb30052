package org.regnet.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed write: on standard output the reader has gone (a quiet stop); on a file it is an error naming the file. */
class RowWriterTest {
    /** A stream that fails as a full disk does. */
    private static PrintWriter full() {
        return new PrintWriter(new OutputStream() {
            @Override
            public void write(int b) throws IOException { throw new IOException("No space left on device"); }
        }, true);
    }

    @Test
    void aFailedWriteToStandardOutputStopsQuietly() {
        RowWriter w = RowWriter.create(RowWriter.Format.CSV, List.of("id"), full());
        assertThrows(RowWriter.OutputClosedException.class, () -> w.write(Map.of("id", "Si")));
    }

    @Test
    void aFailedWriteToAFileIsAnErrorNamingIt() {
        for (RowWriter.Format format : RowWriter.Format.values()) {
            RowWriter w = RowWriter.create(format, List.of("id"), full(), true, Path.of("hits.csv"));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                w.write(Map.of("id", "Si"));
                w.close();  // a table writes its rows at the end
            });
            assertTrue(e.getMessage().startsWith("writing hits.csv failed"), e.getMessage());
        }
    }
}
