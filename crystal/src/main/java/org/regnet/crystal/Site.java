package org.regnet.crystal;

import java.util.List;

/**
 * One site of a structure: its species (one, or a mixture for a disordered site) and its
 * position. Coordinates are copies; the structure owns the originals.
 */
public record Site(String label, List<Species> species, double[] fractional, double[] cartesian) {
    public Site {
        species = List.copyOf(species);
        if (species.isEmpty()) throw new IllegalArgumentException("a site needs at least one species");
    }

    /** The species with the largest occupancy (the first one on a tie). */
    public Species dominant() { return Species.dominant(species); }

    public boolean isOrdered() {
        return species.size() == 1 && Math.abs(species.get(0).occupancy() - 1) < 1e-6;
    }

    public double totalOccupancy() {
        return species.stream().mapToDouble(Species::occupancy).sum();
    }
}
