package org.regnet.kernels;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The CUDA backend against the same contract; skipped (with the reason) where no GPU is usable. */
class CudaFourierKernelTest extends FourierKernelContract {
    private static FourierKernel kernel;

    @BeforeAll
    static void needsAGpu() {
        String reason = new CudaProvider().unavailableReason();
        Assumptions.assumeTrue(reason == null, "skipped: CUDA unusable here (" + reason + ")");
        kernel = new CudaProvider().create();
    }

    @Override
    FourierKernel kernel() { return kernel; }
}
