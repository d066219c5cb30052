package org.regnet.model;

import org.openscience.cdk.config.Elements;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.Species;
import org.regnet.crystal.Structure;
import org.regnet.crystal.graph.GraphSettings;

import java.util.List;
import java.util.Random;

/** Textbook crystals written here (no dataset files), plus a random triclinic cell. */
final class TestCrystals {
    /** The graph of model v2 ({@link ModelConfig#defaults()}): every neighbour within 4 Å. */
    static final GraphSettings GRAPH = GraphSettings.radius(ModelConfig.RADIUS_CUTOFF);

    private TestCrystals() {}

    static Structure rockSalt() {
        Structure.Builder b = Structure.builder(Lattice.fromParameters(5.64, 5.64, 5.64, 90, 90, 90)).id("NaCl");
        double[][] fcc = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
        for (double[] f : fcc) {
            b.add(Elements.Sodium, f[0], f[1], f[2]);
            b.add(Elements.Chlorine, f[0] + .5, f[1], f[2]);
        }
        return b.build();
    }

    static Structure perovskite() {
        return Structure.builder(Lattice.fromParameters(3.905, 3.905, 3.905, 90, 90, 90)).id("SrTiO3")
                .add(Elements.Strontium, 0, 0, 0).add(Elements.Titanium, .5, .5, .5)
                .add(Elements.Oxygen, .5, .5, 0).add(Elements.Oxygen, .5, 0, .5).add(Elements.Oxygen, 0, .5, .5).build();
    }

    static Structure wurtzite() {
        double u = 0.382;
        return Structure.builder(Lattice.fromParameters(3.25, 3.25, 5.207, 90, 90, 120)).id("ZnO")
                .add(Elements.Zinc, 1 / 3.0, 2 / 3.0, 0).add(Elements.Zinc, 2 / 3.0, 1 / 3.0, .5)
                .add(Elements.Oxygen, 1 / 3.0, 2 / 3.0, u).add(Elements.Oxygen, 2 / 3.0, 1 / 3.0, .5 + u).build();
    }

    static Structure silicon() { return silicon(5.431); }

    /** Diamond Si in its cubic cell of lattice constant a (Å). */
    static Structure silicon(double a) {
        Structure.Builder b = Structure.builder(Lattice.fromParameters(a, a, a, 90, 90, 90)).id("Si");
        double[][] fcc = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
        for (double[] f : fcc) {
            b.add(Elements.Silicon, f[0], f[1], f[2]);
            b.add(Elements.Silicon, f[0] + .25, f[1] + .25, f[2] + .25);
        }
        return b.build();
    }

    /** A triclinic cell with atoms kept at least ~1.8 Å apart. */
    static Structure triclinic(long seed) {
        Random r = new Random(seed);
        Lattice l = Lattice.fromParameters(4.1 + r.nextDouble(), 5.0 + r.nextDouble(), 6.2 + r.nextDouble(), 78 + 5 * r.nextDouble(), 97 + 5 * r.nextDouble(), 104 + 5 * r.nextDouble());
        Structure.Builder b = Structure.builder(l).id("triclinic");
        Elements[] el = {Elements.Lithium, Elements.Iron, Elements.Phosphorus, Elements.Oxygen};
        java.util.List<double[]> placed = new java.util.ArrayList<>();
        while (placed.size() < 7) {
            double[] f = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
            if (placed.stream().allMatch(p -> minimumImage(l, p, f) > 1.8)) {
                placed.add(f);
                b.add(el[placed.size() % el.length], f);
            }
        }
        return b.build();
    }

    /** A disordered site (virtual occupancy): Cu0.5Au0.5 on an fcc lattice. */
    static Structure disordered() {
        return Structure.builder(Lattice.fromParameters(3.9, 3.9, 3.9, 90, 90, 90)).id("CuAu")
                .add("M", List.of(new Species(Elements.Copper, 0.5), new Species(Elements.Gold, 0.5)), 0, 0, 0).build();
    }

    static List<Structure> all() {
        return List.of(rockSalt(), perovskite(), wurtzite(), silicon(), triclinic(7));
    }

    private static double minimumImage(Lattice l, double[] a, double[] b) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = -1; i <= 1; i++) for (int j = -1; j <= 1; j++) for (int k = -1; k <= 1; k++) {
            double[] c = l.toCartesian(new double[] {b[0] - a[0] + i, b[1] - a[1] + j, b[2] - a[2] + k});
            best = Math.min(best, Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]));
        }
        return best;
    }
}
