package org.regnet.cli;

import org.regnet.crystal.io.StructureFormat;
import org.regnet.crystal.io.StructureSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The paths a user names, read lazily so that a list of millions costs no memory: each argument is
 * a path, {@code @LIST} (a file with one path per line) or {@code -} (the same on standard input).
 * In a list, blank lines and lines starting with # are skipped, and relative paths are taken from
 * the current directory.
 */
final class InputPaths implements Iterator<Path> {
    private final Deque<String> arguments;
    private final InputStream stdin;
    private BufferedReader list;
    private Path next;

    InputPaths(List<String> arguments, InputStream stdin) {
        this.arguments = new ArrayDeque<>(arguments);
        this.stdin = stdin;
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (list != null) {
                String line = readLine();
                if (line == null) {
                    list = null;
                } else if (!line.isBlank() && !line.strip().startsWith("#")) {
                    next = Path.of(line.strip());
                }
                continue;
            }
            if (arguments.isEmpty()) return false;
            String a = arguments.poll();
            if (a.equals("-")) {
                list = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            } else if (a.startsWith("@") && a.length() > 1) {
                try {
                    list = Files.newBufferedReader(Path.of(a.substring(1)), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    next = Path.of(a.substring(1));  // the walk reports it as a missing or unreadable input, with the others going on
                }
            } else {
                next = Path.of(a);
            }
        }
        return true;
    }

    private String readLine() {
        try {
            return list.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the list of inputs: " + e.getMessage(), e);
        }
    }

    @Override
    public Path next() {
        if (!hasNext()) throw new NoSuchElementException();
        Path p = next;
        next = null;
        return p;
    }

    /**
     * The number of entries the arguments hold, where that is cheap to know: structure files of
     * directories and lines of lists (each taken as one file); empty when an argument is an archive (counting means
     * decompressing it) or standard input.
     */
    static OptionalLong count(List<String> arguments) {
        long n = 0;
        for (String a : arguments) {
            if (a.equals("-")) return OptionalLong.empty();
            if (a.startsWith("@") && a.length() > 1) {
                try (Stream<String> lines = Files.lines(Path.of(a.substring(1)), StandardCharsets.UTF_8)) {
                    n += lines.filter(l -> !l.isBlank() && !l.strip().startsWith("#")).count();
                } catch (IOException | UncheckedIOException e) {
                    return OptionalLong.empty();
                }
                continue;
            }
            Path p = Path.of(a);
            if (StructureSource.isArchive(p.getFileName() == null ? a : p.getFileName().toString())) return OptionalLong.empty();
            if (!Files.isDirectory(p)) {
                n++;
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                for (Iterator<Path> files = walk.iterator(); files.hasNext(); ) {
                    String name = files.next().getFileName().toString();
                    if (StructureSource.isArchive(name)) return OptionalLong.empty();
                    if (StructureFormat.byName(name) != null) n++;
                }
            } catch (IOException | UncheckedIOException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(n);
    }
}
