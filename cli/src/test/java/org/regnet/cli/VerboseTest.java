package org.regnet.cli;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** --verbose, on any command, lets the details through (e.g. why the CUDA natives did not load). */
class VerboseTest {
    @Test
    void verboseLowersTheLogLevelOnAnyCommand() {
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        try {
            RegnetCommand.commandLine().parseArgs("predict", "x.cif");
            assertEquals(before, root.getLevel(), "without it, nothing changes");
            RegnetCommand.commandLine().parseArgs("predict", "--verbose", "x.cif");
            assertEquals(Level.FINE, root.getLevel());
        } finally {
            root.setLevel(before);
            for (java.util.logging.Handler h : root.getHandlers()) h.setLevel(Level.INFO);
        }
    }
}
