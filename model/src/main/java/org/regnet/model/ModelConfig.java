package org.regnet.model;

/**
 * The architecture's hyperparameters, stored in every model archive. Defaults are sized to
 * train an epoch of ~29k Materials Project crystals in minutes on 2 CPU cores (see README).
 *
 * @param hidden          atom feature width H (also the reciprocal channel count C)
 * @param layers          L layers, each a local graph convolution followed by a reciprocal block
 * @param radialBasis     Gaussians expanding each edge distance over [0, cutoff]
 * @param cutoff          neighbour cutoff, Å
 * @param maxNeighbors    M nearest neighbours kept (whole shells, see GraphSettings)
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
 *                        {@link ReciprocalBlock#envelope}); on in {@link #defaults()}, and archives written before this option read as false
 */
public record ModelConfig(int hidden, int layers, int radialBasis, double cutoff, int maxNeighbors, double gmax,
                          int reciprocalBasis, boolean reciprocal, int experts, int expertHidden, int towerHidden,
                          double dropout, boolean elementFeatures, boolean angular, boolean reciprocalEnvelope) {

    public ModelConfig {
        if (hidden < 1 || layers < 0 || radialBasis < 1 || reciprocalBasis < 1 || experts < 1 || expertHidden < 1 || towerHidden < 1) {
            throw new IllegalArgumentException("model sizes must be positive");
        }
        if (!(cutoff > 0) || !(gmax > 0) || maxNeighbors < 1) throw new IllegalArgumentException("cutoff, G_max and neighbours must be positive");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1)");
    }

    public static ModelConfig defaults() {
        return new ModelConfig(64, 3, 32, 8.0, 12, 2.0, 16, true, 4, 64, 32, 0.0, true, false, true);
    }

    public ModelConfig withHidden(int h) { return new ModelConfig(h, layers, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, reciprocalEnvelope); }
    public ModelConfig withLayers(int l) { return new ModelConfig(hidden, l, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, reciprocalEnvelope); }
    public ModelConfig withDropout(double p) { return new ModelConfig(hidden, layers, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, p, elementFeatures, angular, reciprocalEnvelope); }
    public ModelConfig withAngular(boolean a) { return new ModelConfig(hidden, layers, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, a, reciprocalEnvelope); }
    public ModelConfig withReciprocalEnvelope(boolean e) { return new ModelConfig(hidden, layers, radialBasis, cutoff, maxNeighbors, gmax, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, e); }
    public ModelConfig withGmax(double g) { return new ModelConfig(hidden, layers, radialBasis, cutoff, maxNeighbors, g, reciprocalBasis, reciprocal, experts, expertHidden, towerHidden, dropout, elementFeatures, angular, reciprocalEnvelope); }
}
