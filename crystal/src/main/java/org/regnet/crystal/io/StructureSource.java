package org.regnet.crystal.io;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.StructureException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Walks inputs as a user names them: structure files, directories (recursively, structure
 * files only, in name order) and .tar.gz / .tgz / .tar / .zip archives, read entry by entry
 * without unpacking to disk. Each file becomes an {@link Entry} with its bytes, or with the
 * error that kept it from being read, so one bad input never stops the others.
 */
public final class StructureSource {
    /** A file's bytes, or the error reading it. {@code source} is "path" or "archive!/entry". */
    public record Entry(String source, byte[] bytes, StructureException error) {
        public static Entry failed(String source, String reason) {
            return new Entry(source, null, new StructureException(source, 0, reason));
        }
    }

    private StructureSource() {}

    public static boolean isArchive(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar") || n.endsWith(".zip");
    }

    /** Calls {@code sink} for every file under the inputs, in order, on the calling thread. */
    public static void forEach(List<Path> inputs, ReadOptions options, Consumer<Entry> sink) {
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                directory(input, options, sink);
            } else if (!Files.exists(input)) {
                sink.accept(Entry.failed(input.toString(), "no such file or directory"));
            } else if (isArchive(input.getFileName().toString())) {
                archive(input, options, sink);
            } else {
                file(input, options, sink);
            }
        }
    }

    /**
     * Every structure file and archive under a directory, in path order. Symbolic links to files are
     * read; links that lead nowhere, and links to directories (not followed: they could loop), each
     * get an entry saying so rather than vanishing.
     */
    private static void directory(Path dir, ReadOptions options, Consumer<Entry> sink) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            sink.accept(Entry.failed(dir.toString(), "cannot list directory: " + e.getMessage()));
            return;
        }
        for (Path p : paths) {
            String name = p.getFileName().toString();
            boolean relevant = StructureFormat.byName(name) != null || isArchive(name);
            if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                if (relevant) sink.accept(Entry.failed(p.toString(), "dangling symbolic link (" + linkTarget(p) + " does not exist)"));
            } else if (Files.isSymbolicLink(p) && Files.isDirectory(p)) {
                sink.accept(Entry.failed(p.toString(), "symbolic link to a directory (" + linkTarget(p) + "): not followed, as it could loop; "
                        + "name the directory itself to read it"));
            } else if (Files.isRegularFile(p) && isArchive(name)) {
                archive(p, options, sink);
            } else if (Files.isRegularFile(p) && StructureFormat.byName(name) != null) {
                file(p, options, sink);
            }
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "its target";
        }
    }

    private static void file(Path f, ReadOptions options, Consumer<Entry> sink) {
        String source = f.toString();
        try {
            long size = Files.size(f);
            if (size > options.maxFileBytes()) {
                sink.accept(Entry.failed(source, String.format("file is %.1f MB, over the limit of %.1f MB (max file size)",
                        size / 1048576.0, options.maxFileBytes() / 1048576.0)));
                return;
            }
            sink.accept(new Entry(source, Files.readAllBytes(f), null));
        } catch (IOException e) {
            sink.accept(Entry.failed(source, "cannot read: " + e.getMessage()));
        }
    }

    private static void archive(Path path, ReadOptions options, Consumer<Entry> sink) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
             ArchiveInputStream<? extends ArchiveEntry> in = open(name, raw)) {
            ArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isDirectory()) continue;
                String inner = entry.getName();
                String source = path + "!/" + inner;
                if (isArchive(inner)) {
                    sink.accept(Entry.failed(source, "an archive inside an archive is not read: unpack the outer one first"));
                    continue;
                }
                if (StructureFormat.byName(inner) == null || StructureFormat.baseName(inner).startsWith("._")) continue;
                if (entry.getSize() > options.maxFileBytes()) {
                    sink.accept(Entry.failed(source, String.format("entry is %.1f MB, over the limit of %.1f MB (max file size)",
                            entry.getSize() / 1048576.0, options.maxFileBytes() / 1048576.0)));
                    continue;
                }
                try {
                    sink.accept(new Entry(source, StructureReaders.readLimited(in, source, options), null));
                } catch (StructureException e) {
                    sink.accept(new Entry(source, null, e));
                }
            }
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof StructureException se ? se.reason() : e.getMessage();
            sink.accept(Entry.failed(path.toString(), "cannot read archive (truncated or corrupt?): " + reason));
        }
    }

    private static ArchiveInputStream<? extends ArchiveEntry> open(String name, InputStream raw) throws IOException {
        if (name.endsWith(".zip")) return new ZipArchiveInputStream(raw);
        if (name.endsWith(".tar")) return new TarArchiveInputStream(raw);
        return new TarArchiveInputStream(new GzipCompressorInputStream(raw));
    }
}
