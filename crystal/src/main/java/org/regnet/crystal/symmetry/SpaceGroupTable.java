package org.regnet.crystal.symmetry;

import org.regnet.crystal.Lattice;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The 230 space groups in the settings of Hall's table (International Tables vol. A), looked up
 * by Hermann–Mauguin symbol (full, short or old: "P 1 21/c 1", "P21/c", "P2_1/c", "Cmca",
 * "Fm3m"), Hall symbol ("-P 2ybc") or number. Where a symbol has several settings the choice is
 * written down here: origin choice 2 (origin at the inversion centre, as the Materials Project,
 * ICSD and most refinements write it); hexagonal axes for R groups unless the cell itself is
 * rhombohedral (a = b = c, α = β = γ ≠ 90°); unique axis b, cell choice 1 for monoclinic groups.
 * An explicit suffix (":1", ":2", ":H", ":R", or ICSD's trailing "S"/"Z"/"H"/"R") overrides it.
 */
public final class SpaceGroupTable {
    private static final String RESOURCE = "spacegroups.tsv.gz";
    private static final SpaceGroupTable INSTANCE = load();

    private final List<SpaceGroup> groups;
    private final Map<String, List<SpaceGroup>> bySymbol = new HashMap<>();
    private final Map<String, List<SpaceGroup>> bySymbolIgnoringCase = new HashMap<>();
    private final Map<String, List<SpaceGroup>> bySymbolWithoutBars = new HashMap<>();
    private final Map<String, SpaceGroup> byHall = new HashMap<>();
    private final Map<Integer, List<SpaceGroup>> byNumber = new LinkedHashMap<>();

    private SpaceGroupTable(List<SpaceGroup> groups, Map<String, Integer> aliases) {
        this.groups = List.copyOf(groups);
        for (SpaceGroup g : groups) {
            byNumber.computeIfAbsent(g.number(), k -> new ArrayList<>()).add(g);
            byHall.putIfAbsent(normalizeHall(g.hall()), g);
            String base = g.symbol().split(":")[0].strip();
            index(normalize(base), g);
            String shortSymbol = shortMonoclinic(base);
            if (shortSymbol != null) index(normalize(shortSymbol), g);
        }
        for (Map.Entry<String, Integer> a : aliases.entrySet()) {
            if (!bySymbol.containsKey(normalize(a.getKey()))) {
                for (SpaceGroup g : byNumber.get(a.getValue())) index(normalize(a.getKey()), g);
            }
        }
    }

    public static SpaceGroupTable standard() { return INSTANCE; }

    public List<SpaceGroup> all() { return groups; }

    /** The default setting of space group {@code number} (1–230). */
    public Optional<SpaceGroup> byNumber(int number, Lattice cell) {
        List<SpaceGroup> settings = byNumber.get(number);
        return settings == null ? Optional.empty() : Optional.of(pick(settings, "", cell));
    }

    public Optional<SpaceGroup> byHall(String hall) {
        return Optional.ofNullable(byHall.get(normalizeHall(hall)));
    }

    /** By Hermann–Mauguin symbol, with an optional setting suffix; the cell picks R-group axes. */
    public Optional<SpaceGroup> bySymbol(String symbol, Lattice cell) {
        String s = symbol.strip();
        String setting = "";
        int colon = s.indexOf(':');
        if (colon >= 0) {
            setting = s.substring(colon + 1).strip().toUpperCase(Locale.ROOT);
            s = s.substring(0, colon);
        } else {
            String[] tokens = s.split("\\s+");
            String last = tokens[tokens.length - 1];
            if (tokens.length > 1 && last.length() == 1 && "SZHR".contains(last.toUpperCase(Locale.ROOT))) {
                setting = switch (last.toUpperCase(Locale.ROOT)) { case "S" -> "1"; case "Z" -> "2"; default -> last.toUpperCase(Locale.ROOT); };
                s = s.substring(0, s.length() - 1);
            }
        }
        String key = normalize(s);
        List<SpaceGroup> found = bySymbol.get(key);
        if (found == null) found = unique(bySymbolIgnoringCase.get(key.toLowerCase(Locale.ROOT)));
        if (found == null) found = unique(bySymbolWithoutBars.get(key.replace("-", "")));
        return found == null ? Optional.empty() : Optional.of(pick(found, setting, cell));
    }

    private void index(String key, SpaceGroup g) {
        add(bySymbol, key, g);
        add(bySymbolIgnoringCase, key.toLowerCase(Locale.ROOT), g);
        add(bySymbolWithoutBars, key.replace("-", ""), g);
    }

    private static void add(Map<String, List<SpaceGroup>> map, String key, SpaceGroup g) {
        List<SpaceGroup> list = map.computeIfAbsent(key, k -> new ArrayList<>());
        if (!list.contains(g)) list.add(g);
    }

    /** A loose match is used only when every candidate is the same space group. */
    private static List<SpaceGroup> unique(List<SpaceGroup> candidates) {
        if (candidates == null) return null;
        int n = candidates.get(0).number();
        return candidates.stream().allMatch(g -> g.number() == n) ? candidates : null;
    }

    private static SpaceGroup pick(List<SpaceGroup> settings, String requested, Lattice cell) {
        if (settings.size() == 1) return settings.get(0);
        String want = requested;
        if (want.isEmpty()) {
            boolean hasOrigin2 = settings.stream().anyMatch(g -> g.setting().equals("2"));
            boolean isR = settings.stream().anyMatch(g -> g.setting().equals("H"));
            if (hasOrigin2) want = "2";
            else if (isR) want = cell != null && isRhombohedral(cell) ? "R" : "H";
        }
        for (SpaceGroup g : settings) if (g.setting().equalsIgnoreCase(want)) return g;
        return settings.get(0);
    }

    private static boolean isRhombohedral(Lattice c) {
        double tol = 1e-3;
        return Math.abs(c.a() - c.b()) < tol * c.a() && Math.abs(c.a() - c.c()) < tol * c.a()
                && Math.abs(c.alpha() - c.beta()) < 0.01 && Math.abs(c.alpha() - c.gamma()) < 0.01 && Math.abs(c.alpha() - 90) > 0.01;
    }

    /** "P 1 21/c 1" → "P 21/c": monoclinic full symbols written short. */
    private static String shortMonoclinic(String full) {
        String[] t = full.split("\\s+");
        if (t.length != 4) return null;
        List<String> kept = new ArrayList<>();
        for (int i = 1; i < 4; i++) if (!t[i].equals("1")) kept.add(t[i]);
        return kept.size() == 1 ? t[0] + " " + kept.get(0) : null;
    }

    static String normalize(String symbol) {
        return symbol.replaceAll("[\\s_'\"]", "");
    }

    private static String normalizeHall(String hall) {
        return hall.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static SpaceGroupTable load() {
        List<SpaceGroup> groups = new ArrayList<>();
        Map<String, Integer> aliases = new LinkedHashMap<>();
        try (InputStream in = SpaceGroupTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the crystal jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t");
                if (f[0].equals("S")) {
                    List<SymmetryOperation> ops = Arrays.stream(f[4].split(";")).map(SymmetryOperation::parse).toList();
                    groups.add(new SpaceGroup(Integer.parseInt(f[1]), f[2], f[3], ops));
                } else if (f[0].equals("A")) {
                    aliases.put(f[1], Integer.parseInt(f[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SpaceGroupTable(groups, aliases);
    }
}
