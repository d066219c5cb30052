package org.regnet.crystal.io;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.crystal.Fixtures;
import org.regnet.crystal.ReadOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructureSourceTest {
    private static final List<String> FILES = List.of("NaCl.cif", "ZnO.vasp", "frames.extxyz");

    static List<StructureSource.Entry> entries(Path... inputs) {
        List<StructureSource.Entry> out = new ArrayList<>();
        StructureSource.forEach(List.of(inputs), ReadOptions.defaults(), out::add);
        return out;
    }

    @Test
    void tarGzAndZipAreReadWithoutUnpacking(@TempDir Path dir) throws IOException {
        Path tgz = dir.resolve("set.tar.gz");
        try (OutputStream f = Files.newOutputStream(tgz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(f))) {
            for (String name : FILES) {
                byte[] bytes = Files.readAllBytes(Fixtures.path(name));
                TarArchiveEntry e = new TarArchiveEntry("structures/" + name);
                e.setSize(bytes.length);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry readme = new TarArchiveEntry("README.md");  // not a structure: left out
            readme.setSize(2);
            tar.putArchiveEntry(readme);
            tar.write("hi".getBytes());
            tar.closeArchiveEntry();
        }
        Path zip = dir.resolve("set.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : FILES) {
                z.putNextEntry(new ZipEntry(name));
                z.write(Files.readAllBytes(Fixtures.path(name)));
                z.closeEntry();
            }
        }
        for (Path archive : List.of(tgz, zip)) {
            List<StructureSource.Entry> es = entries(archive);
            assertEquals(3, es.size(), archive.toString());
            assertTrue(es.get(0).source().startsWith(archive + "!/"), es.get(0).source());
            int structures = 0;
            for (StructureSource.Entry e : es) structures += StructureReaders.read(e.source(), e.bytes(), ReadOptions.defaults()).size();
            assertEquals(4, structures, "NaCl, ZnO and two frames");
            assertEquals("NaCl", StructureReaders.idOf(es.get(0).source()));
        }
    }

    @Test
    void directoriesMissingFilesAndCorruptArchives(@TempDir Path dir) throws IOException {
        Files.copy(Fixtures.path("NaCl.cif"), dir.resolve("b.cif"));
        Files.createDirectories(dir.resolve("sub"));
        Files.copy(Fixtures.path("ZnO.vasp"), dir.resolve("sub/a.vasp"));
        Files.writeString(dir.resolve("labels.csv"), "id,y\n");
        Path corrupt = dir.resolve("broken.tar.gz");
        Files.write(corrupt, new byte[] {31, -117, 8, 0, 1, 2, 3});
        List<StructureSource.Entry> es = entries(dir, dir.resolve("nothing-here.cif"), corrupt);
        assertEquals(5, es.size(), es.toString());
        assertTrue(es.get(0).source().endsWith("b.cif"));
        assertNull(es.get(0).error());
        assertTrue(es.get(1).error().getMessage().contains("cannot read archive"), "an archive in a directory is read too: " + es.get(1));
        assertTrue(es.get(2).source().endsWith("a.vasp"));
        assertTrue(es.get(3).error().getMessage().contains("no such file"));
        assertTrue(es.get(4).error().getMessage().contains("cannot read archive"), es.get(4).error().getMessage());
    }

    @Test
    void linksThatLeadNowhereOrLoopAndArchivesInArchivesGetAnEntry(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.copy(Fixtures.path("NaCl.cif"), data.resolve("a.cif"));
        Files.createSymbolicLink(data.resolve("b.cif"), data.resolve("a.cif"));             // a link to a file: read
        Files.createSymbolicLink(data.resolve("gone.cif"), dir.resolve("deleted.cif"));    // dangling
        Files.createSymbolicLink(data.resolve("loop"), data);                              // a directory link that loops
        Path inner = dir.resolve("inner.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(inner))) {
            z.putNextEntry(new ZipEntry("x.cif"));
            z.write(Files.readAllBytes(Fixtures.path("NaCl.cif")));
            z.closeEntry();
        }
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(data.resolve("outer.zip")))) {
            z.putNextEntry(new ZipEntry("inner.zip"));
            z.write(Files.readAllBytes(inner));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("c.cif"));
            z.write(Files.readAllBytes(Fixtures.path("NaCl.cif")));
            z.closeEntry();
        }
        List<StructureSource.Entry> es = entries(data);
        List<String> seen = es.stream().map(e -> data.relativize(Path.of(e.source().replace("!/", "/"))) + (e.error() == null ? "" : " ✗")).toList();
        assertEquals(List.of("a.cif", "b.cif", "gone.cif ✗", "loop ✗", "outer.zip/inner.zip ✗", "outer.zip/c.cif"), seen);
        assertTrue(es.get(2).error().getMessage().contains("dangling symbolic link"), es.get(2).error().getMessage());
        assertTrue(es.get(3).error().getMessage().contains("not followed"), es.get(3).error().getMessage());
        assertTrue(es.get(4).error().getMessage().contains("archive inside an archive"), es.get(4).error().getMessage());
    }

    @Test
    void anArchiveOrDirectoryWithoutStructuresIsAnErrorEntryNotSilence(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.tar"));
        Path garbage = Files.write(dir.resolve("garbage.tar"), "not a tar archive at all".getBytes());
        Path readmeOnly = dir.resolve("readme.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(readmeOnly))) {
            z.putNextEntry(new ZipEntry("README.md"));
            z.write("hi".getBytes());
            z.closeEntry();
        }
        Path nothing = Files.createDirectories(dir.resolve("nothing"));
        Files.writeString(nothing.resolve("notes.txt"), "no structures here");
        List<StructureSource.Entry> es = entries(empty, garbage, readmeOnly, nothing);
        assertEquals(List.of(empty.toString(), garbage.toString(), readmeOnly.toString(), nothing.toString()),
                es.stream().map(StructureSource.Entry::source).toList());
        for (StructureSource.Entry e : es.subList(0, 3)) assertTrue(e.error().getMessage().contains("archive holds no structure file"), e.toString());
        assertTrue(es.get(1).error().getMessage().contains("not a tar archive"), es.get(1).error().getMessage());
        assertTrue(es.get(3).error().getMessage().contains("directory holds no structure file or archive"), es.get(3).error().getMessage());
    }

    @Test
    void aZipEntryInACompressionWeCannotReadIsAnErrorEntry(@TempDir Path dir) throws IOException {
        // zstd (zip method 20, as the fuzzer wrote it, or 93): commons-compress would need zstd-jni, which is not shipped,
        // and threw NoClassDefFoundError out of the walker (a fuzzer's find). Method 99 (AES) it cannot read at all.
        // The method field is patched into a stored entry.
        for (int method : new int[] {20, 93, 99}) {
            Path zip = dir.resolve("method" + method + ".zip");
            byte[] cif = Files.readAllBytes(Fixtures.path("NaCl.cif"));
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
                ZipEntry e = new ZipEntry("a.cif");  // stored, sizes in the local header: as zip tools write zstd entries
                e.setMethod(ZipEntry.STORED);
                e.setSize(cif.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(cif);
                e.setCrc(crc.getValue());
                z.putNextEntry(e);
                z.write(cif);
                z.closeEntry();
            }
            byte[] bytes = Files.readAllBytes(zip);
            bytes[8] = (byte) method;  // the local header's compression method, after signature (4), version (2) and flags (2)
            bytes[9] = 0;
            Files.write(zip, bytes);
            List<StructureSource.Entry> es = entries(zip, Fixtures.path("NaCl.cif"));
            assertEquals(2, es.size(), es.toString());
            String message = es.get(0).error().getMessage();
            assertTrue(message.contains("repack the archive with deflate") && !message.contains("corrupt"), message);
            assertNull(es.get(1).error(), "the next input is still read");
        }
    }
}
