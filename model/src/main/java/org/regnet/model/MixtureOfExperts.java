package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Multi-gate mixture of experts (SCIENCE.md §3, Ma et al. 2018): E experts shared by all
 * tasks, a softmax gate per task, and one tower per task:
 * y_t = tower_t(Σ_k g_tk(h) e_k(h)). With T = 1 it is a plain gated ensemble head.
 * The experts are one Linear of width E·H_e (the same as E separate ones, in one product),
 * the towers are batched products over tasks. Input: crystal vectors h (B, H); output (B, T), the
 * gate weights (B, T, E) and, with the {@link NonNegativeHead#HURDLE} head, each tower's second
 * output z (B, T): the logit of "the value is not zero".
 * Dropout on the expert outputs (training only) takes its mask from the forward parameter
 * {@link #DROPOUT_SEED}, so a batch's mask depends on nothing but that seed.
 */
final class MixtureOfExperts extends Layer {
    /** Forward parameter (a Long) that seeds a training batch's dropout mask. */
    static final String DROPOUT_SEED = "dropoutSeed";

    private final int hidden;
    private final int experts;
    private final int expertHidden;
    private final int towerHidden;
    private final int tasks;
    private final int outputs;  // per tower: the value, and with the hurdle head its logit
    private final Linear expertLayer;
    private final Linear gates;
    private final float dropout;
    private final Parameter towerWeight;
    private final Parameter towerBias;
    private final Parameter outputWeight;
    private final Parameter outputBias;

    MixtureOfExperts(ModelConfig config, int tasks) {
        this.hidden = config.hidden();
        this.experts = config.experts();
        this.expertHidden = config.expertHidden();
        this.towerHidden = config.towerHidden();
        this.tasks = tasks;
        this.outputs = config.nonNegativeHead() == NonNegativeHead.HURDLE ? 2 : 1;
        this.expertLayer = addChildBlock("experts", Linear.builder().setUnits((long) experts * expertHidden).build());
        this.gates = addChildBlock("gates", Linear.builder().setUnits((long) tasks * experts).build());
        this.dropout = (float) config.dropout();
        this.towerWeight = addParameter(Parameter.builder().setName("towerWeight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(tasks, expertHidden, towerHidden))
                .optInitializer(new NormalInitializer((float) Math.sqrt(2.0 / expertHidden))).build());
        this.towerBias = addParameter(Parameter.builder().setName("towerBias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(tasks, 1, towerHidden)).optInitializer(new ConstantInitializer(0f)).build());
        this.outputWeight = addParameter(Parameter.builder().setName("outputWeight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(tasks, towerHidden, outputs))
                .optInitializer(new NormalInitializer((float) Math.sqrt(1.0 / towerHidden))).build());
        this.outputBias = addParameter(Parameter.builder().setName("outputBias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(tasks, 1, outputs)).optInitializer(new ConstantInitializer(0f)).build());
    }

    /** The task-specific parameters (gates and towers): each stacks its tasks along the first axis. */
    List<Parameter> perTaskParameters() {
        return List.of(gates.getParameters().get("weight"), gates.getParameters().get("bias"), towerWeight, towerBias, outputWeight, outputBias);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... shapes) {
        init(expertLayer, manager, type, hidden);
        init(gates, manager, type, hidden);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray h = in.get(0);
        long b = h.getShape().get(0);
        NDArray e = silu(apply(expertLayer, ps, h, training)).reshape(b, experts, expertHidden);
        if (training && dropout > 0) e = dropout(e, params);
        NDArray g = apply(gates, ps, h, training).reshape(b, tasks, experts).softmax(2);
        NDArray mixed = g.matMul(e).transpose(1, 0, 2);                         // (T, B, H_e)
        var device = h.getDevice();
        NDArray t = silu(mixed.matMul(ps.getValue(towerWeight, device, training)).add(ps.getValue(towerBias, device, training)));
        NDArray y = t.matMul(ps.getValue(outputWeight, device, training)).add(ps.getValue(outputBias, device, training));  // (T, B, outputs)
        if (outputs == 1) return new NDList(y.reshape(tasks, b).transpose(), g);
        NDList parts = y.split(new long[] {1}, 2);
        return new NDList(parts.get(0).reshape(tasks, b).transpose(), g, parts.get(1).reshape(tasks, b).transpose());
    }

    /**
     * Inverted dropout with a mask drawn from a Java generator seeded by the batch. DJL's dropout
     * draws from libtorch's process-wide generator, and two runs with the same seed got different
     * masks in different JVMs.
     */
    private NDArray dropout(NDArray e, PairList<String, Object> params) {
        Object seed = params == null ? null : params.get(DROPOUT_SEED);
        if (!(seed instanceof Long s)) throw new IllegalStateException("training with dropout needs the batch's " + DROPOUT_SEED);
        SplittableRandom random = new SplittableRandom(s);
        float[] mask = new float[Math.toIntExact(e.size())];
        float kept = 1f / (1f - dropout);
        for (int i = 0; i < mask.length; i++) mask[i] = random.nextFloat() < dropout ? 0f : kept;
        return e.mul(e.getManager().create(mask, e.getShape()));
    }
}
