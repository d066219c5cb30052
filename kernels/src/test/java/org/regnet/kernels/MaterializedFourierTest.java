package org.regnet.kernels;

class MaterializedFourierTest extends FourierKernelContract {
    private static final FourierKernel KERNEL = new MaterializedFourier();

    @Override
    FourierKernel kernel() { return KERNEL; }
}
