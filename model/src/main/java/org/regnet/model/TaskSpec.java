package org.regnet.model;

import java.util.Map;

/**
 * A predicted property: its name (the labels column), unit, and whether it is extensive (per
 * cell, so it scales with the number of atoms) rather than intensive.
 */
public record TaskSpec(String name, String unit, boolean extensive) {
    private static final Map<String, TaskSpec> KNOWN = Map.of(
            "formation_energy_per_atom", new TaskSpec("formation_energy_per_atom", "eV/atom", false),
            "band_gap", new TaskSpec("band_gap", "eV", false),
            "efermi", new TaskSpec("efermi", "eV", false),
            "total_magnetization", new TaskSpec("total_magnetization", "μB/cell", true),
            "volume", new TaskSpec("volume", "Å³", true),
            "e_form", new TaskSpec("e_form", "eV/cell", false),
            "gap pbe", new TaskSpec("gap pbe", "eV", false),
            "n", new TaskSpec("n", "", false),
            "last phdos peak", new TaskSpec("last phdos peak", "cm⁻¹", false));

    /** Units and extensivity of the datasets' known targets; unknown names get no unit, intensive. */
    public static TaskSpec guess(String name) {
        return KNOWN.getOrDefault(name, new TaskSpec(name, "", false));
    }
}
