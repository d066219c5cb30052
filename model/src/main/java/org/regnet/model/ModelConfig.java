package org.regnet.model;

/**
 * The architecture's hyperparameters, stored in every model archive. Defaults are sized to
 * train an epoch of ~29k Materials Project crystals in minutes on 2 CPU cores (see README).
 *
 * @param hidden          atom feature width H (also the reciprocal channel count C)
 * @param layers          L layers, each a local graph convolution followed by a reciprocal block
 * @param radialBasis     Gaussians expanding each edge distance over [0, cutoff]
 * @param cutoff          neighbour cutoff, Å
 * @param maxNeighbors    M nearest neighbours kept (whole shells, see GraphSettings); unused by radius graphs
 * @param gmax            radius of the reciprocal set 𝒢, Å⁻¹ (with the 2π)
 * @param reciprocalBasis Gaussians expanding |G| over [0, gmax] for the learnable filter W_c(|G|)
 * @param reciprocal      false turns the reciprocal blocks off (an ablation)
 * @param experts         E experts of the mixture-of-experts head
 * @param expertHidden    width of each expert's output
 * @param towerHidden     width of each task tower's hidden layer
 * @param dropout         dropout rate on expert outputs during training
 * @param elementFeatures add CDK element properties (period, group, electronegativity, radii) to the learned embedding
 * @param angular         add three-body (bond-angle) invariants to each graph convolution (see {@link GraphConvolution});
 *                        archives written before this option read as false
 * @param reciprocalEnvelope fade the filter W_c(|G|) smoothly to zero over the outer quarter of G_max, so that a
 *                        reciprocal vector crossing G_max under strain does not make the prediction jump (see
 *                        {@link ReciprocalBlock#envelope}); always on in the Ewald form, and archives of format 1 written before
 *                        this option read as false
 * @param reciprocalForm  {@link ReciprocalForm#EWALD}, or the retired form of format-1 archives (which read as it)
 * @param referenceVolume v₀ of the Ewald form, Å³: a typical volume per atom that keeps u at the scale of x (u = (v₀/V) Σ_n ...);
 *                        also sets the fixed neighbour count n₀ of {@link LocalAggregation#SMOOTH_SUM}
 * @param aggregation     how graph convolutions sum messages: {@link LocalAggregation#SMOOTH_SUM} (with a radius graph),
 *                        or the mean of format-1 archives (which read as it)
 * @param nonNegativeHead how the head keeps a non-negative task's output at or above zero ({@link OutputRanges});
 *                        archives written before this option read as {@link NonNegativeHead#SOFTPLUS}
 */
