/**
 * Fourier kernels of the reciprocal block (SCIENCE.md §2): the structure factor S = F x and the
 * back-projection u = F^H (W ⊙ S) over batches of crystals, as a multithreaded Java CPU kernel
 * and a CUDA kernel (JavaCPP), found through ServiceLoader; and {@link org.regnet.kernels.GatedConvolution},
 * the graph convolution's edge sum fused for inference. No DJL dependency.
 * Entry point: {@link org.regnet.kernels.FourierKernels#get()}. The benchmarks (KernelBenchmark,
 * ConvolutionBenchmark) are test classes: they do not ship in the jar.
 */
package org.regnet.kernels;
