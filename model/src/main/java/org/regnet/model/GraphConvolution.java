package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.regnet.kernels.EdgeSum;
import org.regnet.kernels.GatedConvolution;

/**
 * The short-range part (SCIENCE.md §1): a gated residual convolution over the edges, as
 * in CGCNN, z_ij = W_s x_i + W_n x_j + W_e e(d_ij), m_ij = σ(z_f) ⊙ softplus(z_c),
 * x_i ← x_i + SiLU(LayerNorm(mean_j m_ij)). The two node terms are computed per atom and then
 * moved to the edges, so per-edge work is one small product with the radial basis: the cheapest
 * gated form on a CPU. Edges are flat, with no padding; {@link DegreeGroups} moves rows between
 * atoms and edges.
 * <p>With {@link ModelConfig#angular()} the aggregate also gets three-body terms, as in ACE's
 * body-order-3 invariants: per channel, edge weights w_ij = (A x_j) ⊙ (B e(d_ij)) are summed
 * against the l = 1 and l = 2 harmonics of the bond direction ({@link BatchTensors#ANGULAR}),
 * a_i = (1/deg) Σ_j w_ij Y(r̂_ij), and the norm of each part, |a_i^{l=1}| and |a_i^{l=2}|, enters
 * through a linear map. The squared norms are sums over pairs of neighbours of w_ij w_ik P_l(cos θ_jik):
 * bond angles, at the cost of one pass over the edges, not over pairs.
 * <p>With {@link LocalAggregation#SMOOTH_SUM} (model v2, radius graphs) every message and every
 * bond-angle weight is multiplied by its edge's {@link SmoothCutoff} envelope and the sums are divided by
 * the fixed n₀ instead of the degree, so nothing jumps when a neighbour crosses the cutoff and an
 * atom with no neighbour gets a zero aggregate.
 * Inputs: x (N, H), neighbour row per edge (E) int64, radial basis (E, R), degree groups (G, 2), 1/degree or 1/n₀ (N, 1),
 * with angular terms the edges' harmonics (E, 9), and for the smooth sum the edges' envelopes (E, 1).
 * For inference a {@link FusedConvolution} forward parameter replaces the edge parts (from z to the
 * mean message, and from w to a_i) by the fused kernels, which never materialize edge tensors.
 */
final class GraphConvolution extends Layer {
    private final int hidden;
    private final int basis;
    private final Linear self;
    private final Linear neighbor;
    private final Linear edge;
    private final LayerNorm norm;
    private final Angular angular;
    private final boolean smooth;

    GraphConvolution(ModelConfig config) {
        this.hidden = config.hidden();
        this.smooth = config.aggregation() == LocalAggregation.SMOOTH_SUM;
        this.basis = config.radialBasis();
        this.self = addChildBlock("self", Linear.builder().setUnits(2L * hidden).build());
        this.neighbor = addChildBlock("neighbor", Linear.builder().setUnits(2L * hidden).optBias(false).build());
        this.edge = addChildBlock("edge", Linear.builder().setUnits(2L * hidden).optBias(false).build());
        this.norm = addChildBlock("norm", LayerNorm.builder().axis(1).build());
        this.angular = config.angular() ? new Angular() : null;
    }

    /** The linear maps of the three-body terms: neighbour and radial weights, and the invariants' map into the aggregate. */
    private final class Angular {
        static final float NORM_EPSILON = 1e-6f;

        final Linear neighborWeight = addChildBlock("angularNeighbor", Linear.builder().setUnits(hidden).optBias(false).build());
        final Linear radialWeight = addChildBlock("angularRadial", Linear.builder().setUnits(hidden).optBias(false).build());
        final Linear invariants = addChildBlock("angularOut", Linear.builder().setUnits(hidden).optBias(false).build());

        void initialize(NDManager manager, DataType type) {
            init(neighborWeight, manager, type, hidden);
            init(radialWeight, manager, type, basis);
            init(invariants, manager, type, 2L * hidden);
        }

