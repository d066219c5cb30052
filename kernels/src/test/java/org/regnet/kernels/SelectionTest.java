package org.regnet.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backends come from ServiceLoader; auto never fails, forcing an unusable one says why. */
class SelectionTest {
    @Test
    void autoPicksAUsableBackend() {
        String cuda = new CudaProvider().unavailableReason();
        assertEquals(cuda == null ? "cuda" : "cpu", FourierKernels.select("auto").name());
    }

    @Test
    void cpuCanBeForced() { assertEquals("cpu", FourierKernels.select("cpu").name()); }

    @Test
    void forcingAnUnusableOrUnknownBackendIsAClearError() {
        String cuda = new CudaProvider().unavailableReason();
        if (cuda != null) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> FourierKernels.select("cuda"));
            assertTrue(e.getMessage().contains("unusable"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FourierKernels.select("tpu"));
    }
}
