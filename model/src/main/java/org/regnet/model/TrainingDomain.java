package org.regnet.model;

import org.regnet.crystal.ElementData;
import org.regnet.data.CrystalGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a model was trained on (SCIENCE.md §6), recorded in its manifest: the ranges of volume per
 * atom, density, shortest interatomic distance and cell size over the training crystals, and the
 * distribution of their pooled embeddings (per-dimension mean and scale, and the
 * {@value #EMBEDDING_QUANTILE} quantile of the training crystals' distances to that mean), and the
 * {@value #EMPTY_SLAB_QUANTILE} quantile of their widest empty slab ({@link #widestEmptySlab}). A
 * structure is outside when it has an element not seen in training, a volume per atom or density
 * outside the training range, a distance shorter than any seen, an empty slab wider than that
 * quantile (a surface or a molecule in vacuum: bulk crystals have none, and a slab's vacuum leaves
 * its volume per atom inside the training range up to 25 Å), or an embedding further out than the
 * embedding quantile. Cell size is recorded but never flags: a supercell is the same crystal (§4).
 *
 * @param volumePerAtom      Å³ per site, min and max
 * @param density            g/cm³, min and max
 * @param shortestDistance   the shortest interatomic distance in any training crystal (within the graph's cutoff), Å
 * @param atoms              sites per cell, min and max
 * @param emptySlab          Å: the {@value #EMPTY_SLAB_QUANTILE} quantile of the training crystals' widest empty slab, or
 *                           null (a manifest written before it was recorded: the check is skipped)
 * @param embeddingMean      per dimension of the pooled vector
 * @param embeddingScale     per dimension: the standard deviation (floored, so a dead dimension does not divide by zero)
 * @param embeddingThreshold distance d = rms_k((h_k − mean_k)/scale_k) beyond which a structure is outside
 * @param labels             per task, the range of the training labels (what SCIENCE.md §4 holds predictions to:
 *                           never further outside it than its own width)
 */
public record TrainingDomain(Range volumePerAtom, Range density, double shortestDistance, Range atoms, Double emptySlab,
                             float[] embeddingMean, float[] embeddingScale, double embeddingThreshold,
                             java.util.Map<String, Range> labels) {
    /** The training crystals' quantile of embedding distance used as the threshold. */
    public static final double EMBEDDING_QUANTILE = 0.995;
    /**
     * The training crystals' quantile of widest empty slab used as the threshold: the maximum would
     * not do, since mp36k holds a few dozen layers and molecules in vacuum (up to 33 Å of it), while
     * 99.9 % of its crystals have no empty slab wider than 4.5 Å.
     */
    public static final double EMPTY_SLAB_QUANTILE = 0.999;
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
    record Descriptors(double volumePerAtom, double density, double shortestDistance, int atoms, double emptySlab) {
        static Descriptors of(CrystalGraph g) {
            double mass = 0;
            for (int i = 0; i < g.speciesNumber().length; i++) {
                if (g.speciesNumber()[i] > 0) mass += ElementData.mass(g.speciesNumber()[i]) * g.speciesWeight()[i];
            }
            double shortest = Double.POSITIVE_INFINITY;
            for (float d : g.neighborDistance()) shortest = Math.min(shortest, d);
            return new Descriptors(g.volume() / g.atoms(), mass * org.regnet.crystal.Structure.AMU_PER_A3_TO_G_PER_CM3 / g.volume(), shortest, g.atoms(),
                    widestEmptySlab(g));
        }
    }

    /**
     * Å: the thickness of the widest slab, bounded by two parallel lattice planes, that holds no atom
     * centre. Over the lattice-plane families of the graph's reciprocal vectors (spacing d = 2π/|G| of
     * at least 2π/G_max, so every slab wider than that is seen): the atoms' phases h·f mod 1 along each
     * family, the largest gap between neighbouring phases (around the circle) times d. Independent
     * of the cell chosen (the reciprocal vectors within a sphere are the lattice's, not the cell's);
     * 0 for a crystal without reciprocal vectors. Families are taken widest spacing first, and one
     * that cannot beat the widest gap so far ({@link #mayHoldGap}) is skipped unsorted: 35 ms for a
     * 4,096-atom supercell.
     */
    public static double widestEmptySlab(CrystalGraph g) {
        double[] phase = new double[g.atoms()];
        // widest spacing first: no gap is wider than its family's spacing, so a wide gap found early ends the search
        Integer[] order = new Integer[g.gNorm().length];
        for (int v = 0; v < order.length; v++) order[v] = v;
        Arrays.sort(order, (x, y) -> Float.compare(g.gNorm()[x], g.gNorm()[y]));
        double widest = 0;
        for (int v : order) {
            double spacing = 2 * Math.PI / g.gNorm()[v];
            if (spacing <= widest) break;
            if (widest > 0 && !mayHoldGap(g, v, widest / spacing)) continue;
            widest = Math.max(widest, largestGap(g, v, phase) * spacing);
        }
        return widest;
    }

    /**
     * False when no gap between the atoms' phases along reciprocal vector v is wider than {@code fraction}
     * (of the spacing), decided without sorting: such a gap would hold a whole bucket of width
     * fraction/2, so once every bucket has an atom (after a few hundred atoms in a bulk supercell)
     * there is none. True when that does not rule it out.
     */
    private static boolean mayHoldGap(CrystalGraph g, int v, double fraction) {
        int buckets = (int) Math.ceil(2 / fraction);
        if (buckets > g.atoms()) return true;
        boolean[] filled = new boolean[buckets];
        int count = 0;
        for (int i = 0; i < g.atoms() && count < buckets; i++) {
            int b = Math.min(buckets - 1, (int) (phase(g, v, i) * buckets));
            if (!filled[b]) {
                filled[b] = true;
                count++;
            }
        }
        return count < buckets;
    }

    /** The largest gap, as a fraction of the spacing, between the atoms' phases along reciprocal vector v (around the circle). */
    private static double largestGap(CrystalGraph g, int v, double[] phase) {
        int n = g.atoms();
        for (int i = 0; i < n; i++) phase[i] = phase(g, v, i);
        Arrays.sort(phase);
        double gap = 1 - phase[n - 1] + phase[0];
        for (int i = 1; i < n; i++) gap = Math.max(gap, phase[i] - phase[i - 1]);
        return gap;
    }

    /** Atom i's phase along reciprocal vector v: h·f mod 1, in [0, 1). */
    private static double phase(CrystalGraph g, int v, int i) {
        int[] m = g.miller();
        double[] f = g.fractional();
        double x = m[3 * v] * f[3 * i] + m[3 * v + 1] * f[3 * i + 1] + m[3 * v + 2] * f[3 * i + 2];
        return x - Math.floor(x);
    }

    /** Fits the domain on the training crystals and their pooled embeddings (one per graph), without label ranges. */
    static TrainingDomain fit(List<CrystalGraph> graphs, List<float[]> embeddings) {
        return fit(graphs, embeddings, java.util.Map.of());
    }

    /** As above, with each task's training-label range. */
    static TrainingDomain fit(List<CrystalGraph> graphs, List<float[]> embeddings, java.util.Map<String, Range> labels) {
        if (graphs.isEmpty() || embeddings.size() != graphs.size()) {
            throw new IllegalArgumentException("a training domain needs training crystals, an embedding each");
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
        return new TrainingDomain(null, null, 0, null, null, mean, scale, quantile(distances, EMBEDDING_QUANTILE),
                java.util.Map.copyOf(labels)).withGeometryOf(graphs);
    }

    /**
     * The same domain with its geometric descriptors (volume per atom, density, shortest distance, cell
     * size, empty slab) fitted on {@code training}; the embedding distribution and label ranges stay.
     * Fitted on the crystals a model trained on, it brings a domain recorded before a descriptor
     * existed up to date without training again ({@code regnet domain}).
     */
    public TrainingDomain withGeometryOf(List<CrystalGraph> training) {
        if (training.isEmpty()) throw new IllegalArgumentException("a training domain needs training crystals");
        double vMin = Double.POSITIVE_INFINITY, vMax = Double.NEGATIVE_INFINITY, rMin = vMin, rMax = vMax, shortest = vMin;
        int aMin = Integer.MAX_VALUE, aMax = 0;
        double[] slabs = new double[training.size()];
        for (int i = 0; i < slabs.length; i++) {
            Descriptors d = Descriptors.of(training.get(i));
            slabs[i] = d.emptySlab();
            vMin = Math.min(vMin, d.volumePerAtom());
            vMax = Math.max(vMax, d.volumePerAtom());
            rMin = Math.min(rMin, d.density());
            rMax = Math.max(rMax, d.density());
            shortest = Math.min(shortest, d.shortestDistance());
            aMin = Math.min(aMin, d.atoms());
            aMax = Math.max(aMax, d.atoms());
        }
        return new TrainingDomain(new Range(vMin, vMax), new Range(rMin, rMax), Double.isFinite(shortest) ? shortest : 0,
                new Range(aMin, aMax), quantile(slabs, EMPTY_SLAB_QUANTILE), embeddingMean, embeddingScale, embeddingThreshold, labels);
    }

    /** The q quantile of {@code values} (the smallest value with at least a share q at or below it); sorts them. */
    private static double quantile(double[] values, double q) {
        Arrays.sort(values);
        return values[(int) Math.max(0, Math.min(values.length - 1, Math.ceil(q * values.length) - 1))];
    }

    /** Equal when every descriptor is (the embedding arrays by content, as loaded from two manifests). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingDomain d && Objects.equals(volumePerAtom, d.volumePerAtom) && Objects.equals(density, d.density)
                && Double.compare(shortestDistance, d.shortestDistance) == 0 && Objects.equals(atoms, d.atoms) && Objects.equals(emptySlab, d.emptySlab)
                && Arrays.equals(embeddingMean, d.embeddingMean) && Arrays.equals(embeddingScale, d.embeddingScale)
                && Double.compare(embeddingThreshold, d.embeddingThreshold) == 0 && Objects.equals(labels, d.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(volumePerAtom, density, shortestDistance, atoms, emptySlab, Arrays.hashCode(embeddingMean),
                Arrays.hashCode(embeddingScale), embeddingThreshold, labels);
    }

    /** The geometric descriptors in one line, as {@code regnet models} and {@code regnet domain} print them. */
    public String geometrySummary() {
        return String.format(Locale.ROOT, "volume/atom %.4g–%.4g Å³; density %.4g–%.4g g/cm³; shortest distance %.4g Å; %d–%d atoms; %s",
                volumePerAtom.min(), volumePerAtom.max(), density.min(), density.max(), shortestDistance, (int) atoms.min(), (int) atoms.max(),
                emptySlab == null ? "empty slab not recorded" : String.format(Locale.ROOT, "empty slab ≤ %.3g Å (%.1f %% of training)",
                        emptySlab, 100 * EMPTY_SLAB_QUANTILE));
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
        if (emptySlab != null && d.emptySlab() > emptySlab + DISTANCE_TOLERANCE) {
            reasons.add(String.format(Locale.ROOT, "an empty slab %.3g Å wide (a surface or a molecule in vacuum?), wider than in %.1f %% of the "
                    + "training crystals (%.3g)", d.emptySlab(), 100 * EMPTY_SLAB_QUANTILE, emptySlab));
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
