package org.regnet.kernels;

import java.util.concurrent.ForkJoinPool;

/** The Java CPU kernel: always usable, the fallback. Threads: the common fork-join pool; SIMD when the JVM has the Vector API. */
public final class CpuProvider implements FourierKernelProvider {
    @Override
    public String name() { return "cpu"; }

    @Override
    public int priority() { return 0; }

    @Override
    public String unavailableReason() { return null; }

    @Override
    public FourierKernel create() { return new CpuFourierKernel(ForkJoinPool.commonPool(), KernelLoops.best()); }
}
