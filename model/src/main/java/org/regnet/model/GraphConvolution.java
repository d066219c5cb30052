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
import org.regnet.kernels.GatedConvolution;

/**
 * The short-range part (SCIENCE.md §1): a gated residual convolution over the edges, as
 * in CGCNN, z_ij = W_s x_i + W_n x_j + W_e e(d_ij), m_ij = σ(z_f) ⊙ softplus(z_c),
 * x_i ← x_i + SiLU(LayerNorm(mean_j m_ij)). The two node terms are computed per atom and then
 * moved to the edges, so per-edge work is one small product with the radial basis: the cheapest
 * gated form on a CPU. Edges are flat, with no padding; {@link DegreeGroups} moves rows between
 * atoms and edges.
 * Inputs: x (N, H), neighbour row per edge (E) int64, radial basis (E, R), degree groups (G, 2), 1/degree (N, 1).
 * For inference a {@link FusedConvolution} forward parameter replaces the edge part (from z to the
 * mean message) by the fused kernel, which never materializes the E × 2H tensors.
 */
final class GraphConvolution extends Layer {
    private final int hidden;
    private final int basis;
    private final Linear self;
    private final Linear neighbor;
    private final Linear edge;
    private final LayerNorm norm;

    GraphConvolution(ModelConfig config) {
        this.hidden = config.hidden();
        this.basis = config.radialBasis();
        this.self = addChildBlock("self", Linear.builder().setUnits(2L * hidden).build());
        this.neighbor = addChildBlock("neighbor", Linear.builder().setUnits(2L * hidden).optBias(false).build());
        this.edge = addChildBlock("edge", Linear.builder().setUnits(2L * hidden).optBias(false).build());
        this.norm = addChildBlock("norm", LayerNorm.builder().axis(1).build());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... shapes) {
        init(self, manager, type, hidden);
        init(neighbor, manager, type, hidden);
        init(edge, manager, type, basis);
        init(norm, manager, type, hidden);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.get(0), target = in.get(1), rbf = in.get(2), inverseDegree = in.get(4);
        NDArray s = apply(self, ps, x, training), t = apply(neighbor, ps, x, training);
        FusedConvolution fused = training || params == null ? null : (FusedConvolution) params.get(FusedConvolution.KEY);
        NDArray aggregated;
        if (fused != null) {
            aggregated = fused.meanMessages(s, t, edge.getParameters().get("weight").getArray(), hidden);
        } else {
            DegreeGroups groups = DegreeGroups.from(in.get(3));
            NDArray z = groups.perEdge(s).add(BatchTensors.gatherRows(t, target)).add(apply(edge, ps, rbf, training));
            NDList parts = z.split(2, 1);
            NDArray messages = Activation.sigmoid(parts.get(0)).mul(Activation.softPlus(parts.get(1)));
            aggregated = groups.sumPerAtom(messages).mul(inverseDegree);
        }
        return new NDList(x.add(silu(apply(norm, ps, aggregated, training))));
    }

    /**
     * Inference through {@link GatedConvolution}: the batch's edges in flat-row order and their
     * radial basis (computed once per batch, shared by the layers). Passed as a forward parameter.
     */
    record FusedConvolution(GatedConvolution kernel, BatchTensors.FlatEdges edges, float[] basis) {
        static final String KEY = "fusedConvolution";

        static FusedConvolution of(GatedConvolution kernel, BatchTensors.FlatEdges edges, ModelConfig config) {
            return new FusedConvolution(kernel, edges, kernel.radialBasis(edges.distance(), config.radialBasis(), config.cutoff()));
        }

        NDArray meanMessages(NDArray s, NDArray t, NDArray edgeWeight, int hidden) {
            float[] mean = kernel.meanMessages(s.toFloatArray(), t.toFloatArray(), edges.start(), edges.target(), basis,
                    edgeWeight.toFloatArray(), hidden);
            return s.getManager().create(mean, new Shape(s.getShape().get(0), hidden));
        }
    }
}
