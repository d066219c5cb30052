package org.regnet.crystal;

/**
 * Structure transformations that leave the crystal physically the same (supercell, rotation,
 * translation, permutation, change of basis, wrapping): what the invariance tests of
 * SCIENCE.md §4 apply, and how large benchmark cells are made; and the scans of §4 that change
 * it on purpose (isotropic strain, a molecule in a box, a slab with vacuum).
 */
public final class Transforms {
    private Transforms() {}

    /** The n0 × n1 × n2 supercell. */
    public static Structure supercell(Structure s, int n0, int n1, int n2) {
        if (n0 < 1 || n1 < 1 || n2 < 1) throw new IllegalArgumentException("supercell factors must be positive");
        Structure.Builder b = Structure.builder(s.lattice().transform(new int[][] {{n0, 0, 0}, {0, n1, 0}, {0, 0, n2}}))
                .id(s.id()).spaceGroup(null);
        s.properties().forEach(b::property);
        for (int i0 = 0; i0 < n0; i0++)
            for (int i1 = 0; i1 < n1; i1++)
                for (int i2 = 0; i2 < n2; i2++)
                    for (int i = 0; i < s.size(); i++) {
                        double[] f = s.fractional(i);
                        b.add(s.label(i), s.species(i), (f[0] + i0) / n0, (f[1] + i1) / n1, (f[2] + i2) / n2);
                    }
        return b.build();
    }

    /** The same crystal rotated by the orthogonal matrix q (fractional coordinates unchanged). */
    public static Structure rotate(Structure s, double[][] q) {
        return withLattice(s, s.lattice().rotate(q));
    }

    /** Every atom shifted by the fractional vector t (not wrapped). */
    public static Structure translate(Structure s, double... t) {
        Structure.Builder b = emptyCopy(s, s.lattice());
        for (int i = 0; i < s.size(); i++) {
            double[] f = s.fractional(i);
            b.add(s.label(i), s.species(i), f[0] + t[0], f[1] + t[1], f[2] + t[2]);
        }
        return b.build();
    }

    /** Site k of the result is site order[k] of s. */
    public static Structure permute(Structure s, int[] order) {
        if (order.length != s.size()) throw new IllegalArgumentException("permutation has " + order.length + " entries for " + s.size() + " sites");
        Structure.Builder b = emptyCopy(s, s.lattice());
        for (int k : order) b.add(s.label(k), s.species(k), s.fractional(k));
        return b.build();
    }

    /**
     * The same crystal in the basis A' = M A for an integer matrix M with det ±1 (a different
     * but equivalent unit cell); fractional coordinates become f M^-1.
     */
    public static Structure changeBasis(Structure s, int[][] m) {
        double[][] md = new double[3][3];
        for (int i = 0; i < 3; i++) for (int k = 0; k < 3; k++) md[i][k] = m[i][k];
        double det = Lattice.det(md);
        if (Math.abs(Math.abs(det) - 1) > 1e-9) throw new IllegalArgumentException("basis change must be unimodular, det = " + det);
        Lattice target = s.lattice().transform(m);
        Structure.Builder b = emptyCopy(s, target);
        for (int i = 0; i < s.size(); i++) b.add(s.label(i), s.species(i), target.toFractional(s.cartesian(i)));
        return b.build();
    }

    /** Fractional coordinates wrapped into [0, 1). */
    public static Structure wrap(Structure s) {
        Structure.Builder b = emptyCopy(s, s.lattice());
        for (int i = 0; i < s.size(); i++) {
            double[] f = s.fractional(i);
            for (int k = 0; k < 3; k++) {
                f[k] -= Math.floor(f[k]);
                if (f[k] >= 1) f[k] = 0;
            }
            b.add(s.label(i), s.species(i), f);
        }
        return b.build();
    }

    /** The lattice scaled isotropically by {@code factor} (1.01 = 1 % tensile strain), fractional coordinates kept. */
    public static Structure strained(Structure s, double factor) {
        if (!(factor > 0)) throw new IllegalArgumentException("strain factor must be positive, got " + factor);
        double[][] m = s.lattice().matrix();
        for (double[] row : m) for (int k = 0; k < 3; k++) row[k] *= factor;
        return withLattice(s, new Lattice(m));
    }

    /**
     * The atoms of s, at their Cartesian positions relative to each other (the periodic cell
     * dropped: a molecule written in a cell), centred in a cubic box of edge {@code edge} Å.
     */
    public static Structure inBox(Structure s, double edge) {
        double[] centre = new double[3];
        for (int i = 0; i < s.size(); i++) for (int k = 0; k < 3; k++) centre[k] += s.cartesian(i)[k] / s.size();
        Lattice box = Lattice.cubic(edge);
        Structure.Builder b = Structure.builder(box).id(s.id());
        for (int i = 0; i < s.size(); i++) {
            double[] r = s.cartesian(i);
            b.add(s.label(i), s.species(i), box.toFractional(new double[] {r[0] - centre[0] + edge / 2, r[1] - centre[1] + edge / 2,
                    r[2] - centre[2] + edge / 2}));
        }
        return b.build();
    }

    /**
     * A slab: the cell's third lattice vector lengthened by {@code vacuum} Å of empty space (along
     * its own direction), every atom kept at its Cartesian position, so the layers stay as they are
     * and periodic copies are {@code vacuum} further apart along c.
     */
    public static Structure withVacuum(Structure s, double vacuum) {
        if (vacuum < 0) throw new IllegalArgumentException("vacuum must not be negative, got " + vacuum);
        double[][] m = s.lattice().matrix();
        double c = s.lattice().c();
        for (int k = 0; k < 3; k++) m[2][k] *= (c + vacuum) / c;
        Lattice longer = new Lattice(m);
        Structure.Builder b = emptyCopy(s, longer).spaceGroup(null);
        for (int i = 0; i < s.size(); i++) {
            double[] f = s.fractional(i);
            f[2] -= Math.floor(f[2]);   // the slab's atoms in one image, then placed at the same Cartesian height
            b.add(s.label(i), s.species(i), f[0], f[1], f[2] * c / (c + vacuum));
        }
        return b.build();
    }

    private static Structure withLattice(Structure s, Lattice lattice) {
        Structure.Builder b = emptyCopy(s, lattice);
        for (int i = 0; i < s.size(); i++) b.add(s.label(i), s.species(i), s.fractional(i));
        return b.build();
    }

    private static Structure.Builder emptyCopy(Structure s, Lattice lattice) {
        Structure.Builder b = Structure.builder(lattice).id(s.id()).spaceGroup(s.spaceGroup());
        s.properties().forEach(b::property);
        return b;
    }
}
