package org.regnet.crystal.graph;

import java.util.Arrays;
import java.util.List;

/**
 * A periodic neighbour graph in flat arrays. Edge e belongs to atom {@code source(e)} (the
 * centre) and points at atom {@code target(e)} in the image {@code image(e)} (integer
 * lattice translation t), at distance |r_target + t A − r_source|. Edges are grouped by
 * source, in increasing order, each group sorted by distance; {@link #start(int)} gives the
 * group boundaries.
 */
public final class NeighborGraph {
    private final int atoms;
    private final int[] start;     // atoms + 1
    private final int[] target;
    private final int[] image;     // 3 per edge
    private final double[] distance;
    private final double cutoff;
    private final List<String> warnings;

    NeighborGraph(int atoms, int[] start, int[] target, int[] image, double[] distance, double cutoff, List<String> warnings) {
        this.atoms = atoms;
        this.start = start;
        this.target = target;
        this.image = image;
        this.distance = distance;
        this.cutoff = cutoff;
        this.warnings = List.copyOf(warnings);
    }

    public int atomCount() { return atoms; }
    public int edgeCount() { return target.length; }
    /** First edge of atom i; edges of i are start(i) .. start(i+1)-1. */
    public int start(int i) { return start[i]; }
    public int degree(int i) { return start[i + 1] - start[i]; }

    public int source(int e) {
        int i = Arrays.binarySearch(start, e);
        if (i >= 0) {
            while (i + 1 < start.length && start[i + 1] == e) i++;  // skip atoms without edges
            return i;
        }
        return -i - 2;
    }

    public int target(int e) { return target[e]; }
    public int[] image(int e) { return new int[] {image[3 * e], image[3 * e + 1], image[3 * e + 2]}; }
    public double distance(int e) { return distance[e]; }

    /** The source atom of every edge (the centre), as one array. */
    public int[] sources() {
        int[] s = new int[edgeCount()];
        for (int i = 0; i < atoms; i++) Arrays.fill(s, start[i], start[i + 1], i);
        return s;
    }
    public int[] targets() { return target.clone(); }
    /** Images, 3 per edge. */
    public int[] images() { return image.clone(); }
    public double[] distances() { return distance.clone(); }

    /** The cutoff finally used (larger than asked when the WIDEN policy widened it). */
    public double cutoff() { return cutoff; }

    /** Problems that did not stop the build (too few neighbours under WARN, a shell cut by the hard cap). */
    public List<String> warnings() { return warnings; }

    /** The same graph with more warnings. */
    NeighborGraph withWarnings(List<String> more) {
        if (more.isEmpty()) return this;
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new NeighborGraph(atomCount(), start, target, image, distance, cutoff, all);
    }

    /** Sorted distances of atom i's edges. */
    public double[] distancesOf(int i) { return Arrays.copyOfRange(distance, start[i], start[i + 1]); }
}
