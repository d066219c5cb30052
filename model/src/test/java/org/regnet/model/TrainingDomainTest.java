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

    /** The fixtures and Si at three lattice constants: bulk crystals only. */
    private static List<Structure> bulkTraining() {
        List<Structure> training = new ArrayList<>(TestCrystals.all());
        for (double a : new double[] {5.2, 5.6, 6.0}) training.add(TestCrystals.silicon(a));
        return training;
    }

    @Test
    void trainingCrystalsAreInsideAndEachReasonIsNamed() {
        Set<Integer> elements = new TreeSet<>();
        List<Structure> training = bulkTraining();
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

    @Test
    void theWidestEmptySlabSeesVacuumAndNotTheCellChosen() {
        double bulk = TrainingDomain.widestEmptySlab(graph(TestCrystals.silicon()));
        // diamond Si: every atom lies on a {110} plane or halfway between two (|G_110| = 1.64 Å⁻¹); the {111} planes, with the
        // wider gaps, lie just beyond G_max = 2 Å⁻¹, but their gaps are narrower than π Å: every slab wider than that is seen
        assertEquals(5.431 / Math.sqrt(8), bulk, 1e-6, "half the {110} spacing");
        for (Structure same : List.of(Transforms.supercell(TestCrystals.silicon(), 2, 1, 3),
                Transforms.changeBasis(TestCrystals.silicon(), new int[][] {{1, 1, 0}, {0, 1, 0}, {2, 1, 1}}),
                Transforms.translate(TestCrystals.silicon(), 0.13, 0.27, 0.41))) {
            assertEquals(bulk, TrainingDomain.widestEmptySlab(graph(same)), 1e-6, same.id());
        }
        for (double vacuum : new double[] {6, 10, 20}) {
            // the slab's outer atomic planes lie a quarter of the cubic cell apart across the cell boundary, plus the vacuum
            assertEquals(vacuum + 5.431 / 4, TrainingDomain.widestEmptySlab(graph(VacuumTest.siliconSlab(vacuum))), 1e-6, vacuum + " Å of vacuum");
        }
        assertTrue(TrainingDomain.widestEmptySlab(graph(VacuumTest.methylIodide(20))) > 20 - 3, "a molecule in a 20 Å box");
    }

    @Test
    void theWidestEmptySlabSkipsOnlyFamiliesThatCannotWin() {
        List<Structure> cases = List.of(TestCrystals.silicon(), TestCrystals.triclinic(3), TestCrystals.disordered(),
                Transforms.supercell(TestCrystals.rockSalt(), 4, 4, 4), Transforms.supercell(VacuumTest.siliconSlab(7), 3, 3, 1),
                VacuumTest.siliconSlab(12), VacuumTest.methylIodide(15));
        for (Structure s : cases) {
            CrystalGraph g = graph(s);
            assertEquals(everyFamily(g), TrainingDomain.widestEmptySlab(g), 1e-12, s.id());
        }
    }

    /** The definition, over every family in order, each one's phases sorted. */
    private static double everyFamily(CrystalGraph g) {
        double widest = 0;
        for (int v = 0; v < g.gNorm().length; v++) {
            double[] phase = new double[g.atoms()];
            for (int i = 0; i < g.atoms(); i++) {
                double x = 0;
                for (int k = 0; k < 3; k++) x += g.miller()[3 * v + k] * g.fractional()[3 * i + k];
                phase[i] = x - Math.floor(x);
            }
            java.util.Arrays.sort(phase);
            double gap = 1 - phase[phase.length - 1] + phase[0];
            for (int i = 1; i < phase.length; i++) gap = Math.max(gap, phase[i] - phase[i - 1]);
            widest = Math.max(widest, gap * 2 * Math.PI / g.gNorm()[v]);
        }
        return widest;
    }

    @Test
    void aSlabInVacuumIsOutsideABulkDomainAndAnOldDomainSkipsTheCheck() {
        Set<Integer> elements = new TreeSet<>();
        List<Structure> training = bulkTraining();
        TrainingDomain d = fitted(training, elements);
        float[] typical = new float[4];
        double widest = 0;
        for (Structure s : training) widest = Math.max(widest, TrainingDomain.widestEmptySlab(graph(s)));
        assertEquals(widest, d.emptySlab(), 0, "fewer than 1,000 crystals: the 99.9 % quantile is the widest");
        // 3 Å of vacuum: the volume per atom and density stay inside the training ranges, the empty slab does not
        TrainingDomain.Assessment slab = d.assess(graph(VacuumTest.siliconSlab(3)), typical, elements);
        assertFalse(slab.inside());
        assertTrue(slab.reason().startsWith("an empty slab 4.36 Å wide (a surface or a molecule in vacuum?), wider than in 99.9 % of the training crystals"),
                slab.reason());
        TrainingDomain old = new TrainingDomain(d.volumePerAtom(), d.density(), d.shortestDistance(), d.atoms(), null, d.embeddingMean(),
                d.embeddingScale(), d.embeddingThreshold(), d.labels());
        assertTrue(old.assess(graph(VacuumTest.siliconSlab(3)), typical, elements).inside(), "a domain recorded without the slab does not check it");
        assertEquals(d, old.withGeometryOf(training.stream().map(TrainingDomainTest::graph).toList()), "fitted again on the same crystals: the same domain");
    }

    @Test
    void theEmptySlabThresholdIsAQuantileOfTheTrainingCrystals() {
        List<CrystalGraph> graphs = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            graphs.add(graph(i < 1996 ? TestCrystals.silicon() : VacuumTest.siliconSlab(5 + i - 1996)));
            embeddings.add(new float[] {i, 0});
        }
        TrainingDomain d = TrainingDomain.fit(graphs, embeddings);
        // 2 of the 2,000 (0.1 %) lie beyond the quantile: the slabs with 7 and 8 Å of vacuum
        assertEquals(6 + 5.431 / 4, d.emptySlab(), 1e-6);
    }
}
