package org.regnet.crystal.io;

import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;

/**
 * One structure of a file, or why it could not be read: a file holding several (a CIF with many
 * data blocks, a multi-frame XYZ) gives one result per structure, so one bad block costs its own
 * row and not the others'.
 *
 * @param id        the structure's id (file name, "name#k" for the k-th of several, or its own; null
 *                  inside a reader, before {@link StructureReaders} names it)
 * @param structure the structure, or null when it failed
 * @param error     why it failed, naming the file and line, or null
 */
public record ReadResult(String id, Structure structure, StructureException error) {
    public ReadResult {
        if ((structure == null) == (error == null)) throw new IllegalArgumentException("a structure or an error, not both");
    }

    public boolean ok() { return structure != null; }
}
