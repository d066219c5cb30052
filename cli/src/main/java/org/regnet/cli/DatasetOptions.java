package org.regnet.cli;

import org.regnet.data.Dataset;
import org.regnet.data.DatasetLoader;
import org.regnet.data.Featurizer;
import org.regnet.model.PropertyModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** A labelled dataset: structures, labels, targets, reading options, cache. Shared by train and evaluate. */
public final class DatasetOptions {
    @Option(names = "--data", required = true, split = ",", paramLabel = "PATH",
            description = "Structure files, folders, .tar.gz/.zip archives, matbench JSON or extended XYZ (comma-separated or repeated).")
    List<Path> data;

    @Option(names = "--labels", paramLabel = "CSV",
            description = "Labels keyed by file name without extension (header row, or headerless id_prop.csv). Without it, labels come from the files (matbench JSON, extended XYZ).")
    Path labels;

    @Option(names = "--targets", split = ",", paramLabel = "NAME", description = "Label columns to predict (comma-separated).")
    List<String> targets;

    @Option(names = "--cache", paramLabel = "DIR", description = "Graph cache directory. Default: ~/.cache/regnet. 'none' disables it.")
    String cache;

    @Option(names = "--threads", paramLabel = "N", converter = PositiveInteger.class, description = "Threads for parsing and graph building. Default: all cores.")
    Integer threads;

    @Mixin ReadOptionsMixin read;

    List<Path> inputs() { return data; }

    Path cacheDirectory() {
        if ("none".equals(cache)) return null;
        return cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "regnet");
    }

    Dataset load(Featurizer featurizer, Consumer<String> log) {
        return DatasetLoader.load(data, labels, targets, featurizer, options(log));
    }

    /** The labelled data featurized as {@code model} was trained (evaluate, calibrate). */
    Dataset loadFor(PropertyModel model, Consumer<String> log) {
        return model.labelledData(data, labels, targets, options(log));
    }

    private DatasetLoader.Options options(Consumer<String> log) {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new DatasetLoader.Options(read.toReadOptions(), cacheDirectory(), n, log);
    }
}
