package org.regnet.crystal;

import org.openscience.cdk.config.Elements;
import org.openscience.cdk.config.Isotopes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Element lookups on top of CDK's element table: symbols as written in files, and masses. */
public final class ElementData {
    /** Elements without a natural abundance in CDK's table: mass number of the longest-lived isotope (IUPAC). */
    private static final int[][] LONGEST_LIVED = {
        {43, 98}, {61, 145}, {84, 209}, {85, 210}, {86, 222}, {87, 223}, {88, 226}, {89, 227}, {93, 237}, {94, 244},
        {95, 243}, {96, 247}, {97, 247}, {98, 251}, {99, 252}, {100, 257}, {101, 258}, {102, 259}, {103, 262}};

    private static final double[] MASS = loadMasses();

    private ElementData() {}

    /**
     * The element named by a symbol as files write it, or null when there is none: "Fe",
     * "FE", "fe", "Fe3+", "O2-", "Ca1" (a CIF label), "D"/"T" (hydrogen isotopes).
     */
    public static Elements parseSymbol(String text) {
        if (text == null) return null;
        String s = text.strip();
        int letters = 0;
        while (letters < s.length() && Character.isLetter(s.charAt(letters))) letters++;
        // Two letters first ("Ca1" is calcium), then one ("C1" is carbon, "OW1" is oxygen).
        for (int len = Math.min(2, letters); len >= 1; len--) {
            String sym = s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1, len).toLowerCase(Locale.ROOT);
            if (sym.equals("D") || sym.equals("T")) return Elements.Hydrogen;
            Elements e = Elements.ofString(sym);
            if (e != Elements.Unknown && e.number() > 0) return e;
        }
        return null;
    }

    /** Standard atomic weight (amu); for elements with no stable isotope, the mass number of the longest-lived one. */
    public static double mass(Elements e) {
        return MASS[e.number()];
    }

    /** {@link #mass(Elements)} by atomic number. */
    public static double mass(int atomicNumber) {
        return MASS[atomicNumber];
    }

    private static double[] loadMasses() {
        try {
            Isotopes iso = Isotopes.getInstance();
            double[] m = new double[Elements.values().length + 1];
            for (Elements e : Elements.values()) {
                if (e.number() > 0) m[e.number()] = iso.getNaturalMass(e.number());
            }
            for (int[] z : LONGEST_LIVED) m[z[0]] = z[1];
            for (int z = 1; z < m.length; z++) if (!(m[z] > 0)) m[z] = 2.5 * z;  // superheavy: rough, never used by real data
            return m;
        } catch (IOException ex) {
            throw new UncheckedIOException("CDK isotope table could not be loaded", ex);
        }
    }
}
