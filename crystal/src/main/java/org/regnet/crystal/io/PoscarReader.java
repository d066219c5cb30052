package org.regnet.crystal.io;

import org.openscience.cdk.config.Elements;
import org.regnet.crystal.ElementData;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * VASP POSCAR/CONTCAR. VASP 5 names the species on line 6 (species and count lines may wrap); VASP 4
 * does not, and the species come from {@link ReadOptions#species()}, the comment line (symbols or a
 * compact formula) or a symbol after each species' first coordinates. The scale factor is
 * one number (negative: the target cell volume) or three per-axis factors. Selective dynamics
 * flags and any velocity or predictor-corrector blocks after the coordinates are ignored. A
 * POSCAR stored as one line with escaped newlines ("System\\n1.0\\n...", as the JARVIS
 * leaderboard stores them) is unescaped first.
 */
final class PoscarReader implements StructureReader {

    @Override
    public List<Structure> read(String text, String source, ReadOptions options) {
        String body = text.strip();
        if (body.indexOf('\n') < 0 && body.contains("\\n")) text = body.replace("\\n", "\n");
        Lines in = new Lines(text, source);
        String comment = in.next("the comment line");
        String[] scaleTokens = in.tokens("the scale factor");
        double[][] rows = new double[3][];
        for (int i = 0; i < 3; i++) rows[i] = in.numbers(3, "lattice vector " + (i + 1));
        double[][] raw = {rows[0].clone(), rows[1].clone(), rows[2].clone()};
        Lattice lattice = lattice(rows, scaleTokens, source);

        String[] line6 = in.tokens("the species or the atom counts");
        int countsLine = in.line;
        List<String> symbols = null;
        List<String> counts = new ArrayList<>();
        if (!isInteger(line6[0])) {
            // VASP 5: the species, then their counts; either may be wrapped over several lines
            symbols = new ArrayList<>(List.of(line6));
            String[] t;
            while (!isInteger((t = in.tokens("the atom counts"))[0])) symbols.addAll(List.of(t));
            counts.addAll(List.of(t));
            while (counts.size() < symbols.size()) counts.addAll(List.of(in.tokens("the rest of the atom counts")));
            countsLine = in.line;
        } else {
            counts.addAll(List.of(line6));
        }
        int[] n = new int[counts.size()];
        long total = 0;
        for (int i = 0; i < n.length; i++) {
            n[i] = Numbers.parseCount(counts.get(i), "an atom count", source, countsLine);
            if (n[i] < 0) throw new StructureException(source, countsLine, "negative atom count " + n[i]);
            total += n[i];
        }
        if (total == 0) throw new StructureException(source, countsLine, "no atoms: the atom counts sum to 0");
        if (total > options.maxAtoms()) {
            throw new StructureException(source, countsLine, "structure has " + total + " atoms, more than the limit of " + options.maxAtoms() + " (max atoms)");
        }

        String mode = in.next("the coordinate mode (Direct or Cartesian)").strip();
        boolean selective = mode.toLowerCase(Locale.ROOT).startsWith("s");
        if (selective) mode = in.next("the coordinate mode (Direct or Cartesian)").strip();
        char m = mode.isEmpty() ? ' ' : Character.toLowerCase(mode.charAt(0));
        boolean cartesian = m == 'c' || m == 'k';
        if (!cartesian && m != 'd') {
            throw new StructureException(source, in.line, "expected 'Direct' or 'Cartesian', got '" + Numbers.shorten(mode) + "'");
        }
        double[][] positions = new double[(int) total][];
        String[] trailing = new String[(int) total];  // a word after the numbers (and flags): a VASP 4 species name
        for (int a = 0; a < total; a++) {
            String[] t = in.tokens("atom " + (a + 1) + " of " + total);
            positions[a] = in.numbers(t, 3, "atom " + (a + 1) + " of " + total);
            int after = selective ? 6 : 3;  // selective dynamics puts three T/F flags first (and F is fluorine)
            trailing[a] = t.length > after ? t[after] : null;
        }
        Elements[] elements = symbols != null ? elements(symbols, n.length, source, countsLine, options)
                : vasp4Elements(comment, n, trailing, source, countsLine, options);

        Structure.Builder b = Structure.builder(lattice);
        int a = 0;
        for (int species = 0; species < n.length; species++) {
            for (int k = 0; k < n[species]; k++, a++) {
                // Cartesian positions are in the units of the unscaled cell: scale them as the cell was
                b.add(elements[species], cartesian ? new Lattice(raw).toFractional(positions[a]) : positions[a]);
            }
        }
        return List.of(b.build());
    }

