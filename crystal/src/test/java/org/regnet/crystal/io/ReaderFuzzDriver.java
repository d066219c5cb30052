package org.regnet.crystal.io;

/**
 * {@link ReaderFuzzTest}'s targets for Jazzer's standalone driver, which the JUnit integration
 * lacks a way to call: used to merge a long campaign's corpus into a minimal set with the same
 * coverage before it is committed as regression inputs (README, "Fuzzing"). The system property
 * {@code target} names the target (cif, poscar, extendedXyz, pymatgenJson or archive).
 */
public final class ReaderFuzzDriver {
    private static final ReaderFuzzTest TARGETS = new ReaderFuzzTest();
    private static final String TARGET = System.getProperty("target", "");

    private ReaderFuzzDriver() {}

    public static void fuzzerTestOneInput(byte[] data) {
        switch (TARGET) {
            case "cif" -> TARGETS.cif(data);
            case "poscar" -> TARGETS.poscar(data);
            case "extendedXyz" -> TARGETS.extendedXyz(data);
            case "pymatgenJson" -> TARGETS.pymatgenJson(data);
            case "archive" -> TARGETS.archive(data);
            default -> throw new IllegalStateException("-Dtarget must name a target of ReaderFuzzTest, not '" + TARGET + "'");
        }
    }
}
