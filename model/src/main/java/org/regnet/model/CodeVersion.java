package org.regnet.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The code a model was trained with, as written into manifests: the project version (from the jar
 * manifest when packaged) and the git commit of the build ("-modified" when the model code had
 * uncommitted changes; "unknown" when built outside a git checkout).
 */
final class CodeVersion {
    private CodeVersion() {}

    static String get() {
        String v = CodeVersion.class.getPackage().getImplementationVersion();
        return (v != null ? v : "0.1.0-SNAPSHOT") + " (git " + commit() + ")";
    }

    static String commit() {
        try (InputStream in = CodeVersion.class.getResourceAsStream("git-commit")) {
            if (in == null) return "unknown";
            String c = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return c.isEmpty() ? "unknown" : c;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
