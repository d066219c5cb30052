package org.regnet.data;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.config.Elements;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.Structure;
import org.regnet.crystal.graph.GraphSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge directions point from each centre atom to a periodic image of its neighbour. */
class FeaturizerTest {

    @Test
    void edgeDirectionsLandOnAnImageOfTheNeighbour() {
        Lattice lattice = Lattice.fromParameters(4.1, 5.3, 6.2, 78, 96, 107);
        // coordinates outside [0, 1) on purpose: images refer to the stored coordinates
        Structure s = Structure.builder(lattice).id("triclinic")
                .add(Elements.Zinc, 0.1, 1.2, -0.3).add(Elements.Oxygen, 0.6, 0.35, 0.8).add(Elements.Sulfur, -0.45, 0.7, 0.15)
                .build();
        CrystalGraph g = new Featurizer(GraphSettings.defaults(), 2.0).featurize(s);
        double[] f = s.fractionalCoordinates();
        assertTrue(g.edgeCount() >= 3 * 12);
        for (int i = 0; i < g.atoms(); i++) {
            double[] centre = lattice.toCartesian(new double[] {f[3 * i], f[3 * i + 1], f[3 * i + 2]});
            for (int e = g.neighborStart()[i]; e < g.neighborStart()[i + 1]; e++) {
                float[] u = g.neighborDirection();
                assertEquals(1.0, Math.sqrt(u[3 * e] * u[3 * e] + u[3 * e + 1] * u[3 * e + 1] + u[3 * e + 2] * u[3 * e + 2]), 1e-6);
                double d = g.neighborDistance()[e];
                double[] end = {centre[0] + d * u[3 * e], centre[1] + d * u[3 * e + 1], centre[2] + d * u[3 * e + 2]};
                double[] fe = lattice.toFractional(end);
                int j = g.neighborTarget()[e];
                for (int k = 0; k < 3; k++) {
                    double shift = fe[k] - f[3 * j + k];
                    assertEquals(Math.rint(shift), shift, 1e-5, "edge " + e + " of atom " + i + " misses atom " + j);
                }
            }
        }
    }
}
