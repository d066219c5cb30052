package org.regnet.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.io.StructureSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Structure files on any Hadoop file system: listed on the driver, read on the executors. */
final class HadoopFiles {
    private HadoopFiles() {}

    /**
     * The files a path or glob names, sorted: a file as named (even if not a structure file: it
     * becomes an error row), and under a directory its structure files and archives (hidden
     * files and Hadoop's _SUCCESS-style markers skipped). A path that matches nothing is one
     * entry, which becomes an error row saying so.
     */
    static List<String> list(Configuration conf, String pattern) {
        List<String> out = new ArrayList<>();
        try {
            Path path = new Path(pattern);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) return List.of(pattern);
            for (FileStatus match : matches) {
                if (!match.isDirectory()) {
                    out.add(match.getPath().toString());
                    continue;
                }
                RemoteIterator<LocatedFileStatus> files = fs.listFiles(match.getPath(), true);
                while (files.hasNext()) {
                    String name = files.next().getPath().toString();
                    String base = name.substring(name.lastIndexOf('/') + 1);
                    if (base.startsWith(".") || base.startsWith("_")) continue;
                    if (StructureSource.isInput(base)) out.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pattern + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** Every entry of one file (an archive's structure files, or the file), or an error entry naming it. */
    static void read(Configuration conf, String file, Consumer<StructureSource.Entry> sink) {
        try {
            Path path = new Path(file);
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                sink.accept(StructureSource.Entry.failed(file, "no such file or directory"));
                return;
            }
            try (InputStream in = fs.open(path)) {
                StructureSource.forEach(file, in, ReadOptions.defaults(), sink);
            }
        } catch (IOException | RuntimeException e) {
            sink.accept(StructureSource.Entry.failed(file, "cannot read: " + e.getMessage()));
        }
    }

    /** A Hadoop configuration as plain settings, to travel to the executors (credentials for s3a:// included). */
    static Map<String, String> settings(Configuration conf) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : conf) out.put(e.getKey(), e.getValue());
        return out;
    }

    static Configuration configuration(Map<String, String> settings) {
        Configuration conf = new Configuration(false);
        settings.forEach(conf::set);
        return conf;
    }
}
