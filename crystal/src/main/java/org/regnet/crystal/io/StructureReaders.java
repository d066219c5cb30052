package org.regnet.crystal.io;

import org.regnet.crystal.OccupancyPolicy;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Species;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;
import org.regnet.crystal.graph.NeighborSearch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads structures from files or bytes in any supported format, then applies what is common
 * to all formats: the occupancy policy, the closest-approach check and the ids (the file
 * name without extension; "name#k" for the k-th structure of a multi-structure file unless
 * the file names them, as matbench JSON does). Stateless and thread-safe.
 */
public final class StructureReaders {
    private StructureReaders() {}

    public static List<Structure> read(Path file) {
        return read(file, ReadOptions.defaults());
    }

    public static List<Structure> read(Path file, ReadOptions options) {
        String source = file.toString();
        try {
            long size = Files.size(file);
            if (size > options.maxFileBytes()) throw tooLarge(source, size, options);
            return read(source, Files.readAllBytes(file), options);
        } catch (IOException e) {
            throw new StructureException(source, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The one structure of a file; an error when it holds several. */
    public static Structure readOne(Path file, ReadOptions options) {
        List<Structure> all = read(file, options);
        if (all.size() != 1) throw new StructureException(file.toString(), 0, "holds " + all.size() + " structures, expected one");
        return all.get(0);
    }

    /**
     * Reads the bytes of a file named {@code source} (its name picks the format; a .gz is unpacked).
     *
     * @throws StructureException for the first structure that cannot be read (see {@link #readEach})
     */
    public static List<Structure> read(String source, byte[] bytes, ReadOptions options) {
        List<Structure> out = new ArrayList<>();
        for (ReadResult r : readEach(source, bytes, options)) {
            if (r.error() != null) throw r.error();
            out.add(r.structure());
        }
        return out;
    }

    /**
     * Each structure in the bytes of a file named {@code source}, or why it could not be read: a
     * file that cannot be read at all gives one failed result (named by the file), a file of several
     * structures one result per structure, so a bad block or frame costs only its own.
     */
    public static List<ReadResult> readEach(String source, byte[] bytes, ReadOptions options) {
        String base = idOf(source);
        List<ReadResult> raw;
        try {
            raw = parse(source, bytes, options);
        } catch (StructureException e) {
            return List.of(new ReadResult(base, null, e.in(source)));
        }
        List<ReadResult> out = new ArrayList<>(raw.size());
        for (int k = 0; k < raw.size(); k++) {
            ReadResult r = raw.get(k);
            String own = r.structure() != null ? r.structure().id() : null;
            String id = own != null ? own : raw.size() == 1 ? base : base + "#" + (k + 1);
            if (r.error() != null) {
                out.add(new ReadResult(id, null, r.error().in(source)));
                continue;
            }
            try {
                out.add(new ReadResult(id, finish(r.structure(), id, source, options), null));
            } catch (StructureException e) {
                out.add(new ReadResult(id, null, e.in(source)));
            }
        }
        return out;
    }

    private static List<ReadResult> parse(String source, byte[] bytes, ReadOptions options) {
        if (bytes.length > options.maxFileBytes()) throw tooLarge(source, bytes.length, options);
        if (source.toLowerCase(Locale.ROOT).endsWith(".gz")) bytes = gunzip(source, bytes, options);
        String text = decode(source, bytes);
        if (text.isBlank()) throw new StructureException(source, 0, "empty file");
        StructureFormat format = StructureFormat.detect(source, text);
        if (format == null) {
            throw new StructureException(source, 0, "cannot tell the format from the name or the content; supported: CIF (*.cif), "
                    + "POSCAR/CONTCAR (*.vasp), extended XYZ (*.xyz, *.extxyz), pymatgen JSON (*.json)");
        }
        try {
            return format.reader().readEach(text, source, options);
        } catch (StructureException e) {
            throw e.in(source);
        } catch (IllegalArgumentException e) {  // a value out of range (Lattice, Structure.Builder): the message says which
            throw new StructureException(source, 0, e.getMessage(), e);
        } catch (RuntimeException e) {  // a reader bug must still name the file, never escape as a bare trace
            throw new StructureException(source, 0, "could not read as " + format + ": " + e, e);
        }
    }

    /** The file name without directories and extensions (mp-149.cif → mp-149, POSCAR → POSCAR). */
    public static String idOf(String source) {
        String name = StructureFormat.baseName(source);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz")) name = name.substring(0, name.length() - 3);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static Structure finish(Structure s, String id, String source, ReadOptions options) {
        if (s.size() == 0) throw new StructureException(source, 0, "no atoms");
        if (s.size() > options.maxAtoms()) {
            throw new StructureException(source, 0, "structure has " + s.size() + " sites, more than the limit of " + options.maxAtoms() + " (max atoms)");
        }
        Structure.Builder b = Structure.builder(s.lattice()).id(id).spaceGroup(s.spaceGroup());
        s.properties().forEach(b::property);
        for (int i = 0; i < s.size(); i++) b.add(s.label(i), applyPolicy(s, i, source, options.occupancy()), s.fractional(i));
        Structure out = b.build();
        if (options.minDistance() > 0) {
            double[] pair = NeighborSearch.closestPair(out, options.minDistance());
            if (pair != null) {
                int i = (int) pair[0], j = (int) pair[1];
                throw new StructureException(source, 0, String.format("sites %s and %s are %.3f Å apart, closer than the minimum of %.3g Å (min distance)",
                        out.label(i), out.label(j), pair[2], options.minDistance()));
            }
        }
        return out;
    }

    private static List<Species> applyPolicy(Structure s, int i, String source, OccupancyPolicy policy) {
        List<Species> species = s.species(i);
        boolean ordered = species.size() == 1 && Math.abs(species.get(0).occupancy() - 1) < 1e-3;
        if (ordered) return species.get(0).occupancy() == 1 ? species : List.of(Species.of(species.get(0).element()));
        return switch (policy) {
            case ERROR -> throw new StructureException(source, 0, "site " + s.label(i) + " is partially occupied (" + describe(species)
                    + "); choose an occupancy policy: majority (dominant species) or virtual (keep the mixture)");
            case MAJORITY -> List.of(Species.of(Species.dominant(species).element()));
            case VIRTUAL -> species;
        };
    }

    private static String describe(List<Species> species) {
        StringBuilder sb = new StringBuilder();
        for (Species sp : species) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(sp.symbol()).append(' ').append(String.format(Locale.ROOT, "%.3g", sp.occupancy()));
        }
        return sb.toString();
    }

    private static StructureException tooLarge(String source, long size, ReadOptions options) {
        return new StructureException(source, 0, String.format("file is %.1f MB, over the limit of %.1f MB (max file size)",
                size / 1048576.0, options.maxFileBytes() / 1048576.0));
    }

    private static byte[] gunzip(String source, byte[] bytes, ReadOptions options) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxFileBytes() + 1));
            if (out.length > options.maxFileBytes()) throw tooLarge(source + " (unpacked)", out.length, options);
            return out;
        } catch (IOException e) {
            throw new StructureException(source, 0, "not a readable gzip file: " + e.getMessage());
        }
    }

    /** UTF-8, else Latin-1 (old CIFs); NUL bytes mean a binary file. */
    private static String decode(String source, byte[] bytes) {
        int probe = Math.min(bytes.length, 1 << 16);
        for (int i = 0; i < probe; i++) {
            if (bytes[i] == 0) throw new StructureException(source, 0, "binary content (NUL bytes): not a structure file");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** For callers that hold an open stream: reads at most the size limit. */
    static byte[] readLimited(java.io.InputStream in, String source, ReadOptions options) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxFileBytes() + 1));
            if (bytes.length > options.maxFileBytes()) throw tooLarge(source, bytes.length, options);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
