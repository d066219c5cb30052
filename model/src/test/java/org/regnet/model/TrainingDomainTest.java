package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.config.Elements;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.Structure;
import org.regnet.crystal.Transforms;
import org.regnet.data.CrystalGraph;
import org.regnet.data.Featurizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SCIENCE.md §6: the training domain's ranges, and each reason a structure falls outside it. */
class TrainingDomainTest {
    private static final Featurizer FEATURIZER = new Featurizer(TestCrystals.GRAPH, 2.0);

    private static CrystalGraph graph(Structure s) { return FEATURIZER.featurize(s); }

    private static TrainingDomain fitted(List<Structure> training, Set<Integer> elements) {
        List<CrystalGraph> graphs = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        java.util.Random r = new java.util.Random(1);
        for (Structure s : training) {
            graphs.add(graph(s));
            for (int i = 0; i < s.size(); i++) elements.add(s.atomicNumber(i));
            float[] e = new float[4];
            for (int k = 0; k < 4; k++) e[k] = (float) r.nextGaussian();
            embeddings.add(e);
        }
        return TrainingDomain.fit(graphs, embeddings);
    }

    @Test
    void trainingCrystalsAreInsideAndEachReasonIsNamed() {
        Set<Integer> elements = new TreeSet<>();
        List<Structure> training = new ArrayList<>(TestCrystals.all());
        for (double a : new double[] {5.2, 5.6, 6.0}) training.add(TestCrystals.silicon(a));
        TrainingDomain d = fitted(training, elements);
        assertTrue(d.volumePerAtom().min() < d.volumePerAtom().max() && d.density().min() > 0 && d.shortestDistance() > 1);
        float[] typical = new float[4];
        for (Structure s : training) assertTrue(d.assess(graph(s), typical, elements).inside(), s.id());
        // a supercell is the same crystal: cell size never puts it outside
        assertTrue(d.assess(graph(Transforms.supercell(TestCrystals.rockSalt(), 3, 3, 3)), typical, elements).inside());

        Structure xenon = Structure.builder(Lattice.cubic(4.2)).id("Xe").add(Elements.Xenon, 0, 0, 0).build();
        TrainingDomain.Assessment a = d.assess(graph(xenon), typical, elements);
        assertFalse(a.inside());
        assertTrue(a.reason().contains("element Xe (Z = 54) not in the training data"), a.reason());

        TrainingDomain.Assessment box = d.assess(graph(Transforms.inBox(TestCrystals.perovskite(), 20)), typical, elements);
        assertTrue(box.reason().contains("volume per atom") && box.reason().contains("density"), box.reason());

        TrainingDomain.Assessment squeezed = d.assess(graph(Transforms.strained(TestCrystals.silicon(), 0.6)), typical, elements);
        assertTrue(squeezed.reason().contains("shorter than any in training"), squeezed.reason());

        float[] far = {40, -40, 40, -40};
        TrainingDomain.Assessment unusual = d.assess(graph(TestCrystals.rockSalt()), far, elements);
        assertEquals("embedding distance", unusual.reason().substring(0, "embedding distance".length()), unusual.reason());
    }

    @Test
    void theEmbeddingThresholdIsAQuantileOfTheTrainingDistances() {
        List<CrystalGraph> graphs = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            graphs.add(graph(TestCrystals.silicon()));
            embeddings.add(new float[] {(float) Math.exp(i / 100.0), 0});  // distinct distances to the mean
        }
        TrainingDomain d = TrainingDomain.fit(graphs, embeddings);
        int beyond = 0;
        for (float[] e : embeddings) if (TrainingDomain.distance(e, d.embeddingMean(), d.embeddingScale()) > d.embeddingThreshold()) beyond++;
        assertEquals(5, beyond, "0.5 % of the training crystals lie beyond the threshold");
    }
}