        /** (N, H): the invariants of a_i mapped into the aggregate's space; the moments a_i by the fused kernel when given. */
        NDArray forward(ParameterStore ps, NDArray x, NDArray target, NDArray rbf, DegreeGroups groups, NDArray inverseDegree,
                        NDArray harmonics, NDArray edgeWeight, FusedConvolution fused, boolean training) {
            NDArray neighbors = apply(neighborWeight, ps, x, training);                                  // (N, H)
            NDArray a;                                                                                    // (N, 9, H)
            if (fused != null) {
                a = fused.angularMoments(neighbors, radialWeight.getParameters().get("weight").getArray(), hidden);
            } else {
                NDArray w = BatchTensors.gatherRows(neighbors, target).mul(apply(radialWeight, ps, rbf, training));  // (E, H)
                if (smooth) w = w.mul(edgeWeight);
                a = groups.contractPerAtom(harmonics, w).mul(inverseDegree.expandDims(2));
            }
            NDArray squares = a.square();
            // norms rather than squared norms: homogeneous of degree 1 in w, like the messages, so
            // the invariants stay on the messages' scale (ε keeps the gradient finite at a = 0)
            NDArray epsilon = constant(squares, NORM_EPSILON);
            NDArray l1 = squares.get(":, 0:3, :").sum(new int[] {1}).add(epsilon).sqrt();
            NDArray l2 = squares.get(":, 3:, :").sum(new int[] {1}).add(epsilon).sqrt();
            return apply(invariants, ps, l1.concat(l2, 1), training);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... shapes) {
        init(self, manager, type, hidden);
        init(neighbor, manager, type, hidden);
        init(edge, manager, type, basis);
        init(norm, manager, type, hidden);
        if (angular != null) angular.initialize(manager, type);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.get(0), target = in.get(1), rbf = in.get(2), inverseDegree = in.get(4);
        NDArray s = apply(self, ps, x, training), t = apply(neighbor, ps, x, training);
        FusedConvolution fused = training || params == null ? null : (FusedConvolution) params.get(FusedConvolution.KEY);
        NDArray aggregated;
        DegreeGroups groups = DegreeGroups.from(in.get(3));
        if (fused != null) {
            aggregated = fused.messages(s, t, edge.getParameters().get("weight").getArray(), hidden);
        } else {
            NDArray z = groups.perEdge(s).add(BatchTensors.gatherRows(t, target)).add(apply(edge, ps, rbf, training));
            NDList parts = z.split(2, 1);
            NDArray messages = Activation.sigmoid(parts.get(0)).mul(Activation.softPlus(parts.get(1)));
            if (smooth) messages = messages.mul(in.get(6));
            aggregated = groups.sumPerAtom(messages).mul(inverseDegree);
        }
        if (angular != null) {
            aggregated = aggregated.add(angular.forward(ps, x, target, rbf, groups, inverseDegree, in.get(5), in.get(6), fused, training));
        }
        return new NDList(x.add(silu(apply(norm, ps, aggregated, training))));
    }

    /**
     * Inference through {@link GatedConvolution}: the batch's edges in flat-row order, their radial
     * basis and, for a model with angular terms, their harmonics (computed once per batch, shared
     * by the layers). Passed as a forward parameter.
     */
    record FusedConvolution(GatedConvolution kernel, BatchTensors.FlatEdges edges, float[] basis, float[] harmonics, EdgeSum sum) {
        static final String KEY = "fusedConvolution";

        static FusedConvolution of(GatedConvolution kernel, BatchTensors.FlatEdges edges, ModelConfig config) {
            EdgeSum sum = config.aggregation() == LocalAggregation.SMOOTH_SUM
                    ? EdgeSum.weighted(SmoothCutoff.envelopes(edges.distance(), config.cutoff()), edges.start().length - 1,
                            (float) (1 / config.neighbourNormalization()))
                    : EdgeSum.MEAN;
            return new FusedConvolution(kernel, edges, kernel.radialBasis(edges.distance(), config.radialBasis(), config.cutoff()),
                    config.angular() ? BatchTensors.angular(edges.direction()) : null, sum);
        }

        /** (N, H): per atom, its edges' gated messages combined as the model's aggregation says. */
        NDArray messages(NDArray s, NDArray t, NDArray edgeWeight, int hidden) {
            float[] m = kernel.messages(s.toFloatArray(), t.toFloatArray(), edges.start(), edges.target(), basis,
                    edgeWeight.toFloatArray(), hidden, sum);
            return s.getManager().create(m, new Shape(s.getShape().get(0), hidden));
        }

        /** (N, 9, H): per atom, its edges' harmonics ⊗ (neighbour row ⊙ radial weights), combined as the model's aggregation says. */
        NDArray angularMoments(NDArray neighbors, NDArray radialWeight, int hidden) {
            float[] moments = kernel.angularMoments(neighbors.toFloatArray(), edges.start(), edges.target(), basis,
                    radialWeight.toFloatArray(), harmonics, hidden, sum);
            return neighbors.getManager().create(moments, new Shape(neighbors.getShape().get(0), BatchTensors.ANGULAR, hidden));
        }
    }
}
