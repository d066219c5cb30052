package org.regnet.cli;

import org.regnet.data.Dataset;
import org.regnet.model.DomainFit;
import org.regnet.model.ReGNetModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code regnet domain}: fits a trained model's domain of applicability (SCIENCE.md §6) again on the
 * crystals it trained on, so that a model recorded before a descriptor existed checks it too.
 */
@Command(name = "domain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Fit a model's training domain again on the training crystals of its split and write it into the model "
                + "directory (manifest.json): the geometric descriptors (volume per atom, density, shortest distance, cell size, "
                + "widest empty slab) are fitted; the embedding distribution and label ranges stay as trained.",
                "For models trained before a descriptor existed: predictions then check it too. Every training crystal of the "
                + "split must be in --data. An ensemble's members are updated one by one."})
final class DomainCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M",
            description = "A model directory. With --out also a zip or a bundled name (mp36k, ...).")
    String model;

    @Mixin DatasetOptions dataset;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write a copy of the model with the new domain to this new folder, leaving --model as it is.")
    Path out;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Files.isRegularFile(Path.of(model).resolve("ensemble.json"))) {
            throw new ParameterException(spec.commandLine(), "--model " + model + " is an ensemble folder: its members have the domains; "
                    + "run regnet domain on each member's directory");
        }
        if (out == null && !Files.isRegularFile(Path.of(model).resolve("manifest.json"))) {
            throw new ParameterException(spec.commandLine(), "--model " + model + " is not a model directory; "
                    + "to update a bundled model or a zip, write the copy elsewhere with --out DIR");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (ReGNetModel m = ReGNetModel.load(model)) {
            if (dataset.targets == null) dataset.targets = m.tasks().stream().map(t -> t.name()).toList();
            Dataset data = dataset.loadFor(m, err::println);
            DomainFit fit;
            try {
                fit = DomainFit.of(m, data);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            err.println("fitted on the " + fit.crystals() + " training crystals of " + m.source());
            err.println("before: " + fit.before().geometrySummary());
            err.println("after:  " + fit.after().geometrySummary());
            if (out != null) fit.saveAs(out, m);
            else fit.writeTo(Path.of(model), m);
            err.println("domain written to " + (out != null ? out : Path.of(model).resolve("manifest.json")));
        }
        return 0;
    }
}
