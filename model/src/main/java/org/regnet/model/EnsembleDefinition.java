package org.regnet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A named ensemble: a folder holding {@value #FILE}, {@code {"members": ["a", "b", ...]}}, whose
 * members are model folders or zips (relative to that folder) or bundled models' names. Bundled
 * ensembles ({@link ModelEnsemble#BUNDLED}) live in the jar like bundled models, so a single
 * name loads several models without the caller listing them.
 * Members are models, not ensembles: one level only, so a definition cannot loop.
 * {@code intervals}, written by {@link IntervalCalibration}, are the ensemble's calibrated prediction
 * intervals; they hold for these members only, so changing the members means calibrating again.
 */
public record EnsembleDefinition(@JsonProperty("members") List<String> members,
                          @JsonProperty("intervals") @JsonInclude(JsonInclude.Include.NON_NULL) PredictionIntervals intervals) {
    static final String FILE = "ensemble.json";

    /** What a model argument stands for: the members of the ensemble it names, otherwise the argument itself. */
    static List<String> expand(String nameOrPath) throws IOException {
        EnsembleDefinition d = find(nameOrPath);
        return d == null ? List.of(nameOrPath) : d.members();
    }

    /**
     * The ensemble a model argument names (a folder with {@value #FILE}, or a bundled ensemble),
     * its members' paths resolved against the folder; null when it names a single model.
     */
    public static EnsembleDefinition find(String nameOrPath) throws IOException {
        Path folder = Path.of(nameOrPath);
        Path file = folder.resolve(FILE);
        if (Files.isRegularFile(file)) {
            EnsembleDefinition d = read(file.toString(), Files.readAllBytes(file));
            List<String> members = new ArrayList<>();
            for (String m : d.members()) {
                Path relative = folder.resolve(m);
                members.add(Files.exists(relative) ? relative.toString() : m);
            }
            return new EnsembleDefinition(List.copyOf(members), d.intervals());
        }
        if (Files.exists(folder)) return null;
        try (InputStream in = EnsembleDefinition.class.getResourceAsStream(ReGNetModel.BUNDLED_ROOT + nameOrPath + "/" + FILE)) {
            return in == null ? null : read("bundled ensemble '" + nameOrPath + "'", in.readAllBytes());
        }
    }

    /** Writes {@code intervals} into the ensemble folder's {@value #FILE}, its member names as they were. */
    static void writeIntervals(Path folder, PredictionIntervals intervals) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) throw new IOException(folder + " is not an ensemble folder (no " + FILE + ")");
        EnsembleDefinition d = read(file.toString(), Files.readAllBytes(file));
        ModelArchive.writeAtomically(file, ModelArchive.JSON.writeValueAsBytes(new EnsembleDefinition(d.members(), intervals)));
    }

    private static EnsembleDefinition read(String where, byte[] json) throws IOException {
        EnsembleDefinition d;
        try {
            d = ModelArchive.JSON.readValue(json, EnsembleDefinition.class);
        } catch (IOException e) {
            throw new IOException(where + ": malformed " + FILE + ": " + e.getMessage(), e);
        }
        if (d.members() == null || d.members().size() < 2) {
            throw new IOException(where + ": an ensemble needs a \"members\" list of at least two models");
        }
        return new EnsembleDefinition(List.copyOf(d.members()), d.intervals());
    }
}
