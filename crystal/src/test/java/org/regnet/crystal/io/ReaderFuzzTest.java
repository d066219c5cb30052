package org.regnet.crystal.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.StructureException;

import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Fuzz targets: any input either reads or fails with the project's {@link StructureException}
 * (as a failed result or thrown), never another exception, a hang or unbounded memory. In a normal
 * build each target replays its committed corpus (src/test/resources/org/regnet/crystal/io/
 * ReaderFuzzTestInputs/METHOD) and any crash files there as regression tests; with JAZZER_FUZZ=1 it
 * fuzzes (README, "Fuzzing").
 */
class ReaderFuzzTest {
    private static final ReadOptions OPTIONS = ReadOptions.defaults().withMaxFileBytes(1 << 20).withMaxAtoms(5_000);

    /**
     * Reads {@code data} as a file named {@code name}. {@code readEach} reports a StructureException
     * as a failed result, so any exception that comes out of it is a finding; {@code read(…)} only
     * rethrows the first failed result, so it is not run again here.
     */
    private static void read(String name, byte[] data) {
        for (ReadResult r : StructureReaders.readEach(name, data, OPTIONS)) {
            if (r.ok()) r.structure().reducedFormula();  // touch the result: a structure must be usable
        }
    }

    @FuzzTest(maxDuration = "30s")
    void cif(byte[] data) { read("fuzz.cif", data); }

    @FuzzTest(maxDuration = "30s")
    void poscar(byte[] data) { read("POSCAR", data); }

    @FuzzTest(maxDuration = "30s")
    void extendedXyz(byte[] data) { read("fuzz.extxyz", data); }

    @FuzzTest(maxDuration = "30s")
    void pymatgenJson(byte[] data) { read("fuzz.json", data); }

    /**
     * The archive walker: the bytes as a .tar.gz, a .tar and a .zip. Each entry must be a file's
     * bytes within the size limit or a StructureException naming the archive, never a thrown
     * exception. The entries' contents are the readers' targets' business, so they are not parsed
     * here. The walker reads the bytes as a stream, as it does an archive file once opened (and a
     * Spark input), so no temporary file slows the fuzzer down.
     */
    @FuzzTest(maxDuration = "30s")
    void archive(byte[] data) {
        for (String name : List.of("fuzz.tar.gz", "fuzz.tar", "fuzz.zip")) {
            StructureSource.forEach(name, new ByteArrayInputStream(data), OPTIONS, entry -> {
                if (!entry.source().startsWith(name)) throw new AssertionError("entry " + entry.source() + " does not name its archive");
                if ((entry.bytes() == null) == (entry.error() == null)) throw new AssertionError("entry " + entry.source() + " needs bytes or an error");
                if (entry.bytes() != null && entry.bytes().length > OPTIONS.maxFileBytes()) {
                    throw new AssertionError("entry " + entry.source() + " has " + entry.bytes().length + " bytes, over the limit");
                }
            });
        }
    }
}
