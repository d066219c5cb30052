package org.regnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

import java.util.List;

/**
 * The physical range of each task's output (SCIENCE.md §4): a task declared non-negative (band
 * gaps, magnetizations) gets a softplus head, so no weights can make it negative. The network works
 * on standardized values y = (v − mean)/std, where v = 0 sits at −a with a = mean/std; the head maps
 * y to softplus_k(y + a) − a with softplus_k(z) = ln(1 + e^{kz})/k, i.e. v = std · softplus_k(y + a) ≥ 0.
 * k = {@value #SHARPNESS} (in units of the task's std) keeps the knee narrow: a zero label is reached to
 * within 1e-4 std at y + a = −1. Extensive tasks are per atom here, so their totals are non-negative too.
 * Unconstrained tasks pass through unchanged.
 * <p>In training the gradient passes straight through the softplus (y' = y + stop(softplus_k(y + a) − a − y)):
 * the forward value, and so the loss, is the constrained one, but a sample predicted in the flat part
 * still pulls its output. With the softplus' own gradient, e^{k(y+a)}, the magnetization head died:
 * 70 % of its labels are 0, the L1 loss pushed every output into the flat part, and its training MAE
 * stayed at 0.571 μB for five epochs (a graph-comparison proxy on 6,400 mp36k crystals).
 * <p>With the {@link NonNegativeHead#HURDLE} head the softplus is scaled by σ(z), z the tower's second
 * output: v = std · σ(z) · softplus_k(y + a). The factor keeps its own gradient; {@link #notZeroLoss}
 * trains z to tell a zero label from a positive one.
 */
final class OutputRanges {
    static final float SHARPNESS = 8f;
    /** A standardized label within this of zero (v ≤ 1e-4 std) is "zero" to the hurdle head's classifier. */
    static final float ZERO_LABEL = 1e-4f;

    private final float[] offset;      // a per task; 0 where unconstrained
    private final float[] mask;        // 1 where constrained
    private final boolean any;

    /** @param offsets a per task; NaN where unconstrained */
    private OutputRanges(float[] offsets) {
        this.offset = new float[offsets.length];
        this.mask = new float[offsets.length];
        boolean a = false;
        for (int t = 0; t < offsets.length; t++) {
            boolean constrained = !Float.isNaN(offsets[t]);
            offset[t] = constrained ? offsets[t] : 0f;
            mask[t] = constrained ? 1f : 0f;
            a |= constrained;
        }
        this.any = a;
    }

    /** From the tasks' normalization and declarations. */
    static OutputRanges of(List<Manifest.Task> tasks) {
        float[] offset = new float[tasks.size()];
        for (int t = 0; t < offset.length; t++) {
            Manifest.Task task = tasks.get(t);
            offset[t] = task.nonNegative() ? (float) (task.mean() / task.std()) : Float.NaN;
        }
        return new OutputRanges(offset);
    }

    /** No constraint on any of {@code tasks} tasks. */
    static OutputRanges none(int tasks) {
        float[] offset = new float[tasks];
        java.util.Arrays.fill(offset, Float.NaN);
        return new OutputRanges(offset);
    }

    int tasks() { return offset.length; }

    /**
     * y (B, T) → the constrained y, same shape; in training with the straight-through gradient
     * through the softplus.
     *
     * @param notZero the hurdle head's logits z (B, T), or null for the softplus head
     */
    NDArray apply(NDArray y, NDArray notZero, boolean training) {
        if (!any) return y;
        NDManager m = y.getManager();
        NDArray aArray = m.create(offset), maskArray = m.create(mask);
        NDArray sharpness = Layer.constant(y, SHARPNESS);
        NDArray constrained = Activation.softPlus(y.add(aArray).mul(sharpness)).div(sharpness).sub(aArray);
        NDArray shift = constrained.sub(y).mul(maskArray);
        NDArray softplus = y.add(training ? shift.stopGradient() : shift);
        if (notZero == null) return softplus;
        // v / std = σ(z) · (softplus + a) on constrained tasks; unconstrained ones pass through
        NDArray scaled = softplus.add(aArray).mul(Activation.sigmoid(notZero)).sub(aArray);
        return scaled.sub(softplus).mul(maskArray).add(softplus);
    }

    /**
     * The hurdle head's classification loss per task (T): the cross-entropy of σ(z) against
     * "the label is above zero", averaged over the labelled samples of each constrained task (0 for
     * the others). A label counts as zero within {@value #ZERO_LABEL} of the task's std.
     *
     * @param target the standardized labels (B, T); {@code mask} is 1 where a label exists
     */
    NDArray notZeroLoss(NDArray notZero, NDArray target, NDArray mask) {
        NDManager m = notZero.getManager();
        NDArray positive = target.add(m.create(offset)).gt(ZERO_LABEL).toType(DataType.FLOAT32, false);
        NDArray crossEntropy = Activation.softPlus(notZero).sub(notZero.mul(positive));  // −log σ(z) or −log(1 − σ(z))
        NDArray weight = mask.mul(m.create(this.mask));
        NDArray counts = weight.sum(new int[] {0}).maximum(Layer.constant(weight, 1));
        return crossEntropy.mul(weight).sum(new int[] {0}).div(counts);
    }

    /**
     * The prediction in the task's units: for a non-negative task, max(0, v). The softplus keeps v
     * above zero; float rounding in v = std·(y' − (−a)) can leave a residue of order 1e-7 below it.
     */
    static double clampRounding(double value, boolean nonNegative) {
        return nonNegative ? Math.max(0, value) : value;
    }
}
