package org.regnet.crystal;

/** What a reader does with a partially occupied or mixed site. */
public enum OccupancyPolicy {
    /** Refuse the structure, naming the first disordered site (the default: never guess). */
    ERROR,
    /** Keep the dominant species of each site with occupancy 1 (first listed wins a tie). */
    MAJORITY,
    /** Keep the species mixture with its occupancies, so a model can average element embeddings. */
    VIRTUAL
}
