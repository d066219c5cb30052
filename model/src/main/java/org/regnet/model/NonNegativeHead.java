package org.regnet.model;

/**
 * How the head keeps a non-negative task (a band gap, a magnetization) at or above zero
 * (SCIENCE.md §4; {@link OutputRanges}).
 */
public enum NonNegativeHead {
    /** v = std · softplus_k(y + a): one output, near zero wherever y + a falls below about −1. */
    SOFTPLUS,
    /**
     * A soft hurdle: v = σ(z) · std · softplus_k(y + a), with a second output z trained as a
     * classifier of v > 0 (cross-entropy, beside the task's own loss). σ(z) lets the head say "zero"
     * (a metal, a non-magnet) apart from how large a non-zero value would be, and, being smooth,
     * keeps the prediction continuous in the structure, where a hard zero/non-zero switch would not.
     */
    HURDLE
}
