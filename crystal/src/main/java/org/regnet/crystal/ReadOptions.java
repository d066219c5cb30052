package org.regnet.crystal;

import java.util.List;

/**
 * How structure files are read. Limits keep a bad or hostile file from hanging a batch.
 *
 * @param occupancy      what to do with disordered sites
 * @param species        element symbols for VASP 4 POSCARs that do not name them (empty: from the comment line)
 * @param maxAtoms       refuse structures with more sites than this (checked before expanding where possible)
 * @param maxFileBytes   refuse files (and archive entries) larger than this
 * @param minDistance    refuse structures with two sites closer than this (Å); 0 disables the check
 * @param siteTolerance  sites closer than this (Å) after symmetry expansion are one site
 */
public record ReadOptions(OccupancyPolicy occupancy, List<String> species, int maxAtoms, long maxFileBytes,
                          double minDistance, double siteTolerance) {
    public static final int DEFAULT_MAX_ATOMS = 200_000;
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

    public ReadOptions {
        species = List.copyOf(species);
        if (maxAtoms < 1) throw new IllegalArgumentException("maxAtoms must be positive");
        if (maxFileBytes < 1) throw new IllegalArgumentException("maxFileBytes must be positive");
        if (minDistance < 0 || siteTolerance < 0) throw new IllegalArgumentException("distances must not be negative");
    }

    public static ReadOptions defaults() {
        return new ReadOptions(OccupancyPolicy.ERROR, List.of(), DEFAULT_MAX_ATOMS, DEFAULT_MAX_FILE_BYTES, 0.5, 0.01);
    }

    public ReadOptions withOccupancy(OccupancyPolicy p) { return new ReadOptions(p, species, maxAtoms, maxFileBytes, minDistance, siteTolerance); }
    public ReadOptions withSpecies(List<String> s) { return new ReadOptions(occupancy, s, maxAtoms, maxFileBytes, minDistance, siteTolerance); }
    public ReadOptions withMaxAtoms(int n) { return new ReadOptions(occupancy, species, n, maxFileBytes, minDistance, siteTolerance); }
    public ReadOptions withMaxFileBytes(long n) { return new ReadOptions(occupancy, species, maxAtoms, n, minDistance, siteTolerance); }
    public ReadOptions withMinDistance(double d) { return new ReadOptions(occupancy, species, maxAtoms, maxFileBytes, d, siteTolerance); }
    public ReadOptions withSiteTolerance(double d) { return new ReadOptions(occupancy, species, maxAtoms, maxFileBytes, minDistance, d); }
}
