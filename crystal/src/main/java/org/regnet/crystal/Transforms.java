package org.regnet.crystal;

/**
 * Structure transformations that leave the crystal physically the same (supercell, rotation,
 * translation, permutation, change of basis, wrapping): what the invariance tests of
 * SCIENCE.md §4 apply, and how large benchmark cells are made.
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
