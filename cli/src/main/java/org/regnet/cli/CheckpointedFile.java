package org.regnet.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * An output file that grows by appends and can be cut back to its last checkpoint, so that a run
 * killed at any moment resumes with no row lost or written twice. A name ending in .gz is written
 * as a series of gzip members, one per checkpoint: the file is a valid gzip stream (gzip, zcat,
 * Java's GZIPInputStream read all members) at every checkpoint.
 */
final class CheckpointedFile implements AutoCloseable {
    private final FileChannel channel;
    private final boolean gzip;
    private final OutputStream raw;
    private OutputStream current;
    private final PrintWriter writer;

    /** Opens {@code path}, keeping its first {@code keepBytes} bytes (0: a new, empty file). */
    CheckpointedFile(Path path, long keepBytes) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(keepBytes);
        channel.position(keepBytes);
        this.gzip = path.getFileName().toString().endsWith(".gz");
        this.raw = Channels.newOutputStream(channel);
        OutputStream members = new OutputStream() {
            @Override
            public void write(int b) throws IOException { stream().write(b); }

            @Override
            public void write(byte[] b, int off, int len) throws IOException { stream().write(b, off, len); }

            @Override
            public void flush() throws IOException { if (current != null) current.flush(); }
        };
        this.writer = new PrintWriter(new OutputStreamWriter(members, StandardCharsets.UTF_8));
    }

    /** The stream the next bytes go to: a gzip member opened on first use after a checkpoint. */
    private OutputStream stream() throws IOException {
        if (current == null) current = gzip ? new GZIPOutputStream(unclosable(raw), 1 << 16) : new java.io.BufferedOutputStream(unclosable(raw), 1 << 16);
        return current;
    }

    private static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

            @Override
            public void close() throws IOException { flush(); }
        };
    }

    PrintWriter writer() { return writer; }

    /** Writes out everything so far (ending the gzip member) and returns the file's length: a safe point to resume from. */
    long checkpoint() {
        writer.flush();
        try {
            if (current != null) {
                current.close();  // for gzip: finishes the member's trailer; the channel stays open
                current = null;
            }
            channel.force(false);
            return channel.position();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        checkpoint();
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
