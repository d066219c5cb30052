package org.regnet.model;

import org.regnet.kernels.FourierKernels;

import java.util.Locale;

/**
 * How a model runs inference. {@link #AUTO}: the fused gated convolution (with the Vector API),
 * and the CUDA Fourier kernel when usable, else the CPU one for crystals over 256 atoms and DJL's
 * phase tables for smaller ones; {@link #CPU} or {@link #CUDA}: that Fourier kernel for every
 * batch; {@link #DJL}: the pure DJL path of training. All give the same numbers to 1e-5.
 */
public enum InferenceKernels {
    AUTO, CPU, CUDA, DJL;

    /** The choice of the system property {@code regnet.kernels} (what {@code regnet --kernels} sets), AUTO when unset. */
    public static InferenceKernels fromSystemProperty() {
        String v = System.getProperty(FourierKernels.PROPERTY, "auto").strip().toUpperCase(Locale.ROOT);
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("regnet.kernels='" + v.toLowerCase(Locale.ROOT) + "' is not one of auto, cpu, cuda, djl", e);
        }
    }
}
