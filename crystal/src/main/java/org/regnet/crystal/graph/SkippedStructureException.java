package org.regnet.crystal.graph;

import org.regnet.crystal.StructureException;

/** A structure left out on purpose by a policy (e.g. {@link UnderfilledPolicy#SKIP}); not a failure. */
public class SkippedStructureException extends StructureException {
    private static final long serialVersionUID = 1L;

    public SkippedStructureException(String source, String reason) {
        super(source, 0, reason);
    }
}
