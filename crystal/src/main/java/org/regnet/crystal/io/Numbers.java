package org.regnet.crystal.io;

import org.regnet.crystal.StructureException;

/** Number parsing with located errors; accepts CIF standard uncertainties such as 1.234(5). */
final class Numbers {
    private Numbers() {}

    static double parse(String text, String what, String source, int line) {
        String s = text.strip();
        int paren = s.indexOf('(');
        if (paren > 0 && s.endsWith(")")) s = s.substring(0, paren);
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException ignored) {
            // reported below with the location
        }
        throw new StructureException(source, line, "malformed number '" + shorten(text) + "' for " + what);
    }

    static int parseCount(String text, String what, String source, int line) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new StructureException(source, line, "expected a whole number for " + what + ", got '" + shorten(text) + "'");
        }
    }

    static String shorten(String s) { return s.length() > 40 ? s.substring(0, 40) + "..." : s; }
}
