package org.regnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Where a screening run stands, written beside its output (OUT.journal.json) at every checkpoint by
 * an atomic rename, so that after a kill at any moment it describes a consistent state: the input
 * entries done, the output's length at that point (the rest is cut off on resume), the counts, and
 * for {@code --top} the rows ranked so far. {@code settings} is what a resumed run must repeat.
 *
 * @param version  journal layout; a reader refuses others
 * @param settings the run's options that shape its output (inputs, models, expressions, formats)
 * @param entries  input entries (files, archive members) whose rows are all written
 * @param output   bytes of the output file to keep
 * @param errors   bytes of the separate error file to keep (0 without --errors)
 * @param counts   rows so far by kind
 * @param top      for --top: the best rows so far (key, input order, row); empty otherwise
 * @param finished whether the run completed
 */
record ScreenJournal(int version, Map<String, Object> settings, long entries, long output, long errors, Counts counts,
                     List<Ranked> top, boolean finished) {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Rows so far: structures seen, predicted, failed, outside the training domain, and kept by --where. */
    record Counts(long structures, long ok, long error, long outOfDomain, long kept) {}

    /** A row in the --top ranking: its key, its position among all structures (ties go to the earlier), and the row. */
    record Ranked(double key, long order, Map<String, Object> row) {}

    static Path of(Path output) { return output.resolveSibling(output.getFileName() + ".journal.json"); }

    static ScreenJournal read(Path file) throws IOException {
        ScreenJournal j = JSON.readValue(file.toFile(), ScreenJournal.class);
        if (j.version() != VERSION) throw new IOException(file + " is a journal of layout " + j.version() + "; this regnet reads layout " + VERSION);
        return j;
    }

    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
