package org.regnet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes result rows (column → value; null = empty) as an aligned table, CSV or JSON lines. */
abstract class RowWriter implements AutoCloseable {
    enum Format { TABLE, CSV, JSONL }

    /** Rows to standard output (or a stream like it): a reader that goes away stops the run quietly. */
    static RowWriter create(Format format, List<String> columns, PrintWriter out) {
        return create(format, columns, out, true, null);
    }

    /**
     * Rows to {@code out}; {@code header}: whether a CSV starts with its header line (not when
     * appending to one); {@code file}: the file {@code out} writes, or null for standard output.
     */
    static RowWriter create(Format format, List<String> columns, PrintWriter out, boolean header, Path file) {
        RowWriter writer = switch (format) {
            case CSV -> new Csv(columns, out, header);
            case JSONL -> new JsonLines(out);
            case TABLE -> new Table(columns, out);
        };
        return new OutputCheck(writer, out, file);
    }

    /**
     * A PrintWriter swallows write errors and only records them, so every row is followed by a
     * look. On standard output an error means the reader has gone ({@code regnet predict
     * big.tar.gz | head}): the run stops quietly. On a file it is a real failure (a full disk):
     * the run stops with an error that names the file.
     */
    private static final class OutputCheck extends RowWriter {
        private final RowWriter writer;
        private final PrintWriter out;
        private final Path file;

        OutputCheck(RowWriter writer, PrintWriter out, Path file) {
            this.writer = writer;
            this.out = out;
            this.file = file;
        }

        @Override
        void write(Map<String, Object> row) {
            writer.write(row);
            check();
        }

        @Override
        public void close() {
            writer.close();
            check();
        }

        private void check() {
            if (!out.checkError()) return;
            if (file == null) throw new OutputClosedException();
            String message = "writing " + file + " failed (a full disk, or the file system went away)";
            throw new UncheckedIOException(message, new IOException(message));
        }
    }

    /** The output stream was closed by its reader; the run stops quietly. */
    static final class OutputClosedException extends RuntimeException {
        OutputClosedException() { super("the output was closed", null, false, false); }
    }

    /** Table on a terminal, CSV when piped (the format a script wants). */
    static Format defaultFormat() {
        return System.console() != null ? Format.TABLE : Format.CSV;
    }

    abstract void write(Map<String, Object> row);

    @Override
    public abstract void close();

    private static final class Csv extends RowWriter {
        private final List<String> columns;
        private final CSVPrinter printer;

        Csv(List<String> columns, PrintWriter out, boolean header) {
            this.columns = columns;
            try {
                this.printer = CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).setSkipHeaderRecord(!header)
                        .setRecordSeparator('\n').get().print(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void write(Map<String, Object> row) {
            try {
                for (String c : columns) printer.print(row.get(c));
                printer.println();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                printer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class JsonLines extends RowWriter {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final PrintWriter out;

        JsonLines(PrintWriter out) { this.out = out; }

        @Override
        void write(Map<String, Object> row) {
            Map<String, Object> present = new LinkedHashMap<>();
            row.forEach((k, v) -> { if (v != null) present.put(k, v); });
            try {
                out.println(JSON.writeValueAsString(present));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() { out.flush(); }
    }

    /** Buffers rows to size the columns; meant for the handful of files a person looks at. */
    private static final class Table extends RowWriter {
        private final List<String> columns;
        private final PrintWriter out;
        private final List<Map<String, Object>> rows = new ArrayList<>();

        Table(List<String> columns, PrintWriter out) {
            this.columns = columns;
            this.out = out;
        }

        @Override
        void write(Map<String, Object> row) { rows.add(row); }

        @Override
        public void close() {
            // columns that are empty in every row are left out (an all-good run has no "error" column)
            List<String> shown = new ArrayList<>();
            for (String c : columns) if (rows.stream().anyMatch(r -> r.get(c) != null)) shown.add(c);
            int[] width = new int[shown.size()];
            for (int k = 0; k < shown.size(); k++) {
                width[k] = shown.get(k).length();
                for (Map<String, Object> r : rows) width[k] = Math.max(width[k], text(r.get(shown.get(k))).length());
            }
            StringBuilder header = new StringBuilder();
            for (int k = 0; k < shown.size(); k++) header.append(pad(shown.get(k), width[k], k == shown.size() - 1));
            out.println(header.toString().stripTrailing());
            for (Map<String, Object> r : rows) {
                StringBuilder line = new StringBuilder();
                for (int k = 0; k < shown.size(); k++) line.append(pad(text(r.get(shown.get(k))), width[k], k == shown.size() - 1));
                out.println(line.toString().stripTrailing());
            }
            out.flush();
        }

        private static String text(Object v) { return v == null ? "" : v.toString(); }

        private static String pad(String s, int w, boolean last) {
            return last ? s : s + " ".repeat(w - s.length() + 2);
        }
    }
}
