package org.regnet.data;

import org.regnet.crystal.Species;
import org.regnet.crystal.Structure;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.crystal.graph.NeighborGraph;
import org.regnet.crystal.graph.NeighborGraphBuilder;
import org.regnet.crystal.reciprocal.ReciprocalSet;

import java.util.List;
import java.util.Locale;

/**
 * Turns a {@link Structure} into the {@link CrystalGraph} the network consumes: the neighbour
 * graph of SCIENCE.md §1 and the reciprocal half set of §2 within {@code gmax}.
 * Stateless and thread-safe.
 */
public final class Featurizer {
    private final GraphSettings graphSettings;
    private final double gmax;
    private final NeighborGraphBuilder builder;

    public Featurizer(GraphSettings graphSettings, double gmax) {
        if (!(gmax > 0)) throw new IllegalArgumentException("G_max must be positive, got " + gmax);
        this.graphSettings = graphSettings;
        this.gmax = gmax;
        this.builder = new NeighborGraphBuilder(graphSettings);
    }

    public GraphSettings graphSettings() { return graphSettings; }

    public double gmax() { return gmax; }

    /** Everything that changes the features, for cache keys. */
    public String key() {
        GraphSettings g = graphSettings;
        return String.format(Locale.ROOT, "format=%d;kind=%s;cutoff=%s;M=%d;tol=%s;cap=%d;underfilled=%s;maxCutoff=%s;gmax=%s",
                CrystalGraph.FORMAT, g.kind(), g.cutoff(), g.maxNeighbors(), g.shellTolerance(), g.hardCap(), g.underfilled(), g.maxCutoff(), gmax);
    }

    /** A featurized structure and what its neighbour graph warned about (e.g. an atom with few neighbours). */
    public record Featurized(CrystalGraph graph, List<String> warnings) {}

    public CrystalGraph featurize(Structure s) { return featurizeWithWarnings(s).graph(); }

    public Featurized featurizeWithWarnings(Structure s) {
        NeighborGraph graph = builder.build(s);
        int n = s.size();
        int width = 1;
        for (int i = 0; i < n; i++) width = Math.max(width, s.species(i).size());
        int[] number = new int[n * width];
        float[] weight = new float[n * width];
        for (int i = 0; i < n; i++) {
            List<Species> site = s.species(i);
            for (int k = 0; k < site.size(); k++) {
                number[i * width + k] = site.get(k).atomicNumber();
                weight[i * width + k] = (float) site.get(k).occupancy();
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + graph.degree(i);
        double[] d = graph.distances();
        float[] distance = new float[d.length];
        for (int e = 0; e < d.length; e++) distance[e] = (float) d[e];
        float[] direction = directions(s, graph);

        ReciprocalSet full = ReciprocalSet.of(s.lattice(), gmax);
        int[] all = full.millerIndices();
        int half = full.size() / 2;
        int[] miller = new int[3 * half];
        float[] norm = new float[half];
        int k = 0;
        for (int v = 0; v < full.size(); v++) {
            if (!positiveHalf(all[3 * v], all[3 * v + 1], all[3 * v + 2])) continue;
            System.arraycopy(all, 3 * v, miller, 3 * k, 3);
            norm[k++] = (float) full.norm(v);
        }
        return new Featurized(new CrystalGraph(s.id(), n, width, number, weight, s.fractionalCoordinates(), start,
                graph.targets(), distance, direction, miller, norm, s.lattice().volume()), List.copyOf(graph.warnings()));
    }

    /** Unit vectors r_target + t A − r_source of every edge (E×3), from the stored coordinates and the edge's image. */
    private static float[] directions(Structure s, NeighborGraph graph) {
        double[] f = s.fractionalCoordinates();
        int[] image = graph.images();
        float[] out = new float[3 * graph.edgeCount()];
        double[] r = new double[3];
        for (int i = 0; i < graph.atomCount(); i++) {
            for (int e = graph.start(i); e < graph.start(i) + graph.degree(i); e++) {
                int j = graph.target(e);
                s.lattice().toCartesian(f[3 * j] + image[3 * e] - f[3 * i], f[3 * j + 1] + image[3 * e + 1] - f[3 * i + 1],
                        f[3 * j + 2] + image[3 * e + 2] - f[3 * i + 2], r, 0);
                double length = graph.distance(e);
                for (int k = 0; k < 3; k++) out[3 * e + k] = length > 0 ? (float) (r[k] / length) : 0f;
            }
        }
        return out;
    }

    /** One of each pair ±n: the one whose first non-zero index is positive. */
    static boolean positiveHalf(int h, int k, int l) {
        return h > 0 || (h == 0 && (k > 0 || (k == 0 && l > 0)));
    }
}
