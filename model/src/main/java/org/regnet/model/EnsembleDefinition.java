package org.regnet.model;

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
 */
record EnsembleDefinition(@JsonProperty("members") List<String> members) {
    static final String FILE = "ensemble.json";

    /**
     * What a model argument stands for: the members of the ensemble it names (a folder with
     * {@value #FILE}, or a bundled ensemble), otherwise the argument itself.
     */
    static List<String> expand(String nameOrPath) throws IOException {
        Path folder = Path.of(nameOrPath);
        Path file = folder.resolve(FILE);
        if (Files.isRegularFile(file)) {
            List<String> members = new ArrayList<>();
            for (String m : read(file.toString(), Files.readAllBytes(file))) {
                Path relative = folder.resolve(m);
                members.add(Files.exists(relative) ? relative.toString() : m);
            }
            return members;
        }
        if (Files.exists(folder)) return List.of(nameOrPath);
        try (InputStream in = EnsembleDefinition.class.getResourceAsStream(ReGNetModel.BUNDLED_ROOT + nameOrPath + "/" + FILE)) {
            return in == null ? List.of(nameOrPath) : read("bundled ensemble '" + nameOrPath + "'", in.readAllBytes());
        }
    }

    private static List<String> read(String where, byte[] json) throws IOException {
        EnsembleDefinition d;
        try {
            d = ModelArchive.JSON.readValue(json, EnsembleDefinition.class);
        } catch (IOException e) {
            throw new IOException(where + ": malformed " + FILE + ": " + e.getMessage(), e);
        }
        if (d.members() == null || d.members().size() < 2) {
            throw new IOException(where + ": an ensemble needs a \"members\" list of at least two models");
        }
        return List.copyOf(d.members());
    }
}
