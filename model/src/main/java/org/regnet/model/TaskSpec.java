package org.regnet.model;

import java.util.Map;

/**
 * A predicted property: its name (the labels column), unit, whether it is extensive (per
 * cell, so it scales with the number of atoms) rather than intensive, and whether it is
 * non-negative (the model's head then guarantees it, SCIENCE.md §4).
 */
public record TaskSpec(String name, String unit, boolean extensive, boolean nonNegative) {
    private static final Map<String, TaskSpec> KNOWN = Map.of(
            "formation_energy_per_atom", new TaskSpec("formation_energy_per_atom", "eV/atom", false, false),
            "band_gap", new TaskSpec("band_gap", "eV", false, true),
            "efermi", new TaskSpec("efermi", "eV", false, false),
            // MP's total magnetization is the magnitude |Σ m| (every mp36k label is ≥ 0)
            "total_magnetization", new TaskSpec("total_magnetization", "μB/cell", true, true),
            "volume", new TaskSpec("volume", "Å³", true, true),
            "e_form", new TaskSpec("e_form", "eV/cell", false, false),
            "gap pbe", new TaskSpec("gap pbe", "eV", false, true),
            "n", new TaskSpec("n", "", false, true),
            "last phdos peak", new TaskSpec("last phdos peak", "cm⁻¹", false, false));

    /** An unconstrained task. */
    public TaskSpec(String name, String unit, boolean extensive) { this(name, unit, extensive, false); }

    /** Units, extensivity and sign of the datasets' known targets; unknown names get no unit, intensive, any sign. */
    public static TaskSpec guess(String name) {
        return KNOWN.getOrDefault(name, new TaskSpec(name, "", false, false));
    }
}
