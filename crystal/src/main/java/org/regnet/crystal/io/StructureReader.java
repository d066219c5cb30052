package org.regnet.crystal.io;

import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;

import java.util.List;

/**
 * Reads the structures in one file's text. Disordered sites come back as mixtures; {@link
 * StructureReaders} applies the occupancy policy and the sanity checks common to all formats.
 */
interface StructureReader {
    /** @throws org.regnet.crystal.StructureException naming {@code source} and the line */
    List<Structure> read(String text, String source, ReadOptions options);

    /**
     * Each structure of the text, or the failure of each one that cannot be read, in file order;
     * a failure of the whole file (no structure found at all) is still thrown. By default the file
     * reads as one unit; formats whose structures are independent blocks read each on its own.
     */
    default List<ReadResult> readEach(String text, String source, ReadOptions options) {
        return read(text, source, options).stream().map(s -> new ReadResult(s.id(), s, null)).toList();
    }
}