    /**
     * The species of a VASP 4 file, which does not name them where VASP 5 does: from --species; else
     * the comment line's words if they are element symbols ("Na Cl"); else a compact formula as the
     * comment's first word ("Fe4P4O16", one element per count); else a symbol after the coordinates
     * of each species' first atom ("0.0 0.0 0.0 Fe"), as pymatgen reads them.
     */
    private static Elements[] vasp4Elements(String comment, int[] n, String[] trailing, String source, int line, ReadOptions options) {
        if (!options.species().isEmpty()) return elements(options.species(), n.length, source, line, options);
        List<String> words = List.of(comment.strip().split("\\s+"));
        if (words.size() >= n.length && allElements(words.subList(0, n.length))) return elements(words, n.length, source, line, options);
        List<String> formula = formulaElements(words.get(0));
        if (formula != null && formula.size() == n.length) return elements(formula, n.length, source, line, options);
        List<String> after = new ArrayList<>();
        int a = 0;
        for (int count : n) {
            if (count > 0 && trailing[a] != null) after.add(trailing[a]);
            a += count;
        }
        if (after.size() == n.length && allElements(after)) return elements(after, n.length, source, line, options);
        return elements(words, n.length, source, line, options);  // fails, naming the problem and --species
    }

    private static boolean allElements(List<String> symbols) {
        for (String s : symbols) {
            Elements e = ElementData.parseSymbol(s.split("[_/]")[0]);
            if (e == null || !e.symbol().equals(s.split("[_/]")[0])) return false;
        }
        return true;
    }

    /** The elements of a compact formula such as "Fe4P4O16" in order, or null if the word is not one. */
    static List<String> formulaElements(String word) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Z][a-z]?)(\\d*)").matcher(word);
        List<String> out = new ArrayList<>();
        int end = 0;
        while (m.find()) {
            if (m.start() != end) return null;
            if (ElementData.parseSymbol(m.group(1)) == null) return null;
            out.add(m.group(1));
            end = m.end();
        }
        return end == word.length() && !out.isEmpty() ? out : null;
    }

    private static Lattice lattice(double[][] rows, String[] scaleTokens, String source) {
        try {
            if (scaleTokens.length == 3) {
                for (int k = 0; k < 3; k++) {
                    double f = Numbers.parse(scaleTokens[k], "the scale factor", source, 2);
                    if (!(f > 0)) throw new StructureException(source, 2, "per-axis scale factors must be positive");
                    for (double[] r : rows) r[k] *= f;
                }
                return new Lattice(rows);
            }
            if (scaleTokens.length != 1) throw new StructureException(source, 2, "the scale factor line must hold 1 or 3 numbers");
            double s = Numbers.parse(scaleTokens[0], "the scale factor", source, 2);
            if (s == 0) throw new StructureException(source, 2, "scale factor is 0");
            Lattice raw = new Lattice(rows);
            double f = s > 0 ? s : Math.cbrt(-s / raw.volume());  // negative: the target volume
            for (double[] r : rows) for (int k = 0; k < 3; k++) r[k] *= f;
            return new Lattice(rows);
        } catch (IllegalArgumentException e) {
            throw new StructureException(source, 3, "invalid lattice: " + e.getMessage());
        }
    }

    private static Elements[] elements(List<String> symbols, int count, String source, int line, ReadOptions options) {
        if (symbols.size() < count) {
            throw new StructureException(source, line, "VASP 4 file without species names: " + count
                    + " species counted but the comment line does not name them; pass them with --species (e.g. --species Na,Cl)");
        }
        Elements[] out = new Elements[count];
        for (int i = 0; i < count; i++) {
            // VASP 5.4 may write "Fe_pv" or "Fe/hash": the element is the leading symbol
            String sym = symbols.get(i).split("[_/]")[0];
            out[i] = ElementData.parseSymbol(sym);
            boolean exact = out[i] != null && out[i].symbol().equalsIgnoreCase(sym.replaceAll("[^A-Za-z]", ""));
            if (out[i] == null || !exact) {
                String where = options.species().isEmpty() ? "" : " (from --species)";
                throw new StructureException(source, line, "unknown element '" + Numbers.shorten(symbols.get(i)) + "'" + where
                        + (options.species().isEmpty() && symbols.size() >= count ? "; if this is a VASP 4 file, name the species with --species" : ""));
            }
        }
        return out;
    }

    private static boolean isInteger(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i)) && !(i == 0 && s.charAt(i) == '-')) return false;
        return !s.isEmpty();
    }

    /** Line cursor with located errors. */
    private static final class Lines {
        private final String[] lines;
        private final String source;
        int line;

        Lines(String text, String source) {
            this.lines = text.split("\r?\n", -1);
            this.source = source;
        }

        String next(String what) {
            if (line >= lines.length || (line == lines.length - 1 && lines[line].isBlank())) {
                throw new StructureException(source, line, "file ends before " + what + " (truncated file?)");
            }
            return lines[line++];
        }

        String[] tokens(String what) {
            String s = next(what).strip();
            if (s.isEmpty()) throw new StructureException(source, line, "blank line where " + what + " should be");
            return s.split("\\s+");
        }

        double[] numbers(int count, String what) {
            return numbers(tokens(what), count, what);
        }

        /** The first {@code count} of tokens already read from the current line, as numbers. */
        double[] numbers(String[] t, int count, String what) {
            if (t.length < count) throw new StructureException(source, line, what + ": expected " + count + " numbers, got " + t.length);
            double[] v = new double[count];
            for (int i = 0; i < count; i++) v[i] = Numbers.parse(t[i], what, source, line);
            return v;
        }
    }
}
