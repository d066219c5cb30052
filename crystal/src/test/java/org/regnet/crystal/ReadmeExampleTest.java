package org.regnet.crystal;

import org.junit.jupiter.api.Test;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.crystal.graph.NeighborGraph;
import org.regnet.crystal.graph.NeighborGraphBuilder;
import org.regnet.crystal.io.StructureReaders;
import org.regnet.crystal.reciprocal.ReciprocalSet;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java API section of README.md, as written there. */
class ReadmeExampleTest {
    @Test
    void readmeJavaApiExample() {
        Structure s = StructureReaders.readOne(Path.of("../examples/Si.cif"), ReadOptions.defaults());
        assertEquals("Si", s.reducedFormula());
        assertEquals(160.19, s.lattice().volume(), 0.01);
        assertEquals(8, s.crystal().getAtomCount());

        NeighborGraph g = new NeighborGraphBuilder(GraphSettings.defaults()).build(s);
        double previous = 0;
        for (int e = g.start(0); e < g.start(1); e++) {
            assertEquals(0, g.source(e));
            assertEquals(true, g.distance(e) >= previous, "nearest first");
            previous = g.distance(e);
        }
        assertEquals(2.3517, g.distance(g.start(0)), 1e-4);
        ReciprocalSet G = ReciprocalSet.of(s.lattice(), 3.0);
        assertEquals(2 * Math.PI / 5.431, G.norm(0), 1e-9, "the (100) vectors of the conventional cell come first");
    }
}
