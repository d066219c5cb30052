package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.regnet.kernels.GatedConvolution;

/**
 * Base of the network's blocks. Inputs are ragged (atoms and reciprocal vectors per crystal
 * differ), so each block initializes its children with the widths from {@link ModelConfig}
 * rather than by inferring shapes from a sample input.
 */
abstract class Layer extends AbstractBlock {
    Layer() { super((byte) 1); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return inputShapes; }

    /** Initializes a child whose input has the given width in its last axis. */
    static void init(Block child, NDManager manager, DataType type, long width) {
        child.initialize(manager, type, new Shape(1, width));
    }

    static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** SiLU (x · sigmoid x): smooth, and trains well in ALIGNN and MACE. (Not DJL's swish, whose x · beta is the trap of {@link #constant}.) */
    static NDArray silu(NDArray x) { return x.mul(Activation.sigmoid(x)); }

    /**
     * A number as a tensor owned by {@code like}'s manager, so it lives until that manager closes.
     * Model code never does arithmetic with a Java number directly: DJL's {@code x.mul(2f)} wraps
     * the number in a tensor over a Java direct buffer and closes it as soon as the op returns,
     * while PyTorch's autograd keeps that tensor for the backward pass; a garbage collection in
     * between let the backward read freed memory (gradients that differed from run to run, now and
     * then NaN; {@code FreedMemoryTest}).
     */
    static NDArray constant(NDArray like, double value) { return like.getManager().create((float) value); }

    /**
     * Gaussians exp(-((v - μ_k)/σ)²) on a uniform grid μ_k over [0, max], σ = grid spacing. The
     * exponent stops at {@link GatedConvolution#GAUSSIAN_EXPONENT_LIMIT}, as in the fused kernel.
     */
    static NDArray gaussians(NDArray values, int count, double max) {
        NDManager m = values.getManager();
        double step = max / Math.max(1, count - 1);
        NDArray centers = m.linspace(0f, (float) max, count);
        NDArray diff = values.expandDims(-1).sub(centers).div(constant(values, step));
        return diff.square().minimum(constant(values, GatedConvolution.GAUSSIAN_EXPONENT_LIMIT)).neg().exp();
    }

    /**
     * {@link #gaussians} made even in v: b_k(v) + b_k(−v). A filter W(|G|) built on these is a smooth
     * function of the vector G, also at G = 0, where plain Gaussians of |G| leave a cone (W'(0) ≠ 0).
     * That cone is a 1/r⁴ tail of the real-space kernel, and summed over a plane of periodic images a
     * 1/d² one: a slab's prediction then drifted by 1e-3 between 25 and 40 Å of vacuum.
     */
    static NDArray evenGaussians(NDArray values, int count, double max) {
        return gaussians(values, count, max).add(gaussians(values.neg(), count, max));
    }
}
