package org.regnet.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * On-disk cache of featurized inputs. The key is a SHA-256 of the input files' contents (not
 * their dates) and of everything that changes the features, so a second epoch or a second run
 * skips parsing, and any change to data or settings misses the cache instead of reusing it.
 */
final class GraphCache {
    /** What one input produced: its graph and numeric properties, or the reason it failed. */
    record Item(CrystalGraph graph, Map<String, Double> properties, String failure) {}

    private final Path file;

    private GraphCache(Path file) { this.file = file; }

    static GraphCache at(Path directory, List<Path> inputs, String settings) {
        return new GraphCache(directory.resolve(key(inputs, settings).substring(0, 32) + ".graphs.gz"));
    }

    Path file() { return file; }

    /** The cached items, or null when there is no usable cache. */
    List<Item> load() {
        if (!Files.isRegularFile(file)) return null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16)))) {
            int n = in.readInt();
            List<Item> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (in.readBoolean()) {
                    items.add(new Item(null, Map.of(), in.readUTF()));
                    continue;
                }
                CrystalGraph g = CrystalGraph.read(in);
                int p = in.readInt();
                Map<String, Double> props = new HashMap<>();
                for (int k = 0; k < p; k++) props.put(in.readUTF(), in.readDouble());
                items.add(new Item(g, props, null));
            }
            return items;
        } catch (IOException e) {
            return null;  // a stale or truncated cache is rebuilt, never trusted
        }
    }

    /** Writes atomically (temporary file, then rename), so a killed run leaves no half cache. */
    void store(List<Item> items) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "graphs", ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16)))) {
            out.writeInt(items.size());
            for (Item item : items) {
                out.writeBoolean(item.failure() != null);
                if (item.failure() != null) {
                    out.writeUTF(item.failure());
                    continue;
                }
                item.graph().write(out);
                out.writeInt(item.properties().size());
                for (Map.Entry<String, Double> e : item.properties().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeDouble(e.getValue());
                }
            }
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** SHA-256 of the settings and of every input file's path (relative to its input) and bytes. */
    static String key(List<Path> inputs, String settings) {
        MessageDigest digest = sha256();
        digest.update(settings.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] buffer = new byte[1 << 16];
        for (Path input : inputs) {
            List<Path> files;
            try (Stream<Path> walk = Files.isDirectory(input) ? Files.walk(input) : Stream.of(input)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new DataException(input + ": cannot list: " + e.getMessage(), e);
            }
            for (Path f : files) {
                digest.update(input.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(f)) {
                    for (int r; (r = in.read(buffer)) > 0; ) digest.update(buffer, 0, r);
                } catch (IOException e) {
                    throw new DataException(f + ": cannot read: " + e.getMessage(), e);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
