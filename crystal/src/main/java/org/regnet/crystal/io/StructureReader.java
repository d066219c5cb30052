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
}
