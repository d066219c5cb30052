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

/**
 * The short-range part (SCIENCE.md §1): a gated residual convolution over the edges, as
 * in CGCNN, z_ij = W_s x_i + W_n x_j + W_e e(d_ij), m_ij = σ(z_f) ⊙ softplus(z_c),
 * x_i ← x_i + SiLU(LayerNorm(mean_j m_ij)). The two node terms are computed per atom and then
 * moved to the edges, so per-edge work is one small product with the radial basis: the cheapest
 * gated form on a CPU. Edges are flat, with no padding; {@link DegreeGroups} moves rows between
 * atoms and edges.
 * Inputs: x (N, H), neighbour row per edge (E) int64, radial basis (E, R), degree groups (G, 2), 1/degree (N, 1).
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
        DegreeGroups groups = DegreeGroups.from(in.get(3));
        NDArray z = groups.perEdge(apply(self, ps, x, training))
                .add(BatchTensors.gatherRows(apply(neighbor, ps, x, training), target))
                .add(apply(edge, ps, rbf, training));
        NDList parts = z.split(2, 1);
        NDArray messages = Activation.sigmoid(parts.get(0)).mul(Activation.softPlus(parts.get(1)));
        NDArray aggregated = groups.sumPerAtom(messages).mul(inverseDegree);
        return new NDList(x.add(silu(apply(norm, ps, aggregated, training))));
    }
}
