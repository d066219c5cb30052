package org.regnet.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.regnet.cli.InfoCommandTest.EXAMPLES;

/** `regnet predict ... | head -2`, for real: a child JVM whose reader goes away stops with 141 (as SIGPIPE would). */
class ClosedPipeTest {
    @Test
    void predictStopsWhenTheReaderOfItsOutputHasGone() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), RegnetCommand.class.getName(),
                "predict", "--format", "csv"));
        for (int i = 0; i < 200; i++) command.add(EXAMPLES.resolve("Si.cif").toString());  // 200 rows to write
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertTrue(out.readLine().startsWith("id,status"), "the header");
            assertTrue(out.readLine().startsWith("Si,ok"), "the first row");
        }  // like head -2: read two lines, then close the pipe
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "did not stop");
        assertEquals(141, p.exitValue(), "a closed pipe stops the run, quietly");
    }
}
