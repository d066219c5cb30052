package org.regnet.model;

import ai.djl.ndarray.NDArray;

/**
 * Masked per-task losses: the loss of task t is the mean over the samples that have a label
 * for t, so a missing label contributes nothing (and no gradient). Targets are standardized.
 */
final class TaskLoss {
    private TaskLoss() {}

    /**
     * @param predicted (B, T)
     * @param target    (B, T), any finite value where the mask is 0
     * @param mask      (B, T), 1 where a label exists
     * @return per-task losses (T)
     */
    static NDArray perTask(NDArray predicted, NDArray target, NDArray mask, TrainingConfig.LossKind kind) {
        NDArray diff = predicted.sub(target).mul(mask);
        NDArray elementwise = switch (kind) {
            case L1 -> diff.abs();
            case MSE -> diff.square();
            case HUBER -> {
                NDArray a = diff.abs();
                NDArray quadratic = a.minimum(Layer.constant(a, 1));
                yield quadratic.square().mul(Layer.constant(a, 0.5)).add(a.sub(quadratic));  // 0.5 d² for |d| ≤ 1, |d| - 0.5 beyond
            }
        };
        NDArray counts = mask.sum(new int[] {0}).maximum(Layer.constant(mask, 1));
        return elementwise.sum(new int[] {0}).div(counts);
    }

    /**
     * Combines task losses. Uncertainty weighting (Kendall et al. 2018) learns s_t = log σ_t²:
     * Σ_t exp(-s_t) L_t + s_t; tasks without labels in the batch are left out.
     */
    static NDArray combine(NDArray perTask, NDArray present, NDArray logVariance) {
        long tasks = perTask.getShape().get(0);
        NDArray count = Layer.constant(perTask, tasks);
        if (logVariance == null) return perTask.mul(present).sum().div(count);
        return perTask.mul(logVariance.neg().exp()).add(logVariance).mul(present).sum().div(count);
    }
}
