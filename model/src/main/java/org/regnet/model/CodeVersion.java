package org.regnet.model;

/** The project version, as written into manifests (from the jar manifest when packaged). */
final class CodeVersion {
    private CodeVersion() {}

    static String get() {
        String v = CodeVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
