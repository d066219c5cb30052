package org.regnet.crystal.io;

import org.openscience.cdk.config.Elements;
import org.regnet.crystal.ElementData;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Extended XYZ (ASE, QUIP): frames of "count, comment line of key=value pairs, atom lines".
 * {@code Lattice="..."} is required (a structure here is periodic); {@code Properties=}
 * names the columns (default species:S:1:pos:R:3; "Z:I:1" may replace species). Other
 * numeric key=value pairs become structure properties (energy, targets).
 */
final class ExtendedXyzReader implements StructureReader {

    @Override
    public List<Structure> read(String text, String source, ReadOptions options) {
        String[] lines = text.split("\r?\n", -1);
        List<Structure> frames = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            int countLine = i + 1;
            int n = Numbers.parseCount(lines[i].strip().split("\\s+")[0], "the atom count of frame " + (frames.size() + 1), source, countLine);
            if (n <= 0) throw new StructureException(source, countLine, "frame " + (frames.size() + 1) + " has no atoms");
            if (n > options.maxAtoms()) {
                throw new StructureException(source, countLine, "frame has " + n + " atoms, more than the limit of " + options.maxAtoms() + " (max atoms)");
            }
            if (i + 1 >= lines.length) throw new StructureException(source, countLine, "file ends before the comment line (truncated file?)");
            Map<String, String> info = keyValues(lines[i + 1], source, i + 2);
            frames.add(frame(lines, i + 2, n, info, source));
            i += 2 + n;
        }
        if (frames.isEmpty()) throw new StructureException(source, 0, "no frames");
        return frames;
    }

    /** {@code first}: 0-based index of the frame's first atom line. */
    private static Structure frame(String[] lines, int first, int n, Map<String, String> info, String source) {
        int commentLine = first;  // 1-based number of the line before the first atom
        String lat = info.get("lattice");
        if (lat == null) throw new StructureException(source, commentLine, "no Lattice=\"...\" on the comment line: a periodic structure needs its cell");
        String[] v = lat.strip().split("\\s+");
        if (v.length != 9) throw new StructureException(source, commentLine, "Lattice= needs 9 numbers, got " + v.length);
        double[][] rows = new double[3][3];
        for (int k = 0; k < 9; k++) rows[k / 3][k % 3] = Numbers.parse(v[k], "Lattice", source, commentLine);
        Lattice lattice;
        try {
            lattice = new Lattice(rows);
        } catch (IllegalArgumentException e) {
            throw new StructureException(source, commentLine, "invalid lattice: " + e.getMessage());
        }
        int[] columns = columns(info.getOrDefault("properties", "species:S:1:pos:R:3"), source, commentLine);
        int speciesCol = columns[0], posCol = columns[1], width = columns[2];
        boolean byNumber = columns[3] == 1;

        Structure.Builder b = Structure.builder(lattice);
        for (Map.Entry<String, String> e : info.entrySet()) {
            if (e.getKey().equals("lattice") || e.getKey().equals("properties") || e.getKey().equals("pbc")) continue;
            try {
                b.property(e.getKey(), Double.parseDouble(e.getValue()));
            } catch (NumberFormatException notNumeric) {
                // text-valued info (config_type=...) is not a property
            }
        }
        for (int a = 0; a < n; a++) {
            int lineNo = first + a + 1;
            if (first + a >= lines.length || lines[first + a].isBlank()) {
                throw new StructureException(source, lineNo, "file ends after " + a + " of " + n + " atoms (truncated file?)");
            }
            String[] t = lines[first + a].strip().split("\\s+");
            if (t.length < width) throw new StructureException(source, lineNo, "expected " + width + " columns, got " + t.length);
            Elements e = byNumber ? Elements.ofNumber(Numbers.parseCount(t[speciesCol], "Z", source, lineNo)) : ElementData.parseSymbol(t[speciesCol]);
            if (e == null || e == Elements.Unknown) throw new StructureException(source, lineNo, "unknown element '" + Numbers.shorten(t[speciesCol]) + "'");
            double[] r = new double[3];
            for (int k = 0; k < 3; k++) r[k] = Numbers.parse(t[posCol + k], "a position", source, lineNo);
            b.addCartesian(e, r);
        }
        return b.build();
    }

    /** {species column, pos column, total columns, 1 if species are atomic numbers}. */
    private static int[] columns(String properties, String source, int line) {
        String[] p = properties.split(":");
        if (p.length % 3 != 0) throw new StructureException(source, line, "Properties= must be name:type:count triples");
        int col = 0, species = -1, pos = -1, byNumber = 0;
        for (int i = 0; i < p.length; i += 3) {
            String name = p[i].toLowerCase(Locale.ROOT);
            int count = Numbers.parseCount(p[i + 2], "a Properties column count", source, line);
            if (name.equals("species") || (name.equals("z") && species < 0)) {
                species = col;
                byNumber = name.equals("z") ? 1 : 0;
            }
            if (name.equals("pos") || name.equals("positions")) pos = col;
            col += count;
        }
        if (species < 0 || pos < 0) throw new StructureException(source, line, "Properties= has no species and pos columns");
        return new int[] {species, pos, col, byNumber};
    }

    /** key=value, key="quoted value", key={braced value}; bare keys are flags. Keys lower-cased. */
    static Map<String, String> keyValues(String line, String source, int lineNo) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            if (i >= n) break;
            int ks = i;
            while (i < n && line.charAt(i) != '=' && !Character.isWhitespace(line.charAt(i))) i++;
            String key = line.substring(ks, i).toLowerCase(Locale.ROOT);
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            if (i >= n || line.charAt(i) != '=') {
                out.put(key, "T");
                continue;
            }
            i++;
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            String value;
            if (i < n && (line.charAt(i) == '"' || line.charAt(i) == '{')) {
                char close = line.charAt(i) == '"' ? '"' : '}';
                int end = line.indexOf(close, i + 1);
                if (end < 0) throw new StructureException(source, lineNo, "value of " + key + " is not closed with " + close);
                value = line.substring(i + 1, end);
                i = end + 1;
            } else {
                int vs = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
                value = line.substring(vs, i);
            }
            out.put(key, value);
        }
        return out;
    }
}
