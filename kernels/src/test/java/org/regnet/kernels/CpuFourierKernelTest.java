package org.regnet.kernels;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The CPU kernel as the JVM picks it; the build starts test JVMs with the Vector API, so that is the SIMD path. */
class CpuFourierKernelTest extends FourierKernelContract {
    private static final FourierKernel KERNEL = new CpuFourierKernel(ForkJoinPool.commonPool(), KernelLoops.best());

    @Override
    FourierKernel kernel() { return KERNEL; }

    @Test
    void testJvmHasTheVectorApi() {
        assertInstanceOf(VectorKernelLoops.class, KernelLoops.best(), "surefire's argLine should add jdk.incubator.vector");
    }
}
