package org.regnet.crystal.io;

import com.code_intelligence.jazzer.junit.FuzzTest;


/**
 * The long campaigns of {@link ReaderFuzzTest}'s targets: up to 10⁷ executions each (README,
 * "Fuzzing"; figures in benchmarks/README.md), run with
 * {@code JAZZER_FUZZ=1 mvn -B test -pl crystal -Dtest='ReaderFuzzCampaign#TARGET'}. Jazzer takes its
 * time limit from the annotation only, so the 30-second smoke runs and these are separate targets.
 * The default build does not run this class (its name is not a test class name, so only an explicit
 * -Dtest selects it); findings are copied into ReaderFuzzTest's corpus, which CI replays.
 */
class ReaderFuzzCampaign {
    private static final ReaderFuzzTest TARGETS = new ReaderFuzzTest();

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "12h")
    void cif(byte[] data) { TARGETS.cif(data); }

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "12h")
    void poscar(byte[] data) { TARGETS.poscar(data); }

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "12h")
    void extendedXyz(byte[] data) { TARGETS.extendedXyz(data); }

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "12h")
    void pymatgenJson(byte[] data) { TARGETS.pymatgenJson(data); }

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "12h")
    void archive(byte[] data) { TARGETS.archive(data); }
}
