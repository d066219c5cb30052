package org.regnet.kernels;

import java.util.concurrent.ForkJoinPool;

/** The CPU kernel's fallback for JVMs without the Vector API: the same contract. */
class ScalarCpuFourierKernelTest extends FourierKernelContract {
    private static final FourierKernel KERNEL = new CpuFourierKernel(ForkJoinPool.commonPool(), new ScalarKernelLoops("scalar"));

    @Override
    FourierKernel kernel() { return KERNEL; }
}
