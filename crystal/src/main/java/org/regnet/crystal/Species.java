package org.regnet.crystal;

import org.openscience.cdk.config.Elements;

/**
 * One chemical species on a site with its occupancy (1 for an ordered site). A disordered
 * site holds several; see {@link OccupancyPolicy}.
 */
public record Species(Elements element, double occupancy) {
    public Species {
        if (element == null || element == Elements.Unknown) throw new IllegalArgumentException("species needs a known element");
        if (!(occupancy > 0 && occupancy <= 1 + 1e-6)) {
            throw new IllegalArgumentException("occupancy of " + element.symbol() + " must lie in (0, 1], got " + occupancy);
        }
    }

    public static Species of(Elements element) { return new Species(element, 1.0); }

    /** The species with the largest occupancy in a site's list (the first one on a tie). */
    public static Species dominant(java.util.List<Species> site) {
        Species best = site.get(0);
        for (Species s : site) if (s.occupancy() > best.occupancy()) best = s;
        return best;
    }

    public String symbol() { return element.symbol(); }

    public int atomicNumber() { return element.number(); }
}
