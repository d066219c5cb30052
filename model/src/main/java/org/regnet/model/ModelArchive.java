package org.regnet.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.regnet.data.Split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A model on disk: a directory (or a zip of one) holding {@code manifest.json}, the DJL
 * parameters {@code parameters.bin} and the split {@code split.json}. No Java serialization and
 * no pickles: the manifest is plain JSON, the parameters DJL's own tensor format.
 * Every file is written to a temporary name and renamed, the manifest last.
 */
final class ModelArchive {
    static final String MANIFEST = "manifest.json", PARAMETERS = "parameters.bin", SPLIT = "split.json";
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The raw files of an archive. */
    record Contents(Manifest manifest, byte[] parameters, Split split) {}

    private ModelArchive() {}

    static void save(Path dir, Manifest manifest, Network network, Split split) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(params)) {
            network.save(out);
        }
        writeAtomically(dir.resolve(PARAMETERS), params.toByteArray());
        if (split != null) writeAtomically(dir.resolve(SPLIT), JSON.writeValueAsBytes(split));
        writeAtomically(dir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
    }

    static Contents read(Path path) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        if (Files.isDirectory(path)) {
            for (String name : new String[] {MANIFEST, PARAMETERS, SPLIT}) {
                Path f = path.resolve(name);
                if (Files.isRegularFile(f)) files.put(name, Files.readAllBytes(f));
            }
        } else if (Files.isRegularFile(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                readZip(in, files);
            }
        } else {
            throw new IOException(path + ": no such model (a directory or zip with " + MANIFEST + " is expected)");
        }
        return parse(path.toString(), files);
    }

    static Contents readResource(String name, String base) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        for (String file : new String[] {MANIFEST, PARAMETERS, SPLIT}) {
            try (InputStream in = ModelArchive.class.getResourceAsStream(base + file)) {
                if (in != null) files.put(file, in.readAllBytes());
            }
        }
        return parse("bundled model '" + name + "'", files);
    }

    private static Contents parse(String where, Map<String, byte[]> files) throws IOException {
        if (!files.containsKey(MANIFEST)) throw new IOException(where + ": no " + MANIFEST + " (not a regnet model)");
        if (!files.containsKey(PARAMETERS)) throw new IOException(where + ": no " + PARAMETERS);
        Map<?, ?> raw = JSON.readValue(files.get(MANIFEST), Map.class);
        Object version = raw.get("formatVersion");
        if (!(version instanceof Integer v) || (v != Manifest.FORMAT_VERSION && v != Manifest.LEGACY_FORMAT_VERSION)) {
            throw new IOException(String.format("%s: model format version %s, but this regnet (%s) reads versions %d and %d (legacy); "
                    + "use a newer regnet release or retrain the model", where, version, CodeVersion.get(),
                    Manifest.FORMAT_VERSION, Manifest.LEGACY_FORMAT_VERSION));
        }
        if (v == Manifest.FORMAT_VERSION) checkFeatures(where, raw);
        Manifest manifest;
        try {
            manifest = JSON.readValue(files.get(MANIFEST), Manifest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(where + ": malformed " + MANIFEST + ": " + e.getMessage(), e);
        }
        Split split = files.containsKey(SPLIT) ? JSON.readValue(files.get(SPLIT), Split.class) : null;
        return new Contents(manifest, files.get(PARAMETERS), split);
    }

    /**
     * A format-2 archive lists the features it needs; one this build does not know is refused (it
     * would otherwise be silently dropped), and the forms the format depends on must be spelled out.
     */
    private static void checkFeatures(String where, Map<?, ?> raw) throws IOException {
        java.util.List<String> unknown = new java.util.ArrayList<>();
        if (raw.get("requires") instanceof java.util.List<?> requires) {
            for (Object f : requires) if (!(f instanceof String id) || ModelFeature.byId(id) == null) unknown.add(String.valueOf(f));
        }
        if (!unknown.isEmpty()) {
            throw new IOException(String.format("%s: the model needs %s, which this regnet (%s) does not know; use a newer regnet release",
                    where, String.join(", ", unknown), CodeVersion.get()));
        }
        if (!(raw.get("architecture") instanceof Map<?, ?> a) || a.get("reciprocalForm") == null || a.get("aggregation") == null) {
            throw new IOException(where + ": malformed " + MANIFEST + ": a format-2 architecture must state its reciprocalForm and aggregation");
        }
    }

    static Network network(Contents contents) throws IOException {
        Manifest m = contents.manifest();
        Network net = new Network(m.architecture(), OutputRanges.of(m.tasks()), 0);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(contents.parameters()))) {
            net.load(in);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw new IOException("cannot load the parameters: " + e.getMessage(), e);
        }
        return net;
    }

    private static void readZip(InputStream in, Map<String, byte[]> files) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (name.equals(MANIFEST) || name.equals(PARAMETERS) || name.equals(SPLIT)) files.put(name, zip.readAllBytes());
            }
        }
    }

    /** Refuses {@code out} unless it is missing or an empty folder: an updated copy of a model never overwrites files. */
    static void requireNewFolder(Path out) throws IOException {
        if (!Files.exists(out)) return;
        boolean empty;
        try (java.util.stream.Stream<Path> entries = Files.isDirectory(out) ? Files.list(out) : null) {
            empty = entries != null && entries.findAny().isEmpty();
        }
        if (!empty) throw new IOException(out + " exists and is not an empty folder; the updated model goes to a new one");
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        Files.write(tmp, bytes);
        try {  // temporary files are private; a model is meant to be shared
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
