package org.regnet.crystal.symmetry;

import org.openscience.cdk.config.Elements;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.Species;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies space-group operations to the asymmetric unit. Images of one site that coincide
 * (special positions) are kept once; sites of different rows that land on the same point
 * (a disordered site written as two rows) become one site whose species are combined.
 */
public final class SymmetryExpander {
    /** One row of the asymmetric unit. */
    public record AsymmetricSite(String label, List<Species> species, double[] fractional, int line) {}

    /** One site of the expanded cell; {@code line} is the row it came from. */
    public record ExpandedSite(String label, List<Species> species, double[] fractional, int line) {}

    /** Too many atoms after expansion, or sites that overfill one point. */
    public static final class ExpansionException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int line;
        ExpansionException(int line, String message) {
            super(message);
            this.line = line;
        }
        public int line() { return line; }
    }

    private SymmetryExpander() {}

    public static List<ExpandedSite> expand(List<AsymmetricSite> asym, List<SymmetryOperation> ops, Lattice lattice,
                                            double tolerance, int maxAtoms) {
        PointIndex index = new PointIndex(lattice, tolerance);
        List<String> labels = new ArrayList<>();
        List<Map<Elements, Double>> species = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (AsymmetricSite site : asym) {
            List<double[]> orbit = new ArrayList<>();
            for (SymmetryOperation op : ops) {
                double[] p = wrap(op.apply(site.fractional()));
                boolean seen = false;
                for (double[] q : orbit) if (index.distance(p, q) < tolerance) { seen = true; break; }
                if (!seen) orbit.add(p);
            }
            for (double[] p : orbit) {
                int at = index.find(p);
                if (at < 0) {
                    if (points.size() >= maxAtoms) {
                        throw new ExpansionException(site.line(), "structure has more than " + maxAtoms + " sites after symmetry expansion (limit: max atoms)");
                    }
                    index.add(p);
                    points.add(p);
                    labels.add(site.label());
                    species.add(new LinkedHashMap<>());
                    lines.add(site.line());
                    at = points.size() - 1;
                }
                Map<Elements, Double> mix = species.get(at);
                for (Species s : site.species()) mix.merge(s.element(), s.occupancy(), Double::sum);
                double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
                if (total > 1 + 1e-3) {
                    throw new ExpansionException(site.line(), String.format(
                            "site %s overlaps site %s (total occupancy %.3f > 1 at %.4f %.4f %.4f)",
                            site.label(), labels.get(at), total, p[0], p[1], p[2]));
                }
            }
        }
        List<ExpandedSite> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            List<Species> list = new ArrayList<>();
            species.get(i).forEach((e, occ) -> list.add(new Species(e, Math.min(1.0, occ))));
            out.add(new ExpandedSite(labels.get(i), list, points.get(i), lines.get(i)));
        }
        return out;
    }

    /** Into [0, 1), with values within rounding of 1 mapped to 0. */
    public static double[] wrap(double[] f) {
        double[] w = new double[3];
        for (int k = 0; k < 3; k++) {
            double v = f[k] - Math.floor(f[k]);
            w[k] = v >= 1 - 1e-12 ? 0 : v;
        }
        return w;
    }

    /** A hash grid over fractional space for "is there already a point within tolerance?". */
    private static final class PointIndex {
        private final double[][] m;
        private final double tolerance;
        private final int[] bins = new int[3];
        private final Map<Long, List<Integer>> grid = new HashMap<>();
        private final List<double[]> stored = new ArrayList<>();

        PointIndex(Lattice lattice, double tolerance) {
            this.m = lattice.matrix();
            this.tolerance = tolerance;
            // bins at least 1 Å (and > tolerance) thick, so ±1 bin covers the tolerance sphere
            for (int k = 0; k < 3; k++) bins[k] = (int) Math.max(1, Math.min(256, Math.floor(lattice.planeSpacing(k) / Math.max(1.0, 2 * tolerance))));
        }

        /** Minimum-image distance (Å); exact for the small distances it is used for. */
        double distance(double[] p, double[] q) {
            double d0 = p[0] - q[0], d1 = p[1] - q[1], d2 = p[2] - q[2];
            d0 -= Math.rint(d0);
            d1 -= Math.rint(d1);
            d2 -= Math.rint(d2);
            double x = d0 * m[0][0] + d1 * m[1][0] + d2 * m[2][0];
            double y = d0 * m[0][1] + d1 * m[1][1] + d2 * m[2][1];
            double z = d0 * m[0][2] + d1 * m[1][2] + d2 * m[2][2];
            return Math.sqrt(x * x + y * y + z * z);
        }

        private int bin(double f, int k) { return Math.min(bins[k] - 1, (int) (f * bins[k])); }

        private long key(int i, int j, int k) { return ((long) i * bins[1] + j) * bins[2] + k; }

        /** The id of a stored point within tolerance of p (wrapped), or -1. */
        int find(double[] p) {
            int b0 = bin(p[0], 0), b1 = bin(p[1], 1), b2 = bin(p[2], 2);
            for (int i = -1; i <= 1; i++)
                for (int j = -1; j <= 1; j++)
                    for (int k = -1; k <= 1; k++) {
                        List<Integer> cell = grid.get(key(Math.floorMod(b0 + i, bins[0]), Math.floorMod(b1 + j, bins[1]), Math.floorMod(b2 + k, bins[2])));
                        if (cell == null) continue;
                        for (int id : cell) if (distance(p, stored.get(id)) < tolerance) return id;
                    }
            return -1;
        }

        /** Stores p (wrapped) under the next id. */
        void add(double[] p) {
            grid.computeIfAbsent(key(bin(p[0], 0), bin(p[1], 1), bin(p[2], 2)), x -> new ArrayList<>()).add(stored.size());
            stored.add(p);
        }
    }
}
