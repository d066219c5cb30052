package org.regnet.crystal.symmetry;

import java.util.List;

/**
 * A space group in one setting: its number, its universal Hermann–Mauguin symbol
 * ("F d -3 m :2", "R -3 m :H"), its Hall symbol and all its operations (centring included).
 */
public record SpaceGroup(int number, String symbol, String hall, List<SymmetryOperation> operations) {
    public SpaceGroup {
        operations = List.copyOf(operations);
    }

    /** The setting part of the symbol after ':' ("1", "2", "H", "R"), or "" when there is one setting. */
    public String setting() {
        int colon = symbol.indexOf(':');
        return colon < 0 ? "" : symbol.substring(colon + 1).strip();
    }
}
