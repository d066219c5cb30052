package org.regnet.model;

import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's training domain with its geometric descriptors fitted again on the crystals it trained
 * on ({@code regnet domain}): a model whose domain was recorded before a descriptor existed (the
 * empty slab, {@link TrainingDomain#widestEmptySlab}) checks that descriptor too, without training
 * again. The embedding distribution (the network's) and the label ranges stay as trained.
 *
 * <pre>{@code
 * try (ReGNetModel model = ReGNetModel.load(Path.of("my-model"))) {
 *     Dataset data = model.labelledData(inputs, labels, null, options);
 *     DomainFit.of(model, data).writeTo(Path.of("my-model"), model);
 * }
 * }</pre>
 *
 * @param before   the domain the model records
 * @param after    the same domain, its geometric descriptors fitted on the training crystals
 * @param crystals how many training crystals it was fitted on (all of the split's)
 */
public record DomainFit(TrainingDomain before, TrainingDomain after, int crystals) {

    /**
     * Fits the geometric descriptors on the crystals of {@code data} in the model's training split.
     *
     * @throws IllegalArgumentException when the model records no split or no domain, or when a training
     *                                  crystal is missing from {@code data} (the domain must describe all of them)
     */
    public static DomainFit of(ReGNetModel model, Dataset data) {
        Split split = model.split();
        if (split == null || split.train().isEmpty()) {
            throw new IllegalArgumentException(model.source() + " records no training split: which crystals it trained on is unknown");
        }
        TrainingDomain before = model.manifest().domain();
        if (before == null) {
            throw new IllegalArgumentException(model.source() + " records no training domain (an untrained or format-1 model): train it again");
        }
        int[] rows = data.indicesOfPresent(split.train());
        if (rows.length != split.train().size()) {
            throw new IllegalArgumentException(String.format("%d of the %d training crystals of %s are not in the data: "
                    + "the domain must describe every crystal the model trained on", split.train().size() - rows.length,
                    split.train().size(), model.source()));
        }
        return new DomainFit(before, before.withGeometryOf(data.graphsOf(rows)), rows.length);
    }

    /** Writes the refitted domain into the manifest of the model directory {@code dir} (the model loaded from it). */
    public void writeTo(Path dir, ReGNetModel model) throws IOException {
        if (!Files.isRegularFile(dir.resolve(ModelArchive.MANIFEST))) throw new IOException(dir + " is not a model directory (no manifest.json)");
        ModelArchive.writeAtomically(dir.resolve(ModelArchive.MANIFEST), ModelArchive.JSON.writeValueAsBytes(model.manifest().withDomain(after)));
    }

    /** Writes a copy of the model with the refitted domain to the new folder {@code out} (the model may be bundled or a zip). */
    public void saveAs(Path out, ReGNetModel model) throws IOException {
        ModelArchive.requireNewFolder(out);
        ModelArchive.save(out, model.manifest().withDomain(after), model.network(), model.split());
    }
}
