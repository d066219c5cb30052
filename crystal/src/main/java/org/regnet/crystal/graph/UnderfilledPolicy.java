package org.regnet.crystal.graph;

/** What the graph builder does when an atom has fewer than the wanted neighbours within the cutoff. */
public enum UnderfilledPolicy {
    /** Widen the cutoff (×1.5 per step, up to {@link GraphSettings#maxCutoff()}) until every atom has enough (jarvis-tools does this). */
    WIDEN,
    /** Keep the neighbours there are and record a warning on the graph; an isolated atom is still an error. */
    WARN,
    /** Refuse the structure with an error naming the atom. */
    ERROR,
    /** Reject the structure as skipped ({@link SkippedStructureException}): not an error, left out of the results. */
    SKIP
}
