package org.regnet.crystal;

import org.openscience.cdk.config.Elements;
import org.regnet.crystal.io.StructureReaders;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Random;

/** The textbook structures under src/test/resources/structures, and random cells. */
public final class Fixtures {
    private Fixtures() {}

    public static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/structures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }

    public static Structure read(String name) {
        return StructureReaders.readOne(path(name), ReadOptions.defaults());
    }

    public static Structure read(String name, ReadOptions options) {
        return StructureReaders.readOne(path(name), options);
    }

    /**
     * A random cell: lengths 2.5–9 Å, angles 50–130° (strongly skewed ones included), and
     * atoms at least {@code minDistance} apart (rejection sampling).
     */
    public static Structure randomCell(Random rnd, int atoms, double minDistance) {
        while (true) {
            double alpha = 50 + 80 * rnd.nextDouble(), beta = 50 + 80 * rnd.nextDouble(), gamma = 50 + 80 * rnd.nextDouble();
            Lattice lattice;
            try {
                lattice = Lattice.fromParameters(2.5 + 6.5 * rnd.nextDouble(), 2.5 + 6.5 * rnd.nextDouble(), 2.5 + 6.5 * rnd.nextDouble(), alpha, beta, gamma);
            } catch (IllegalArgumentException impossibleAngles) {
                continue;
            }
            Structure.Builder b = Structure.builder(lattice).id("random");
            Elements[] pool = {Elements.Lithium, Elements.Oxygen, Elements.Iron, Elements.Silicon};
            for (int i = 0; i < atoms; i++) {
                // some coordinates outside [0, 1) on purpose: images must refer to them as given
                b.add(pool[rnd.nextInt(pool.length)], rnd.nextDouble() * 1.4 - 0.2, rnd.nextDouble(), rnd.nextDouble() * 1.4 - 0.2);
            }
            Structure s = b.build();
            if (minDistance <= 0 || org.regnet.crystal.graph.NeighborSearch.closestPair(s, minDistance) == null) return s;
        }
    }

    /** A random proper rotation (uniform enough for tests). */
    public static double[][] randomRotation(Random rnd) {
        double[] q = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
        return new double[][] {
            {1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)},
            {2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)},
            {2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)}};
    }
}
