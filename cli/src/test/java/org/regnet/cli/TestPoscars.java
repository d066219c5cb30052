package org.regnet.cli;

import java.util.Locale;
import java.util.Random;

/** Structure files the tests write themselves (also used by the spark module's tests). */
public final class TestPoscars {
    private TestPoscars() {}

    /** An 8-atom rock-salt cell AB (e.g. Na, Cl) of lattice constant {@code lattice} Å, as a POSCAR. */
    public static String rockSalt(String a, String b, double lattice) {
        return String.format(Locale.ROOT, "%s%s\n1.0\n%.5f 0 0\n0 %.5f 0\n0 0 %.5f\n%s %s\n4 4\nDirect\n"
                + "0 0 0\n0.5 0.5 0\n0.5 0 0.5\n0 0.5 0.5\n0.5 0 0\n0 0.5 0\n0 0 0.5\n0.5 0.5 0.5\n", a, b, lattice, lattice, lattice, a, b);
    }

    /** Rocksalt NaCl, n × n × n conventional cells, every site moved by up to 0.05 Å (seeded). */
    public static String rockSaltSupercell(int n, long seed) {
        double a = 5.64 * n;
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "NaCl %d\n1.0\n%.4f 0 0\n0 %.4f 0\n0 0 %.4f\nNa Cl\n%d %d\nCartesian\n",
                n, a, a, a, 4 * n * n * n, 4 * n * n * n));
        double[][] na = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        for (double shift : new double[] {0, 0.5}) {
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) {
                for (double[] f : na) {
                    s.append(String.format(Locale.ROOT, "%.5f %.5f %.5f\n",
                            5.64 * (i + (f[0] + shift) % 1) + 0.05 * (random.nextDouble() - 0.5),
                            5.64 * (j + f[1]) + 0.05 * (random.nextDouble() - 0.5),
                            5.64 * (k + f[2]) + 0.05 * (random.nextDouble() - 0.5)));
                }
            }
        }
        return s.toString();
    }
}
