package org.regnet.crystal.reciprocal;

import org.regnet.crystal.Lattice;

import java.util.Arrays;

/**
 * The reciprocal lattice vectors of a crystal within a radius: every integer triple n ≠ 0
 * with |G(n)| ≤ G_max, where G(n) = 2π n B (SCIENCE.md §2). The set is closed under n → −n
 * and does not depend on the choice of unit cell. Canonical order: by |G|, then by n
 * lexicographically.
 */
public final class ReciprocalSet {
    /** Refuse sets larger than this: they would not fit a reciprocal block anyway. */
    public static final long MAX_VECTORS = 20_000_000L;

    private final int[] miller;      // 3 per vector
    private final double[] norm;     // |G| in 1/Å (2π included)
    private final double gmax;

    private ReciprocalSet(int[] miller, double[] norm, double gmax) {
        this.miller = miller;
        this.norm = norm;
        this.gmax = gmax;
    }

    /** @param gmax radius in 1/Å, with the 2π (|G| = 2π/d for lattice planes of spacing d) */
    public static ReciprocalSet of(Lattice lattice, double gmax) {
        if (!(gmax > 0)) throw new IllegalArgumentException("G_max must be positive, got " + gmax);
        double expected = lattice.volume() * gmax * gmax * gmax / (6 * Math.PI * Math.PI);
        if (expected > MAX_VECTORS) {
            throw new IllegalArgumentException(String.format("about %.3g reciprocal vectors within G_max = %.3g for a %.3g Å³ cell: over the limit of %d",
                    expected, gmax, lattice.volume(), MAX_VECTORS));
        }
        double[][] b = lattice.reciprocalMatrix();
        double[][] a = lattice.matrix();
        int[] bound = new int[3];
        for (int k = 0; k < 3; k++) {
            // n_k = G · a_k / 2π, so |n_k| ≤ G_max |a_k| / 2π
            bound[k] = (int) Math.floor(gmax * Math.sqrt(a[k][0] * a[k][0] + a[k][1] * a[k][1] + a[k][2] * a[k][2]) / (2 * Math.PI) + 1e-9);
        }
        double limit2 = gmax * gmax * (1 + 1e-12);
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) (expected * 1.2) + 64);
        int[] n = new int[3 * capacity];
        double[] g = new double[capacity];
        int count = 0;
        for (int h = -bound[0]; h <= bound[0]; h++) {
            for (int k = -bound[1]; k <= bound[1]; k++) {
                for (int l = -bound[2]; l <= bound[2]; l++) {
                    if (h == 0 && k == 0 && l == 0) continue;
                    double x = 2 * Math.PI * (h * b[0][0] + k * b[1][0] + l * b[2][0]);
                    double y = 2 * Math.PI * (h * b[0][1] + k * b[1][1] + l * b[2][1]);
                    double z = 2 * Math.PI * (h * b[0][2] + k * b[1][2] + l * b[2][2]);
                    double g2 = x * x + y * y + z * z;
                    if (g2 > limit2) continue;
                    if (count == g.length) {
                        g = Arrays.copyOf(g, 2 * count);
                        n = Arrays.copyOf(n, 6 * count);
                    }
                    n[3 * count] = h;
                    n[3 * count + 1] = k;
                    n[3 * count + 2] = l;
                    g[count++] = Math.sqrt(g2);
                }
            }
        }
        return sorted(Arrays.copyOf(n, 3 * count), Arrays.copyOf(g, count), gmax);
    }

    private static ReciprocalSet sorted(int[] n, double[] g, double gmax) {
        Integer[] order = new Integer[g.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> {
            int c = Double.compare(g[p], g[q]);
            for (int k = 0; c == 0 && k < 3; k++) c = Integer.compare(n[3 * p + k], n[3 * q + k]);
            return c;
        });
        int[] sn = new int[n.length];
        double[] sg = new double[g.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(n, 3 * order[i], sn, 3 * i, 3);
            sg[i] = g[order[i]];
        }
        return new ReciprocalSet(sn, sg, gmax);
    }

    public int size() { return norm.length; }
    public double gmax() { return gmax; }
    /** The Miller triple of vector v. */
    public int[] miller(int v) { return new int[] {miller[3 * v], miller[3 * v + 1], miller[3 * v + 2]}; }
    /** All Miller triples, 3 per vector. */
    public int[] millerIndices() { return miller.clone(); }
    /** |G(n)| of vector v (1/Å, with 2π). */
    public double norm(int v) { return norm[v]; }
    /** All |G|, ascending. */
    public double[] norms() { return norm.clone(); }
}
