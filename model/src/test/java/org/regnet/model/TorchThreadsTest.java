package org.regnet.model;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyTorch's thread count is set once, within the processors this JVM may use, and stays set. */
class TorchThreadsTest {
    @Test
    void theCountIsFixedWithinTheAvailableProcessors() {
        int n = TorchThreads.fix();
        assertTrue(n >= 1, "at least one thread: " + n);
        if (System.getProperty(TorchThreads.PROPERTY) == null) {
            assertTrue(n <= Runtime.getRuntime().availableProcessors(), n + " threads on " + Runtime.getRuntime().availableProcessors() + " processors");
        }
        assertEquals(n, JniUtils.getNumThreads(), "PyTorch runs with the fixed count");
        try (Network network = new Network(ModelConfig.defaults().withHidden(8).withLayers(1), OutputRanges.none(1), 1)) {
            assertEquals(n, TorchThreads.fix(), "a new network keeps the count");
            assertEquals(n, JniUtils.getNumThreads());
        }
    }
}
