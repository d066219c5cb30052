package org.regnet.crystal.graph;

/** Which periodic neighbours an atom's messages come from (SCIENCE.md §1). */
public enum GraphKind {
    /**
     * The M nearest within the cutoff, widened when fewer (CGCNN/ALIGNN): cheap, but predictions
     * jump where the M-th and (M+1)-th neighbours swap under strain, and across vacuum the
     * nearest "neighbours" are periodic images. Only models trained before archive format 2 and
     * the graph comparison use it.
     */
    NEAREST,
    /**
     * Every periodic image within the cutoff, nothing beyond, whatever the count (SchNet, M3GNet,
     * MACE): the model weights each edge by a smooth envelope that reaches zero at the cutoff, so
     * predictions are continuous in positions and lattice and blind to vacuum. An atom with no
     * neighbour inside the cutoff is legal.
     */
    RADIUS
}
