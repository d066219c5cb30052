package org.regnet.model;

import org.regnet.crystal.ElementData;
import org.regnet.data.CrystalGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a model was trained on (SCIENCE.md §6), recorded in its manifest: the ranges of volume per
 * atom, density, shortest interatomic distance and cell size over the training crystals, and the
 * distribution of their pooled embeddings (per-dimension mean and scale, and the
 * {@value #EMBEDDING_QUANTILE} quantile of the training crystals' distances to that mean). A
 * structure is outside when it has an element not seen in training, a volume per atom or density
 * outside the training range, a distance shorter than any seen, or an embedding further out than
 * that quantile. Cell size is recorded but never flags: a supercell is the same crystal (§4).
 *
 * @param volumePerAtom      Å³ per site, min and max
 * @param density            g/cm³, min and max
 * @param shortestDistance   the shortest interatomic distance in any training crystal (within the graph's cutoff), Å
 * @param atoms              sites per cell, min and max
 * @param embeddingMean      per dimension of the pooled vector
 * @param embeddingScale     per dimension: the standard deviation (floored, so a dead dimension does not divide by zero)
 * @param embeddingThreshold distance d = rms_k((h_k − mean_k)/scale_k) beyond which a structure is outside
 * @param labels             per task, the range of the training labels (what SCIENCE.md §4 holds predictions to:
 *                           never further outside it than its own width)
 */
public record TrainingDomain(Range volumePerAtom, Range density, double shortestDistance, Range atoms,
                             float[] embeddingMean, float[] embeddingScale, double embeddingThreshold,
                             java.util.Map<String, Range> labels) {
    /** The training crystals' quantile of embedding distance used as the threshold. */
    public static final double EMBEDDING_QUANTILE = 0.995;
    private static final double SCALE_FLOOR = 1e-3;
    /**
     * Relative slack on the embedding threshold: inference (fused kernels) and training (DJL) round
     * differently, by about 1e-6, and the training crystal that sets the threshold must stay inside.
     */
    private static final double EMBEDDING_ROUNDING = 1e-4;
    /** Å: rounding of float distances must not put a training crystal outside. */
    private static final double DISTANCE_TOLERANCE = 1e-3;

    public record Range(double min, double max) {
        /** The range of the finite values among {@code values}. */
        static Range of(double[] values) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (Double.isNaN(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return new Range(lo, hi);
        }

        public double width() { return max - min; }

        boolean contains(double v) {
            double slack = 1e-9 * Math.max(Math.abs(min), Math.abs(max));
            return v >= min - slack && v <= max + slack;
        }
    }

    /** Whether a structure lies inside the domain and, if not, why. */
    public record Assessment(boolean inside, String reason) {
        public static final Assessment IN = new Assessment(true, null);
    }

    /** The geometric descriptors of one crystal. */
    record Descriptors(double volumePerAtom, double density, double shortestDistance, int atoms) {
        static Descriptors of(CrystalGraph g) {
            double mass = 0;
            for (int i = 0; i < g.speciesNumber().length; i++) {
                if (g.speciesNumber()[i] > 0) mass += ElementData.mass(g.speciesNumber()[i]) * g.speciesWeight()[i];
            }
            double shortest = Double.POSITIVE_INFINITY;
            for (float d : g.neighborDistance()) shortest = Math.min(shortest, d);
            return new Descriptors(g.volume() / g.atoms(), mass * org.regnet.crystal.Structure.AMU_PER_A3_TO_G_PER_CM3 / g.volume(), shortest, g.atoms());
        }
    }

    /** Fits the domain on the training crystals and their pooled embeddings (one per graph), without label ranges. */
    static TrainingDomain fit(List<CrystalGraph> graphs, List<float[]> embeddings) {
        return fit(graphs, embeddings, java.util.Map.of());
    }

    /** As above, with each task's training-label range. */
    static TrainingDomain fit(List<CrystalGraph> graphs, List<float[]> embeddings, java.util.Map<String, Range> labels) {
        if (graphs.isEmpty()) throw new IllegalArgumentException("a training domain needs training crystals");
        double vMin = Double.POSITIVE_INFINITY, vMax = Double.NEGATIVE_INFINITY, rMin = vMin, rMax = vMax, shortest = vMin;
        int aMin = Integer.MAX_VALUE, aMax = 0;
        for (CrystalGraph g : graphs) {
            Descriptors d = Descriptors.of(g);
            vMin = Math.min(vMin, d.volumePerAtom());
            vMax = Math.max(vMax, d.volumePerAtom());
            rMin = Math.min(rMin, d.density());
            rMax = Math.max(rMax, d.density());
            shortest = Math.min(shortest, d.shortestDistance());
            aMin = Math.min(aMin, d.atoms());
            aMax = Math.max(aMax, d.atoms());
        }
        int h = embeddings.get(0).length;
        double[] sum = new double[h], sum2 = new double[h];
        for (float[] e : embeddings) {
            for (int k = 0; k < h; k++) {
                sum[k] += e[k];
                sum2[k] += (double) e[k] * e[k];
            }
        }
        float[] mean = new float[h], scale = new float[h];
        for (int k = 0; k < h; k++) {
            double m = sum[k] / embeddings.size();
            mean[k] = (float) m;
            scale[k] = (float) Math.max(SCALE_FLOOR, Math.sqrt(Math.max(0, sum2[k] / embeddings.size() - m * m)));
        }
        double[] distances = new double[embeddings.size()];
        for (int i = 0; i < distances.length; i++) distances[i] = distance(embeddings.get(i), mean, scale);
        Arrays.sort(distances);
        double threshold = distances[(int) Math.min(distances.length - 1, Math.ceil(EMBEDDING_QUANTILE * distances.length) - 1)];
        return new TrainingDomain(new Range(vMin, vMax), new Range(rMin, rMax), Double.isFinite(shortest) ? shortest : 0,
                new Range(aMin, aMax), mean, scale, threshold, java.util.Map.copyOf(labels));
    }

    /** How far a pooled embedding lies from the training crystals' (RMS of per-dimension z-scores). */
    double distance(float[] embedding) { return distance(embedding, embeddingMean, embeddingScale); }

    static double distance(float[] e, float[] mean, float[] scale) {
        double s = 0;
        for (int k = 0; k < e.length; k++) {
            double z = (e[k] - mean[k]) / scale[k];
            s += z * z;
        }
        return Math.sqrt(s / e.length);
    }

    /** Where one crystal lies, given its pooled embedding and the elements seen in training. */
    Assessment assess(CrystalGraph g, float[] embedding, Set<Integer> elements) {
        List<String> reasons = new ArrayList<>();
        java.util.TreeSet<Integer> unseen = new java.util.TreeSet<>();
        for (int z : g.speciesNumber()) if (z > 0 && !elements.contains(z)) unseen.add(z);
        for (int z : unseen) {
            reasons.add(String.format(Locale.ROOT, "element %s (Z = %d) not in the training data",
                    org.openscience.cdk.config.Elements.ofNumber(z).symbol(), z));
        }
        Descriptors d = Descriptors.of(g);
        if (!volumePerAtom.contains(d.volumePerAtom())) {
            reasons.add(String.format(Locale.ROOT, "volume per atom %.4g Å³ outside the training range %.4g–%.4g",
                    d.volumePerAtom(), volumePerAtom.min(), volumePerAtom.max()));
        }
        if (!density.contains(d.density())) {
            reasons.add(String.format(Locale.ROOT, "density %.4g g/cm³ outside the training range %.4g–%.4g",
                    d.density(), density.min(), density.max()));
        }
        if (d.shortestDistance() < shortestDistance - DISTANCE_TOLERANCE) {
            reasons.add(String.format(Locale.ROOT, "interatomic distance %.4g Å shorter than any in training (%.4g)",
                    d.shortestDistance(), shortestDistance));
        }
        if (embedding != null) {
            double e = distance(embedding, embeddingMean, embeddingScale);
            if (e > embeddingThreshold * (1 + EMBEDDING_ROUNDING)) {
                reasons.add(String.format(Locale.ROOT, "embedding distance %.3g beyond the training crystals' %.1f %% quantile (%.3g)",
                        e, 100 * EMBEDDING_QUANTILE, embeddingThreshold));
            }
        }
        return reasons.isEmpty() ? Assessment.IN : new Assessment(false, String.join("; ", reasons));
    }
}
