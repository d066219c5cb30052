package org.regnet.crystal;

import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.Arrays;
import java.util.Locale;

/**
 * A crystal lattice: the rows a1, a2, a3 of the matrix A (Å). Cartesian r = f A for fractional
 * f. The reciprocal rows b_i satisfy a_i · b_j = δ_ij, so B = A^-T (no 2π; {@link
 * org.regnet.crystal.reciprocal.ReciprocalSet} adds it). Immutable.
 */
public final class Lattice {
    private final double[][] rows;
    private final double[][] reciprocal;
    private final double volume;

    public Lattice(double[][] rows) {
        if (rows.length != 3 || rows[0].length != 3 || rows[1].length != 3 || rows[2].length != 3) {
            throw new IllegalArgumentException("a lattice needs 3 vectors of 3 components");
        }
        this.rows = copy(rows);
        for (double[] r : rows) {
            for (double v : r) {
                if (!Double.isFinite(v)) throw new IllegalArgumentException("lattice vector component is not a finite number");
            }
            if (length(r) > MAX_LENGTH) {
                throw new IllegalArgumentException(String.format("cell vector of length %.3g Å is beyond the supported %.0f Å", length(r), MAX_LENGTH));
            }
        }
        this.volume = Math.abs(det(this.rows));
        double scale = length(rows[0]) * length(rows[1]) * length(rows[2]);
        if (volume < 1e-6) {
            throw new IllegalArgumentException(String.format("cell volume is zero (%.3g Å³): lattice vectors are degenerate", volume));
        }
        if (!(volume > MIN_VOLUME_FACTOR * scale)) {  // the same bound as fromParameters: a cell read here is rebuilt from its parameters later
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "flat cell (V / abc = %.2g, %.3g Å³): the lattice vectors nearly lie in a plane", volume / scale, volume));
        }
        RealMatrix a = MatrixUtils.createRealMatrix(this.rows);
        this.reciprocal = new LUDecomposition(a).getSolver().getInverse().transpose().getData();
    }

    /** The longest cell vector accepted (Å): 10⁵ atoms of NaCl span 130 Å; a 1e308 is garbage. */
    public static final double MAX_LENGTH = 1e5;
    /** The smallest V / (abc) accepted, from vectors or parameters: below it the cell is flat. */
    static final double MIN_VOLUME_FACTOR = 1e-4;

    /** The standard orientation: a along x, b in the xy plane (angles in degrees). */
    public static Lattice fromParameters(double a, double b, double c, double alpha, double beta, double gamma) {
        for (double len : new double[] {a, b, c}) {
            if (!(len > 0) || !Double.isFinite(len)) throw new IllegalArgumentException("cell length must be positive, got " + len);
            if (len > MAX_LENGTH) throw new IllegalArgumentException(String.format("cell length %.3g Å is beyond the supported %.0f Å", len, MAX_LENGTH));
        }
        for (double ang : new double[] {alpha, beta, gamma}) {
            if (!(ang > 0 && ang < 180)) throw new IllegalArgumentException("cell angle must lie strictly between 0 and 180 degrees, got " + ang);
        }
        double ca = Math.cos(Math.toRadians(alpha)), cb = Math.cos(Math.toRadians(beta));
        double cg = Math.cos(Math.toRadians(gamma)), sg = Math.sin(Math.toRadians(gamma));
        double factor2 = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;  // (V / abc)²
        if (factor2 > 0 && factor2 <= MIN_VOLUME_FACTOR * MIN_VOLUME_FACTOR) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "cell angles %.4g, %.4g, %.4g give a flat cell (V / abc = %.2g): no three vectors with these angles span a volume",
                    alpha, beta, gamma, Math.sqrt(Math.max(0, factor2))));
        }
        double cx = c * cb;
        double cy = c * (ca - cb * cg) / sg;
        double cz2 = c * c - cx * cx - cy * cy;
        if (!(cz2 > 0)) {
            throw new IllegalArgumentException(String.format(
                    "cell angles %.4g, %.4g, %.4g cannot form a cell (zero or negative volume)", alpha, beta, gamma));
        }
        return new Lattice(new double[][] {{a, 0, 0}, {b * cg, b * sg, 0}, {cx, cy, Math.sqrt(cz2)}});
    }

    public static Lattice cubic(double a) {
        return new Lattice(new double[][] {{a, 0, 0}, {0, a, 0}, {0, 0, a}});
    }

    /** Row i is lattice vector a_(i+1). A copy. */
    public double[][] matrix() { return copy(rows); }

    /** Row i is b_(i+1) with a_i · b_j = δ_ij. A copy. */
    public double[][] reciprocalMatrix() { return copy(reciprocal); }

    public double a() { return length(rows[0]); }
    public double b() { return length(rows[1]); }
    public double c() { return length(rows[2]); }
    public double alpha() { return angle(rows[1], rows[2]); }
    public double beta() { return angle(rows[0], rows[2]); }
    public double gamma() { return angle(rows[0], rows[1]); }
    public double volume() { return volume; }

    /** Spacing of the lattice planes normal to b_k (Å): how far apart the images are along k. */
    public double planeSpacing(int k) { return 1.0 / length(reciprocal[k]); }

    /** Length of reciprocal row k (1/Å, no 2π). */
    public double reciprocalLength(int k) { return length(reciprocal[k]); }

    public double[] toCartesian(double[] f) {
        double[] r = new double[3];
        toCartesian(f[0], f[1], f[2], r, 0);
        return r;
    }

    /** Writes f A into out[at..at+2]. */
    public void toCartesian(double f0, double f1, double f2, double[] out, int at) {
        for (int x = 0; x < 3; x++) out[at + x] = f0 * rows[0][x] + f1 * rows[1][x] + f2 * rows[2][x];
    }

    /** f = r A^-1 = r B^T. */
    public double[] toFractional(double[] r) {
        double[] f = new double[3];
        for (int k = 0; k < 3; k++) f[k] = r[0] * reciprocal[k][0] + r[1] * reciprocal[k][1] + r[2] * reciprocal[k][2];
        return f;
    }

    /** The lattice whose rows are M A for an integer matrix M (a supercell or a change of basis). */
    public Lattice transform(int[][] m) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++)
            for (int x = 0; x < 3; x++)
                out[i][x] = m[i][0] * rows[0][x] + m[i][1] * rows[1][x] + m[i][2] * rows[2][x];
        return new Lattice(out);
    }

    /** This lattice rotated by the orthogonal matrix q (Cartesian r → r q^T). */
    public Lattice rotate(double[][] q) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++)
            for (int x = 0; x < 3; x++)
                out[i][x] = q[x][0] * rows[i][0] + q[x][1] * rows[i][1] + q[x][2] * rows[i][2];
        return new Lattice(out);
    }

    static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    static double length(double[] v) { return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]); }

    private static double angle(double[] u, double[] v) {
        double cos = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (length(u) * length(v));
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }

    private static double[][] copy(double[][] m) {
        return new double[][] {m[0].clone(), m[1].clone(), m[2].clone()};
    }

    @Override
    public String toString() {
        return String.format("Lattice[a=%.4f b=%.4f c=%.4f alpha=%.3f beta=%.3f gamma=%.3f]", a(), b(), c(), alpha(), beta(), gamma());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lattice && Arrays.deepEquals(rows, ((Lattice) o).rows);
    }

    @Override
    public int hashCode() { return Arrays.deepHashCode(rows); }
}