public record ModelConfig(int hidden, int layers, int radialBasis, double cutoff, int maxNeighbors, double gmax,
                          int reciprocalBasis, boolean reciprocal, int experts, int expertHidden, int towerHidden,
                          double dropout, boolean elementFeatures, boolean angular, boolean reciprocalEnvelope,
                          ReciprocalForm reciprocalForm, double referenceVolume, LocalAggregation aggregation,
                          NonNegativeHead nonNegativeHead) {

    /** v₀ of the defaults: about the volume per atom of the training crystals (mp36k's median is 16 Å³, its lower quartile 12). */
    public static final double REFERENCE_VOLUME = 10.0;
    /**
     * Gaussians in the filter's basis over [0, G_max] in model v2. Their width σ = G_max/7 = 0.29 Å⁻¹
     * sets how far the real-space kernel w reaches (about e^{−σ²r²/4}: 3e-6 at 25 Å), and so how
     * fast a molecule's prediction settles as its box grows; with the 16 of format 1 (σ = 0.13 Å⁻¹) a
     * random model still moved by 2 % between boxes of 25 and 40 Å.
     */
    public static final int RECIPROCAL_BASIS = 8;
    /**
     * Cutoff of the default radius graph, Å: as accurate as 4.5 and 5 Å on a measured proxy and as fast
     * to predict as the nearest-neighbour graph of format 1 (benchmarks/README.md, "Graph"); M3GNet and
     * CHGNet use 5 Å, and the reciprocal blocks reach further here.
     */
    public static final double RADIUS_CUTOFF = 4.0;

    public ModelConfig {
        if (reciprocalForm == null) reciprocalForm = ReciprocalForm.PER_ATOM_MEAN;
        if (aggregation == null) aggregation = LocalAggregation.MEAN;
        if (nonNegativeHead == null) nonNegativeHead = NonNegativeHead.SOFTPLUS;
        if (hidden < 1 || layers < 0 || radialBasis < 1 || reciprocalBasis < 1 || experts < 1 || expertHidden < 1 || towerHidden < 1) {
            throw new IllegalArgumentException("model sizes must be positive");
        }
        if (!(cutoff > 0) || !(gmax > 0) || maxNeighbors < 1) throw new IllegalArgumentException("cutoff, G_max and neighbours must be positive");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1)");
        if (reciprocalForm == ReciprocalForm.EWALD && !(referenceVolume > 0)) {
            throw new IllegalArgumentException("the Ewald form needs a positive reference volume v0, got " + referenceVolume);
        }
        if (aggregation == LocalAggregation.SMOOTH_SUM && !(referenceVolume > 0)) {
            throw new IllegalArgumentException("the smooth sum needs a positive reference volume v0, got " + referenceVolume);
        }
        if (reciprocalForm == ReciprocalForm.EWALD && !reciprocalEnvelope) {
            throw new IllegalArgumentException("the Ewald form always has the reciprocal envelope");
        }
    }

    /** Model v2: hidden 64, 3 layers, a 4 Å radius graph with smooth sums, the Ewald form with v₀ = 10 Å³. */
    public static ModelConfig defaults() {
        return new ModelConfig(64, 3, 32, RADIUS_CUTOFF, 12, 2.0, RECIPROCAL_BASIS, true, 4, 64, 32, 0.0, true, false, true,
                ReciprocalForm.EWALD, REFERENCE_VOLUME, LocalAggregation.SMOOTH_SUM, NonNegativeHead.SOFTPLUS);
    }

    /** True for the retired forms of archive format 1 (loaded with their old semantics, never trained). */
    public boolean legacy() { return reciprocalForm == ReciprocalForm.PER_ATOM_MEAN || aggregation == LocalAggregation.MEAN; }

    /**
     * n₀ of {@link LocalAggregation#SMOOTH_SUM}: the envelope-weighted neighbour count of an atom in a
     * uniform crystal with v₀ per atom, (4π/v₀) ∫₀^rc e(r) r² dr (= 4.8 for 4 Å and 10 Å³), so that a
     * sum of messages is about a mean at ordinary densities.
     */
    public double neighbourNormalization() {
        return 4 * Math.PI / referenceVolume * cutoff * cutoff * cutoff * SmoothCutoff.SECOND_MOMENT;
    }

    public ModelConfig withHidden(int h) { return new ModelConfig(h, layers, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, reciprocalEnvelope, reciprocalForm, referenceVolume, aggregation, nonNegativeHead); }
    public ModelConfig withLayers(int l) { return new ModelConfig(hidden, l, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, reciprocalEnvelope, reciprocalForm, referenceVolume, aggregation, nonNegativeHead); }
    public ModelConfig withDropout(double p) { return new ModelConfig(hidden, layers, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, p, elementFeatures, angular, reciprocalEnvelope, reciprocalForm, referenceVolume, aggregation, nonNegativeHead); }
    public ModelConfig withAngular(boolean a) { return new ModelConfig(hidden, layers, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, a, reciprocalEnvelope, reciprocalForm, referenceVolume, aggregation, nonNegativeHead); }
    public ModelConfig withGmax(double g) { return new ModelConfig(hidden, layers, radialBasis, cutoff, maxNeighbors, g, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, reciprocalEnvelope, reciprocalForm, referenceVolume, aggregation, nonNegativeHead); }
    public ModelConfig withNonNegativeHead(NonNegativeHead h) { return new ModelConfig(hidden, layers, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, reciprocalEnvelope, reciprocalForm, referenceVolume, aggregation, h); }
    /** The local part for another graph: a radius graph gets smooth sums, a nearest-neighbour graph the plain mean. */
    public ModelConfig withGraph(org.regnet.crystal.graph.GraphSettings g) {
        LocalAggregation a = g.kind() == org.regnet.crystal.graph.GraphKind.RADIUS ? LocalAggregation.SMOOTH_SUM : LocalAggregation.MEAN;
        return new ModelConfig(hidden, layers, radialBasis, g.cutoff(), g.maxNeighbors(), gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, reciprocalEnvelope, reciprocalForm, referenceVolume, a, nonNegativeHead);
    }
    /** The retired format-1 forms with this config's sizes: for tests of the legacy path, and to measure what it cost. */
    public ModelConfig asLegacy(boolean envelope) { return new ModelConfig(hidden, layers, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, envelope, ReciprocalForm.PER_ATOM_MEAN, 0, LocalAggregation.MEAN, NonNegativeHead.SOFTPLUS); }
}
