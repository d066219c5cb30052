package org.regnet.crystal;

import org.openscience.cdk.config.Elements;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.ICrystal;
import org.openscience.cdk.silent.Atom;
import org.openscience.cdk.silent.Crystal;

import javax.vecmath.Point3d;
import javax.vecmath.Vector3d;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A periodic crystal structure: a {@link Lattice} and sites, held as a CDK {@link ICrystal}
 * (cell vectors + one atom per site, fractional and Cartesian points filled in) with flat
 * coordinate arrays beside it for the hot paths. Immutable: {@link #crystal()} returns a copy.
 */
public final class Structure {
    /** CDK atom property holding the site's {@code List<Species>} (a mixture on disordered sites). */
    public static final String SPECIES_PROPERTY = "regnet.species";

    /** Mass per volume: 1 amu/Å³ in g/cm³. */
    public static final double AMU_PER_A3_TO_G_PER_CM3 = 1.66053906660;

    private final String id;
    private final Lattice lattice;
    private final List<List<Species>> species;
    private final List<String> labels;
    private final double[] fractional;  // 3N, as given (not wrapped)
    private final double[] cartesian;   // 3N
    private final String spaceGroup;
    private final Map<String, Double> properties;
    private final ICrystal crystal;

    private Structure(Builder b) {
        this.id = b.id;
        this.lattice = b.lattice;
        this.species = List.copyOf(b.species);
        this.labels = Collections.unmodifiableList(new ArrayList<>(b.labels));
        int n = species.size();
        this.fractional = new double[3 * n];
        this.cartesian = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double[] f = b.fractional.get(i);
            System.arraycopy(f, 0, fractional, 3 * i, 3);
            lattice.toCartesian(f[0], f[1], f[2], cartesian, 3 * i);
        }
        this.spaceGroup = b.spaceGroup;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.crystal = toCrystal();
    }

    public static Builder builder(Lattice lattice) { return new Builder(lattice); }

    /** A builder holding everything this structure holds, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = builder(lattice).id(id).spaceGroup(spaceGroup);
        properties.forEach(b::property);
        for (int i = 0; i < size(); i++) b.add(labels.get(i), species.get(i), fractional(i));
        return b;
    }

    /**
     * Wraps a CDK crystal: cell vectors, and per atom its fractional point (or its Cartesian
     * point when that is all it has), its element and, when present, {@link #SPECIES_PROPERTY}.
     */
    @SuppressWarnings("unchecked")
    public static Structure fromCrystal(String id, ICrystal c) {
        Vector3d a = c.getA(), b = c.getB(), cc = c.getC();
        if (a == null || b == null || cc == null) throw new IllegalArgumentException("the CDK crystal has no cell vectors");
        Builder out = builder(new Lattice(new double[][] {{a.x, a.y, a.z}, {b.x, b.y, b.z}, {cc.x, cc.y, cc.z}})).id(id).spaceGroup(c.getSpaceGroup());
        for (IAtom atom : c.atoms()) {
            double[] f;
            if (atom.getFractionalPoint3d() != null) {
                Point3d p = atom.getFractionalPoint3d();
                f = new double[] {p.x, p.y, p.z};
            } else if (atom.getPoint3d() != null) {
                Point3d p = atom.getPoint3d();
                f = out.lattice.toFractional(new double[] {p.x, p.y, p.z});
            } else {
                throw new IllegalArgumentException("atom " + atom.getSymbol() + " has no coordinates");
            }
            Object sp = atom.getProperty(SPECIES_PROPERTY);
            List<Species> list = sp instanceof List ? (List<Species>) sp : List.of(Species.of(Elements.ofString(atom.getSymbol())));
            out.add(atom.getID(), list, f);
        }
        return out.build();
    }

    public String id() { return id; }
    public Lattice lattice() { return lattice; }
    public int size() { return species.size(); }
    /** The space group as the file wrote it (null when it said nothing). */
    public String spaceGroup() { return spaceGroup; }
    /** Numeric per-structure properties the file carried (extended XYZ info, dataset targets). */
    public Map<String, Double> properties() { return properties; }

    public List<Species> species(int i) { return species.get(i); }
    public String label(int i) { return labels.get(i); }
    /** The dominant element of site i (the site's only element when it is ordered). */
    public Elements element(int i) { return Species.dominant(species.get(i)).element(); }
    public int atomicNumber(int i) { return element(i).number(); }

    public double[] fractional(int i) { return new double[] {fractional[3 * i], fractional[3 * i + 1], fractional[3 * i + 2]}; }
    public double[] cartesian(int i) { return new double[] {cartesian[3 * i], cartesian[3 * i + 1], cartesian[3 * i + 2]}; }
    /** All fractional coordinates, 3N values (x0 y0 z0 x1 ...). A copy. */
    public double[] fractionalCoordinates() { return fractional.clone(); }
    /** All Cartesian coordinates (Å), 3N values. A copy. */
    public double[] cartesianCoordinates() { return cartesian.clone(); }

    public Site site(int i) { return new Site(labels.get(i), species.get(i), fractional(i), cartesian(i)); }

    public List<Site> sites() {
        List<Site> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) out.add(site(i));
        return out;
    }

    public boolean isOrdered() {
        for (List<Species> s : species) if (s.size() != 1 || Math.abs(s.get(0).occupancy() - 1) > 1e-6) return false;
        return true;
    }

    /** Amount of each element in the cell (occupancy-weighted), in order of first appearance. */
    public Map<Elements, Double> composition() {
        Map<Elements, Double> c = new LinkedHashMap<>();
        for (List<Species> site : species) for (Species s : site) c.merge(s.element(), s.occupancy(), Double::sum);
        return c;
    }

    /**
     * The reduced formula, elements ordered by electronegativity as pymatgen does ("NaCl",
     * "SrTiO3", "Fe2O3"); non-integer amounts (disorder) print with up to 3 decimals.
     */
    public String reducedFormula() {
        Map<Elements, Double> comp = composition();
        boolean integral = comp.values().stream().allMatch(v -> Math.abs(v - Math.rint(v)) < 1e-6);
        long gcd = 0;
        if (integral) for (double v : comp.values()) gcd = gcd(gcd, Math.round(v));
        double divisor = integral && gcd > 0 ? gcd : 1;
        List<Elements> order = new ArrayList<>(comp.keySet());
        order.sort(Comparator.comparingDouble((Elements e) -> e.electronegativity() == null ? Double.MAX_VALUE : e.electronegativity())
                .thenComparing(Elements::symbol));
        StringBuilder sb = new StringBuilder();
        for (Elements e : order) {
            double amount = comp.get(e) / divisor;
            sb.append(e.symbol());
            if (Math.abs(amount - 1) > 1e-6) {
                sb.append(Math.abs(amount - Math.rint(amount)) < 1e-6 ? Long.toString(Math.round(amount))
                        : String.format(java.util.Locale.ROOT, "%.3f", amount).replaceAll("0+$", ""));
            }
        }
        return sb.toString();
    }

    /** Mass density in g/cm³ (occupancy-weighted standard atomic weights). */
    public double density() {
        double mass = 0;
        for (Map.Entry<Elements, Double> e : composition().entrySet()) mass += ElementData.mass(e.getKey()) * e.getValue();
        return mass * AMU_PER_A3_TO_G_PER_CM3 / lattice.volume();
    }

    /** A copy of the CDK view: cell vectors and one atom per site (dominant element; mixture in {@link #SPECIES_PROPERTY}). */
    public ICrystal crystal() {
        try {
            return crystal.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private ICrystal toCrystal() {
        Crystal c = new Crystal();
        double[][] m = lattice.matrix();
        c.setA(new Vector3d(m[0]));
        c.setB(new Vector3d(m[1]));
        c.setC(new Vector3d(m[2]));
        c.setSpaceGroup(spaceGroup);
        IAtom[] atoms = new IAtom[size()];
        for (int i = 0; i < atoms.length; i++) {
            Atom a = new Atom(element(i).symbol());
            a.setAtomicNumber(atomicNumber(i));
            a.setID(labels.get(i));
            a.setFractionalPoint3d(new Point3d(fractional[3 * i], fractional[3 * i + 1], fractional[3 * i + 2]));
            a.setPoint3d(new Point3d(cartesian[3 * i], cartesian[3 * i + 1], cartesian[3 * i + 2]));
            a.setProperty(SPECIES_PROPERTY, species.get(i));
            atoms[i] = a;
        }
        c.setAtoms(atoms);  // setAtoms, not addAtom: addAtom scans for duplicates (quadratic)
        return c;
    }

    private static long gcd(long a, long b) { return b == 0 ? a : gcd(b, a % b); }

    @Override
    public String toString() {
        return "Structure[" + (id == null ? "" : id + " ") + reducedFormula() + ", " + size() + " sites, " + lattice + "]";
    }

    /** Collects sites; {@link #build()} makes the immutable structure. */
    public static final class Builder {
        private final Lattice lattice;
        private final List<List<Species>> species = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final List<double[]> fractional = new ArrayList<>();
        private final Map<String, Double> properties = new LinkedHashMap<>();
        private String id;
        private String spaceGroup;

        private Builder(Lattice lattice) {
            if (lattice == null) throw new IllegalArgumentException("a structure needs a lattice");
            this.lattice = lattice;
        }

        public Builder id(String id) { this.id = id; return this; }
        public Builder spaceGroup(String spaceGroup) { this.spaceGroup = spaceGroup; return this; }
        public Builder property(String name, double value) { properties.put(name, value); return this; }

        /** The largest fractional coordinate accepted, in cells. */
        public static final double MAX_FRACTIONAL = 1e4;

        public Builder add(Elements element, double... f) { return add(null, List.of(Species.of(element)), f); }

        public Builder add(String label, List<Species> sp, double... f) {
            if (f.length != 3) throw new IllegalArgumentException("a position needs 3 fractional coordinates");
            for (double v : f) {
                if (!Double.isFinite(v)) throw new IllegalArgumentException("coordinate is not a finite number: " + v);
                // a site 10^4 cells away is a typo or garbage, not a position (and wrapping it would lose all its digits)
                if (Math.abs(v) > MAX_FRACTIONAL) {
                    throw new IllegalArgumentException("fractional coordinate " + v + " is out of range (|f| ≤ " + (int) MAX_FRACTIONAL + ")");
                }
            }
            species.add(List.copyOf(sp));
            labels.add(label == null ? sp.get(0).symbol() + (labels.size() + 1) : label);
            fractional.add(f.clone());
            return this;
        }

        public Builder addCartesian(Elements element, double... r) { return add(element, lattice.toFractional(r)); }

        public int size() { return species.size(); }

        public Structure build() { return new Structure(this); }
    }
}
