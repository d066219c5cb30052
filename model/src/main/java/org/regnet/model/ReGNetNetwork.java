package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * ReGNet: element embedding, L × (graph convolution + reciprocal block), mean pooling over the
 * crystal's atoms, the mixture-of-experts head and the tasks' {@link OutputRanges}. Input:
 * {@link BatchTensors.Inputs}; output: normalized predictions (B, T), the gate weights (B, T, E),
 * the pooled crystal vectors (B, H) that the domain of applicability measures distances in and,
 * with the {@link NonNegativeHead#HURDLE} head, the logits of "not zero" (B, T) that training scores.
 */
final class ReGNetNetwork extends Layer {
    private final ModelConfig config;
    private final ElementEmbedding embedding;
    private final List<GraphConvolution> convolutions = new ArrayList<>();
    private final List<ReciprocalBlock> reciprocals = new ArrayList<>();
    private final MixtureOfExperts head;
    private final OutputRanges ranges;

    ReGNetNetwork(ModelConfig config, OutputRanges ranges) {
        this.config = config;
        this.ranges = ranges;
        int tasks = ranges.tasks();
        this.embedding = addChildBlock("embedding", new ElementEmbedding(config));
        for (int l = 0; l < config.layers(); l++) {
            convolutions.add(addChildBlock("conv" + l, new GraphConvolution(config)));
            if (config.reciprocal()) reciprocals.add(addChildBlock("reciprocal" + l, new ReciprocalBlock(config)));
        }
        this.head = addChildBlock("head", new MixtureOfExperts(config, tasks));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... shapes) {
        embedding.initialize(manager, type);
        for (GraphConvolution c : convolutions) c.initialize(manager, type);
        for (ReciprocalBlock r : reciprocals) r.initialize(manager, type);
        head.initialize(manager, type);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        BatchTensors.Inputs t = BatchTensors.Inputs.of(in);
        NDArray x = embedding.forward(ps, new NDList(t.numbers(), t.weights()), training).singletonOrThrow();
        GraphConvolution.FusedConvolution fused = training || params == null ? null
                : (GraphConvolution.FusedConvolution) params.get(GraphConvolution.FusedConvolution.KEY);
        // the fused kernels compute their own radial basis
        NDArray rbf = fused == null ? gaussians(t.distance(), config.radialBasis(), config.cutoff()) : null;
        boolean ewald = config.reciprocalForm() == ReciprocalForm.EWALD;
        NDArray gBasis = ewald ? evenGaussians(t.gNorm(), config.reciprocalBasis(), config.gmax())
                : gaussians(t.gNorm(), config.reciprocalBasis(), config.gmax());
        NDArray gWeight = config.reciprocalEnvelope()
                ? t.gMask().mul(ReciprocalBlock.envelope(t.gNorm(), config.gmax()).expandDims(2)) : t.gMask();
        NDArray zeroBasis = evenGaussians(t.gNorm().getManager().zeros(new Shape(1)), config.reciprocalBasis(), config.gmax());
        ReciprocalBlock.ReciprocalInputs r = new ReciprocalBlock.ReciprocalInputs(t.paddedIndex(), t.flatIndex(),
                t.cos(), t.sin(), gBasis, gWeight, t.inverseCount(), zeroBasis, t.prefactor());
        for (int l = 0; l < convolutions.size(); l++) {
            x = convolutions.get(l).forward(ps, new NDList(x, t.neighborTarget(), rbf, t.degreeGroups(), t.inverseDegree(), t.angular(),
                            t.edgeWeight()), training, params).singletonOrThrow();
            if (!reciprocals.isEmpty()) {
                NDList rin = new NDList(x);
                rin.addAll(r.asList());
                x = reciprocals.get(l).forward(ps, rin, training, params).singletonOrThrow();
            }
        }
        long batch = t.cos().getShape().get(0), maxAtoms = t.cos().getShape().get(2);
        NDArray pooled = BatchTensors.toPadded(x, t.paddedIndex(), batch, maxAtoms).sum(new int[] {1})
                .mul(t.inverseCount().reshape(batch, 1));
        NDList out = head.forward(ps, new NDList(pooled), training, params);
        if (out.size() == 2) return new NDList(ranges.apply(out.get(0), null, training), out.get(1), pooled);
        NDArray notZero = out.get(2);
        return new NDList(ranges.apply(out.get(0), notZero, training), out.get(1), pooled, notZero);
    }

    MixtureOfExperts head() { return head; }

    /** The normalized predictions (B, T) among the network's outputs. */
    static NDArray predictions(NDList outputs) { return outputs.get(0); }

    /** The pooled crystal vectors (B, H) among the network's outputs. */
    static NDArray pooled(NDList outputs) { return outputs.get(2); }

    /** The hurdle head's "not zero" logits (B, T) among the network's outputs; null for a softplus head. */
    static NDArray notZeroLogits(NDList outputs) { return outputs.size() > 3 ? outputs.get(3) : null; }
}
