package org.regnet.model;

/** How a reciprocal block normalizes its Fourier sums (SCIENCE.md §2). */
public enum ReciprocalForm {
    /**
     * Archive format 1: S = (1/N) Σ_j, u = Σ_n over n ≠ 0, no 1/V. Supercell-invariant, but the self
     * term grows like V/N, so a molecule in a large box gets absurd predictions. Kept only to load
     * old archives with their old semantics (labelled legacy); never trained any more.
     */
    PER_ATOM_MEAN,
    /** The Ewald form: S = Σ_j, u = (v₀/V) Σ_n over n ∈ 𝒢 including n = 0, the filter always enveloped. */
    EWALD
}
