package org.regnet.crystal.io;

import java.util.Locale;

/** The structure file formats, told apart by file name and, where that is silent, by content (as pymatgen does). */
public enum StructureFormat {
    CIF(new CifReader()),
    POSCAR(new PoscarReader()),
    EXTXYZ(new ExtendedXyzReader()),
    JSON(new PymatgenJsonReader());

    private final StructureReader reader;

    StructureFormat(StructureReader reader) { this.reader = reader; }

    StructureReader reader() { return reader; }

    /** The names {@link #byName} knows, for messages. */
    public static final String NAMES = "*.cif, *.mcif, POSCAR*, CONTCAR*, *.vasp, *.poscar, *.xyz, *.extxyz, *.json, each also .gz";

    /** By name alone: see {@link #NAMES}; else null. */
    public static StructureFormat byName(String fileName) {
        String name = baseName(fileName).toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
        if (name.endsWith(".cif") || name.endsWith(".mcif")) return CIF;
        if (name.startsWith("poscar") || name.startsWith("contcar") || name.endsWith(".vasp") || name.endsWith(".poscar")) return POSCAR;
        if (name.endsWith(".xyz") || name.endsWith(".extxyz")) return EXTXYZ;
        if (name.endsWith(".json")) return JSON;
        return null;
    }

    /** By name, else by content; null when neither tells. */
    public static StructureFormat detect(String fileName, String text) {
        StructureFormat byName = byName(fileName);
        return byName != null ? byName : byContent(text);
    }

    static StructureFormat byContent(String text) {
        String s = text.stripLeading();
        if (s.startsWith("{") || s.startsWith("[")) return JSON;
        if (s.startsWith("data_") || text.contains("\ndata_") || text.contains("_cell_length_a")) return CIF;
        String[] lines = s.split("\r?\n", 3);
        if (lines.length >= 2 && lines[0].strip().matches("\\d+") && lines[1].toLowerCase(Locale.ROOT).contains("lattice=")) return EXTXYZ;
        if (lines.length >= 2 && lines[1].strip().matches("[-+]?[0-9.]+([eE][-+]?\\d+)?(\\s+[-+]?[0-9.]+([eE][-+]?\\d+)?){0,2}")) return POSCAR;
        return null;
    }

    static String baseName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
