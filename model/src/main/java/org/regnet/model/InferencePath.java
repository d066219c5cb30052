package org.regnet.model;

import org.regnet.data.CrystalGraph;
import org.regnet.kernels.FourierKernel;
import org.regnet.kernels.GatedConvolution;

import java.util.List;
import java.util.function.Function;

/**
 * How inference batches run: the Fourier kernel for a batch's reciprocal blocks (null: the DJL
 * phase tables) and the fused gated convolution (null: the DJL edge tensors). Both give the same
 * predictions as {@link #REFERENCE}, the pure DJL path that training differentiates, to 1e-5.
 */
record InferencePath(Function<List<CrystalGraph>, FourierKernel> fourier, GatedConvolution convolution) {
    static final InferencePath REFERENCE = new InferencePath(batch -> null, null);
}
