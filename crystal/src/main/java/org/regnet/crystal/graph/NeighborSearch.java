package org.regnet.crystal.graph;

import org.regnet.crystal.Lattice;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;

import java.util.Arrays;

/**
 * All periodic neighbours within a cutoff. Two exact strategies, chosen by cell size:
 * <ul>
 *   <li>small cells (the MP/JARVIS norm): for each pair of atoms, the lattice points inside
 *       the cutoff sphere are enumerated row by row on a triangular form of the lattice, so
 *       only hits and row ends are visited however many images the cutoff spans and however
 *       skewed the cell is;</li>
 *   <li>large cells: a cell list over fractional space, bins about half a cutoff thick
 *       measured along the plane normals, so "within ±s bins" is a guarantee for any cell
 *       shape; O(N).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class NeighborSearch {
    /** Up to this many atoms, pair enumeration beats the cell list (measured on MP cells). */
    static final int SMALL_CELL_ATOMS = 200;
    /** Refuse searches expected to find more pairs than this: only a degenerate cell gets there (10⁵ dense atoms at 8 Å: 2·10⁷). */
    static final double MAX_PAIRS = 1e8;

    private NeighborSearch() {}

    /** Receives each pair: atom i sees atom j in image t at distance d (Å). */
    @FunctionalInterface
    public interface PairConsumer {
        void accept(int i, int j, int t0, int t1, int t2, double distance);
    }

    /**
     * Calls {@code out} for every (i, j, t) with 0 < |r_j + t A − r_i| ≤ cutoff, grouped by i in
     * increasing order. Images t refer to the coordinates as stored (not wrapped).
     */
    public static void forEachPair(Structure s, double cutoff, PairConsumer out) {
        forEachPair(s, cutoff, out, s.size() <= SMALL_CELL_ATOMS ? Strategy.PAIRS : Strategy.CELL_LIST);
    }

    /** The two search strategies; both are exact, they differ in speed. */
    enum Strategy { PAIRS, CELL_LIST }

    static void forEachPair(Structure s, double cutoff, PairConsumer out, Strategy strategy) {
        if (!(cutoff > 0)) throw new IllegalArgumentException("cutoff must be positive");
        int n = s.size();
        double expectedPairs = (double) n * n * (4 * Math.PI / 3) * cutoff * cutoff * cutoff / s.lattice().volume();
        if (expectedPairs > MAX_PAIRS) {
            throw new StructureException(s.id(), 0, String.format("about %.2g neighbour pairs within %.3g Å: the cell (%.3g Å³ for %d sites) is too dense or too small",
                    expectedPairs, cutoff, s.lattice().volume(), n));
        }
        double[] frac = s.fractionalCoordinates();
        int[] shift = new int[3 * n];      // wrapped = stored − shift
        double[] wrapped = new double[3 * n];
        for (int i = 0; i < 3 * n; i++) {
            shift[i] = (int) Math.floor(frac[i]);
            wrapped[i] = frac[i] - shift[i];
            if (wrapped[i] >= 1) {  // -1e-17 wraps to 1.0 in floating point
                wrapped[i] = 0;
                shift[i]++;
            }
        }
        // report images of the stored coordinates: t_stored = t_wrapped − shift_j + shift_i
        PairConsumer unwrap = (i, j, t0, t1, t2, d) -> out.accept(i, j, t0 - shift[3 * j] + shift[3 * i],
                t1 - shift[3 * j + 1] + shift[3 * i + 1], t2 - shift[3 * j + 2] + shift[3 * i + 2], d);
        if (strategy == Strategy.PAIRS) pairEnumeration(s.lattice(), wrapped, n, cutoff, unwrap);
        else cellList(s.lattice(), wrapped, n, cutoff, unwrap);
    }

    /**
     * Per pair, lattice points inside the sphere, on the triangular lattice L with the same
     * metric as A (a1 along x, a2 in the xy plane): |(Δf + t) L| ≤ r is solved for t2, then t1,
     * then t0 as intervals, so only hits and row ends are visited.
     */
    private static void pairEnumeration(Lattice lattice, double[] w, int n, double r, PairConsumer out) {
        double[][] l = Lattice.fromParameters(lattice.a(), lattice.b(), lattice.c(), lattice.alpha(), lattice.beta(), lattice.gamma()).matrix();
        double l00 = l[0][0], l10 = l[1][0], l11 = l[1][1], l20 = l[2][0], l21 = l[2][1], l22 = l[2][2];
        double r2 = r * r;
        double reach2 = r / l22;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double d0 = w[3 * j] - w[3 * i], d1 = w[3 * j + 1] - w[3 * i + 1], d2 = w[3 * j + 2] - w[3 * i + 2];
                int t2lo = (int) Math.ceil(-reach2 - d2), t2hi = (int) Math.floor(reach2 - d2);
                for (int t2 = t2lo; t2 <= t2hi; t2++) {
                    double x2 = d2 + t2;
                    double z = x2 * l22;
                    double rest1 = r2 - z * z;
                    if (rest1 < 0) continue;
                    double s1 = Math.sqrt(rest1);
                    double c1 = x2 * l21;
                    int t1lo = (int) Math.ceil((-s1 - c1) / l11 - d1), t1hi = (int) Math.floor((s1 - c1) / l11 - d1);
                    for (int t1 = t1lo; t1 <= t1hi; t1++) {
                        double x1 = d1 + t1;
                        double y = x1 * l11 + c1;
                        double rest0 = rest1 - y * y;
                        if (rest0 < 0) continue;
                        double s0 = Math.sqrt(rest0);
                        double c0 = x1 * l10 + x2 * l20;
                        int t0lo = (int) Math.ceil((-s0 - c0) / l00 - d0), t0hi = (int) Math.floor((s0 - c0) / l00 - d0);
                        for (int t0 = t0lo; t0 <= t0hi; t0++) {
                            if (i == j && t0 == 0 && t1 == 0 && t2 == 0) continue;
                            double x = (d0 + t0) * l00 + c0;
                            double dist2 = x * x + y * y + z * z;
                            if (dist2 <= r2) out.accept(i, j, t0, t1, t2, Math.sqrt(dist2));
                        }
                    }
                }
            }
        }
    }

    /** Cell list: bins about r/2 thick along each plane normal, searched ±ceil(reach) bins with per-axis pruning. */
    private static void cellList(Lattice lattice, double[] w, int n, double cutoff, PairConsumer out) {
        double[][] m = lattice.matrix();
        double[] cart = new double[3 * n];
        for (int i = 0; i < n; i++) lattice.toCartesian(w[3 * i], w[3 * i + 1], w[3 * i + 2], cart, 3 * i);
        int[] bins = new int[3];
        int[] reachBins = new int[3];
        double[] reach = new double[3];    // cutoff in fractional units along each axis
        int maxBinsPerAxis = Math.max(1, (int) Math.ceil(2 * Math.cbrt(n)));
        for (int k = 0; k < 3; k++) {
            double spacing = lattice.planeSpacing(k);
            bins[k] = (int) Math.max(1, Math.min(maxBinsPerAxis, Math.floor(2 * spacing / cutoff)));
            reach[k] = cutoff / spacing;
            reachBins[k] = (int) Math.ceil(reach[k] * bins[k] - 1e-12);
        }
        int[] head = new int[bins[0] * bins[1] * bins[2]];
        int[] next = new int[n];
        Arrays.fill(head, -1);
        int[] binOf = new int[3 * n];
        for (int i = n - 1; i >= 0; i--) {
            for (int k = 0; k < 3; k++) binOf[3 * i + k] = Math.min(bins[k] - 1, (int) (w[3 * i + k] * bins[k]));
            int b = (binOf[3 * i] * bins[1] + binOf[3 * i + 1]) * bins[2] + binOf[3 * i + 2];
            next[i] = head[b];
            head[b] = i;
        }
        double cut2 = cutoff * cutoff;
        for (int i = 0; i < n; i++) {
            double xi = cart[3 * i], yi = cart[3 * i + 1], zi = cart[3 * i + 2];
            for (int c0 = binOf[3 * i] - reachBins[0]; c0 <= binOf[3 * i] + reachBins[0]; c0++) {
                if (!overlaps(c0, bins[0], w[3 * i], reach[0])) continue;
                int t0 = Math.floorDiv(c0, bins[0]), b0 = c0 - t0 * bins[0];
                for (int c1 = binOf[3 * i + 1] - reachBins[1]; c1 <= binOf[3 * i + 1] + reachBins[1]; c1++) {
                    if (!overlaps(c1, bins[1], w[3 * i + 1], reach[1])) continue;
                    int t1 = Math.floorDiv(c1, bins[1]), b1 = c1 - t1 * bins[1];
                    for (int c2 = binOf[3 * i + 2] - reachBins[2]; c2 <= binOf[3 * i + 2] + reachBins[2]; c2++) {
                        if (!overlaps(c2, bins[2], w[3 * i + 2], reach[2])) continue;
                        int t2 = Math.floorDiv(c2, bins[2]), b2 = c2 - t2 * bins[2];
                        double tx = t0 * m[0][0] + t1 * m[1][0] + t2 * m[2][0] - xi;
                        double ty = t0 * m[0][1] + t1 * m[1][1] + t2 * m[2][1] - yi;
                        double tz = t0 * m[0][2] + t1 * m[1][2] + t2 * m[2][2] - zi;
                        boolean home = t0 == 0 && t1 == 0 && t2 == 0;
                        for (int j = head[(b0 * bins[1] + b1) * bins[2] + b2]; j >= 0; j = next[j]) {
                            if (home && j == i) continue;
                            double dx = cart[3 * j] + tx, dy = cart[3 * j + 1] + ty, dz = cart[3 * j + 2] + tz;
                            double r2 = dx * dx + dy * dy + dz * dz;
                            if (r2 <= cut2) out.accept(i, j, t0, t1, t2, Math.sqrt(r2));
                        }
                    }
                }
            }
        }
    }

    /** Does bin c (unwrapped index; fractional span [c, c+1]/bins) meet [f − reach, f + reach]? */
    private static boolean overlaps(int c, int bins, double f, double reach) {
        return (double) c / bins <= f + reach && (double) (c + 1) / bins >= f - reach;
    }

    /** Sites a first search sphere is sized to hold on average (see {@link #closestPair}). */
    private static final double FIRST_SPHERE_SITES = 8;

    /**
     * The closest pair of sites, or null when none lies within {@code radius}: {i, j, distance}.
     * Searches growing spheres, the first sized to hold a few sites at the cell's density: in an
     * ordinary cell that is already {@code radius}, and in a tiny or crushed one (a reader's
     * typical garbage) the closest pair turns up long before the millions of pairs within
     * {@code radius} would have been visited.
     */
    public static double[] closestPair(Structure s, double radius) {
        double volumePerSite = s.lattice().volume() / s.size();
        double first = Math.cbrt(FIRST_SPHERE_SITES * volumePerSite / (4 * Math.PI / 3));
        for (double r = Math.min(radius, first); ; r = Math.min(radius, 2 * r)) {
            double[] best = closestWithin(s, r);
            if (best != null || r >= radius) return best;
        }
    }

    private static double[] closestWithin(Structure s, double radius) {
        double[] best = {-1, -1, Double.POSITIVE_INFINITY};
        forEachPair(s, radius, (i, j, t0, t1, t2, d) -> {
            if (d < best[2]) {
                best[0] = i;
                best[1] = j;
                best[2] = d;
            }
        });
        return best[0] < 0 ? null : best;
    }
}
