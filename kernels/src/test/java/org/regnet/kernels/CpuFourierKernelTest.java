package org.regnet.kernels;

import java.util.concurrent.ForkJoinPool;

class CpuFourierKernelTest extends FourierKernelContract {
    private static final FourierKernel KERNEL = new CpuFourierKernel(ForkJoinPool.commonPool());

    @Override
    FourierKernel kernel() { return KERNEL; }
}
