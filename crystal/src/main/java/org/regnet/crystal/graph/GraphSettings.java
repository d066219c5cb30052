package org.regnet.crystal.graph;

/**
 * How a neighbour graph is built (SCIENCE.md §1).
 *
 * @param cutoff          neighbours are searched within this radius (Å); ALIGNN/Matformer use 8
 * @param maxNeighbors    keep the M nearest per atom (12 as in ALIGNN) ...
 * @param shellTolerance  ... plus every further neighbour within this distance (Å) of the M-th, so a shell of
 *                        equal distances is never cut and the graph does not depend on atom order
 * @param hardCap         ... but never more than this many per atom (then a warning is recorded)
 * @param underfilled     what to do when an atom has fewer than M neighbours within the cutoff
 * @param maxCutoff       how far {@link UnderfilledPolicy#WIDEN} may widen the cutoff (Å)
 * @param kind            {@link GraphKind#NEAREST} (the fields above) or {@link GraphKind#RADIUS}: every
 *                        neighbour within the cutoff, and M, the tolerance, the cap and the policy unused;
 *                        archives written before this field read as NEAREST
 */
public record GraphSettings(double cutoff, int maxNeighbors, double shellTolerance, int hardCap,
                            UnderfilledPolicy underfilled, double maxCutoff, GraphKind kind) {
    public GraphSettings {
        if (kind == null) kind = GraphKind.NEAREST;
        if (!(cutoff > 0)) throw new IllegalArgumentException("cutoff must be positive, got " + cutoff);
        if (maxNeighbors < 1) throw new IllegalArgumentException("max neighbours must be at least 1, got " + maxNeighbors);
        if (hardCap < maxNeighbors) throw new IllegalArgumentException("hard cap " + hardCap + " is below max neighbours " + maxNeighbors);
        if (shellTolerance < 0) throw new IllegalArgumentException("shell tolerance must not be negative");
        if (maxCutoff < cutoff) throw new IllegalArgumentException("max cutoff " + maxCutoff + " is below the cutoff " + cutoff);
    }

    /** A k-nearest-neighbour graph with the given settings. */
    public GraphSettings(double cutoff, int maxNeighbors, double shellTolerance, int hardCap, UnderfilledPolicy underfilled, double maxCutoff) {
        this(cutoff, maxNeighbors, shellTolerance, hardCap, underfilled, maxCutoff, GraphKind.NEAREST);
    }

    /** The nearest-neighbour graph: 8 Å, 12 nearest, shells within 1e-3 Å, hard cap 24, widen up to 24 Å. */
    public static GraphSettings defaults() {
        return new GraphSettings(8.0, 12, 1e-3, 24, UnderfilledPolicy.WIDEN, 24.0);
    }

    /** A radius graph: every neighbour within {@code cutoff} Å. */
    public static GraphSettings radius(double cutoff) {
        return new GraphSettings(cutoff, 1, 0, 1, UnderfilledPolicy.WARN, cutoff, GraphKind.RADIUS);
    }

    public GraphSettings withCutoff(double c) { return new GraphSettings(c, maxNeighbors, shellTolerance, hardCap, underfilled, Math.max(c, maxCutoff), kind); }
    public GraphSettings withMaxNeighbors(int m) { return new GraphSettings(cutoff, m, shellTolerance, Math.max(hardCap, m), underfilled, maxCutoff, kind); }
    public GraphSettings withHardCap(int cap) { return new GraphSettings(cutoff, maxNeighbors, shellTolerance, cap, underfilled, maxCutoff, kind); }
    public GraphSettings withUnderfilled(UnderfilledPolicy p) { return new GraphSettings(cutoff, maxNeighbors, shellTolerance, hardCap, p, maxCutoff, kind); }
    public GraphSettings withMaxCutoff(double c) { return new GraphSettings(cutoff, maxNeighbors, shellTolerance, hardCap, underfilled, c, kind); }
}
