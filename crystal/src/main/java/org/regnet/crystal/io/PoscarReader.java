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
 * VASP POSCAR/CONTCAR. VASP 5 names the species on line 6; VASP 4 does not, and the species
 * come from {@link ReadOptions#species()} or else from the comment line. The scale factor is
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
        List<String> symbols;
        String[] counts;
        if (!isInteger(line6[0])) {
            symbols = List.of(line6);
            counts = in.tokens("the atom counts");
            countsLine = in.line;
        } else {
            counts = line6;
            symbols = options.species().isEmpty() ? List.of(comment.strip().split("\\s+")) : options.species();
        }
        int[] n = new int[counts.length];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            n[i] = Numbers.parseCount(counts[i], "an atom count", source, countsLine);
            if (n[i] < 0) throw new StructureException(source, countsLine, "negative atom count " + n[i]);
            total += n[i];
        }
        if (total == 0) throw new StructureException(source, countsLine, "no atoms: the atom counts sum to 0");
        if (total > options.maxAtoms()) {
            throw new StructureException(source, countsLine, "structure has " + total + " atoms, more than the limit of " + options.maxAtoms() + " (max atoms)");
        }
        Elements[] elements = elements(symbols, n.length, source, countsLine, options);

        String mode = in.next("the coordinate mode (Direct or Cartesian)").strip();
        if (mode.toLowerCase(Locale.ROOT).startsWith("s")) mode = in.next("the coordinate mode (Direct or Cartesian)").strip();
        char m = mode.isEmpty() ? ' ' : Character.toLowerCase(mode.charAt(0));
        boolean cartesian = m == 'c' || m == 'k';
        if (!cartesian && m != 'd') {
            throw new StructureException(source, in.line, "expected 'Direct' or 'Cartesian', got '" + Numbers.shorten(mode) + "'");
        }

        Structure.Builder b = Structure.builder(lattice);
        for (int species = 0; species < n.length; species++) {
            for (int k = 0; k < n[species]; k++) {
                double[] p = in.numbers(3, "atom " + (b.size() + 1) + " of " + total);
                if (cartesian) {
                    // Cartesian positions are in the units of the unscaled cell: scale them as the cell was
                    b.add(elements[species], new Lattice(raw).toFractional(p));
                } else {
                    b.add(elements[species], p);
                }
            }
        }
        return List.of(b.build());
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
            String[] t = tokens(what);
            if (t.length < count) throw new StructureException(source, line, what + ": expected " + count + " numbers, got " + t.length);
            double[] v = new double[count];
            for (int i = 0; i < count; i++) v[i] = Numbers.parse(t[i], what, source, line);
            return v;
        }
    }
}
