package org.regnet.crystal.io;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.StructureException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
        return ArchiveKind.of(name) != null;
    }

    /** The archives read, by name; an archive entry's data is read with its kind's stream. */
    private enum ArchiveKind {
        ZIP("zip"), TAR("tar"), GZIPPED_TAR("gzipped tar");

        final String description;

        ArchiveKind(String description) { this.description = description; }

        /** The kind a file name says, or null for a name that is not an archive's. */
        static ArchiveKind of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".zip")) return ZIP;
            if (n.endsWith(".tar")) return TAR;
            if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) return GZIPPED_TAR;
            return null;
        }

        ArchiveInputStream<? extends ArchiveEntry> open(InputStream raw) throws IOException {
            return switch (this) {
                case ZIP -> new ZipInput(raw);
                case TAR -> new TarArchiveInputStream(raw);
                case GZIPPED_TAR -> new TarArchiveInputStream(new GzipCompressorInputStream(raw));
            };
        }
    }

    /** What an archive that holds an unreadable compression method should be turned into. */
    private static final String REPACK = "repack the archive with deflate";

    /** Whether a directory walk reads this file: a structure file or an archive, by name. */
    public static boolean isInput(String name) {
        return StructureFormat.byName(name) != null || isArchive(name);
    }

    /** Calls {@code sink} for every file under the inputs, in order, on the calling thread. */
    public static void forEach(List<Path> inputs, ReadOptions options, Consumer<Entry> sink) {
        forEach(inputs.iterator(), options, 0, sink);
    }

    /**
     * As above for inputs enumerated lazily (e.g. paths read from a list or standard input), after
     * passing over the first {@code skip} entries without reading them (to resume an interrupted
     * run: entries come in the same order every time, as directories are listed sorted).
     *
     * @return the number of entries, skipped ones included
     */
    public static long forEach(Iterator<Path> inputs, ReadOptions options, long skip, Consumer<Entry> sink) {
        Walk walk = new Walk(options, skip, sink);
        while (inputs.hasNext()) {
            Path input = inputs.next();
            if (Files.isDirectory(input)) {
                walk.directory(input);
            } else if (!Files.exists(input)) {
                walk.emit(() -> Entry.failed(input.toString(), "no such file or directory"));
            } else if (isArchive(input.getFileName().toString())) {
                walk.archive(input);
            } else {
                walk.file(input);
            }
        }
        return walk.count;
    }

    /**
     * The entries of one input that arrives as a stream rather than a path (e.g. a file of a
     * distributed file system, read by Spark): an archive's structure files, or the file itself.
     * {@code name} is the input's path or URI; its ending tells an archive.
     */
    public static void forEach(String name, InputStream stream, ReadOptions options, Consumer<Entry> sink) {
        Walk walk = new Walk(options, 0, sink);
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (isArchive(base)) {
            walk.archive(name, stream);
        } else if (StructureFormat.byName(base) == null) {
            walk.emit(() -> Entry.failed(name, "not a structure file or archive (by its name: " + base + ")"));
        } else {
            walk.emit(() -> {
                try {
                    return new Entry(name, StructureReaders.readLimited(stream, name, options), null);
                } catch (StructureException e) {
                    return new Entry(name, null, e);
                } catch (java.io.UncheckedIOException e) {
                    return Entry.failed(name, "cannot read: " + e.getCause().getMessage());
                }
            });
        }
    }

    /** One enumeration of inputs: counts entries and builds (reads) only those past the skipped ones. */
    private static final class Walk {
        private final ReadOptions options;
        private final Consumer<Entry> sink;
        private long skip;
        private long count;

        Walk(ReadOptions options, long skip, Consumer<Entry> sink) {
            this.options = options;
            this.skip = skip;
            this.sink = sink;
        }

        /** Whether the next entry is to be built; counts it either way. */
        private boolean next() {
            count++;
            if (skip > 0) {
                skip--;
                return false;
            }
            return true;
        }

        void emit(Supplier<Entry> entry) {
            if (next()) sink.accept(entry.get());
        }

        /**
         * Every structure file and archive under a directory, in path order. Symbolic links to files are
         * read; links that lead nowhere, links to directories (not followed: they could loop) and a
         * directory without any input each get an entry saying so rather than vanishing.
         */
        void directory(Path dir) {
            long before = count;
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(dir)) {
                paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                emit(() -> Entry.failed(dir.toString(), "cannot list directory: " + e.getMessage()));
                return;
            }
            for (Path p : paths) {
                String name = p.getFileName().toString();
                boolean relevant = isInput(name);
                if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                    if (relevant) emit(() -> Entry.failed(p.toString(), "dangling symbolic link (" + linkTarget(p) + " does not exist)"));
                } else if (Files.isSymbolicLink(p) && Files.isDirectory(p)) {
                    emit(() -> Entry.failed(p.toString(), "symbolic link to a directory (" + linkTarget(p) + "): not followed, as it could loop; "
                            + "name the directory itself to read it"));
                } else if (Files.isRegularFile(p) && isArchive(name)) {
                    archive(p);
                } else if (Files.isRegularFile(p) && StructureFormat.byName(name) != null) {
                    file(p);
                }
            }
            if (count == before) {
                emit(() -> Entry.failed(dir.toString(), "directory holds no structure file or archive (by name: " + StructureFormat.NAMES
                        + ", *.tar.gz, *.tgz, *.tar, *.zip)"));
            }
        }

        void file(Path f) {
            String source = f.toString();
            emit(() -> {
                try {
                    long size = Files.size(f);
                    if (size > options.maxFileBytes()) {
                        return Entry.failed(source, String.format("file is %.1f MB, over the limit of %.1f MB (max file size)",
                                size / 1048576.0, options.maxFileBytes() / 1048576.0));
                    }
                    return new Entry(source, Files.readAllBytes(f), null);
                } catch (IOException e) {
                    return Entry.failed(source, "cannot read: " + e.getMessage());
                }
            });
        }

        void archive(Path path) {
            try (InputStream raw = Files.newInputStream(path)) {
                archive(path.toString(), raw);
            } catch (IOException e) {
                emit(() -> Entry.failed(path.toString(), "cannot read archive: " + e.getMessage()));
            }
        }

        /**
         * The entries of an archive named {@code path} (its name tells the kind) read from {@code stream};
         * an archive without a structure file gets an entry saying so, rather than vanishing.
         */
        void archive(String path, InputStream stream) {
            ArchiveKind kind = ArchiveKind.of(path);
            long before = count;
            try (InputStream raw = new BufferedInputStream(stream, 1 << 16);
                 ArchiveInputStream<? extends ArchiveEntry> in = kind.open(raw)) {
                ArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    if (entry.isDirectory()) continue;
                    String inner = entry.getName();
                    String source = path + "!/" + inner;
                    if (isArchive(inner)) {
                        emit(() -> Entry.failed(source, "an archive inside an archive is not read: unpack the outer one first"));
                        continue;
                    }
                    if (StructureFormat.byName(inner) == null || StructureFormat.baseName(inner).startsWith("._")) continue;
                    if (!in.canReadEntryData(entry)) {  // nor can the stream skip it: the rest of the archive is lost
                        String method = entry instanceof ZipArchiveEntry z ? " (zip method " + z.getMethod() + ")" : "";
                        emit(() -> Entry.failed(source, "compressed with a method this build cannot read" + method
                                + ", so neither it nor the archive's later entries can be read; " + REPACK));
                        break;
                    }
                    long size = entry.getSize();
                    emit(() -> {
                        if (size > options.maxFileBytes()) {
                            return Entry.failed(source, String.format("entry is %.1f MB, over the limit of %.1f MB (max file size)",
                                    size / 1048576.0, options.maxFileBytes() / 1048576.0));
                        }
                        try {
                            return new Entry(source, StructureReaders.readLimited(in, source, options), null);
                        } catch (StructureException e) {
                            return new Entry(source, null, e);
                        }
                    });
                }
            } catch (ZipInput.ZstdEntry e) {
                emit(() -> Entry.failed(path, "cannot read archive: " + e.getMessage()));
            } catch (IOException | RuntimeException e) {
                String reason = e instanceof StructureException se ? se.reason()
                        : e instanceof IOException ? e.getMessage() : "the archive library failed on it (" + e.getClass().getSimpleName() + ")";
                emit(() -> Entry.failed(path, "cannot read archive (truncated or corrupt?): " + reason));
            }
            if (count == before) {
                emit(() -> Entry.failed(path, "archive holds no structure file (by name: " + StructureFormat.NAMES + "); is it empty, or not a "
                        + kind.description + " archive?"));
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

    /**
     * A zip stream that refuses a zstd entry with a message. commons-compress reads zstd only with
     * zstd-jni, which is not shipped, and without it threw NoClassDefFoundError out of the walker, an
     * Error that took the whole batch down (a fuzzer's find).
     */
    private static final class ZipInput extends ZipArchiveInputStream {
        ZipInput(InputStream in) { super(in); }

        @Override
        protected InputStream createZstdInputStream(InputStream in) throws IOException {
            throw new ZstdEntry();
        }

        static final class ZstdEntry extends IOException {
            ZstdEntry() { super("an entry is compressed with zstd, which this build cannot read; " + REPACK); }
        }
    }
}
