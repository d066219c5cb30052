package org.regnet.cli;

import org.regnet.model.InferenceKernels;
import picocli.CommandLine.Option;

/** --kernels: which inference path the network uses; the command hands it to its model. */
public final class KernelOption {
    private InferenceKernels value = InferenceKernels.AUTO;

    @Option(names = "--kernels", paramLabel = "KIND", defaultValue = "auto",
            description = "Reciprocal blocks at inference: auto (CUDA kernel if usable, CPU kernel for crystals over 256 atoms, "
                    + "else DJL phase tables), cpu, cuda, or djl (the pure DJL path of training: phase tables and the "
                    + "unfused graph convolution). Except with djl, the graph convolution runs fused. Default: ${DEFAULT-VALUE}.")
    void set(String text) {
        String v = text.toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of("auto", "cpu", "cuda", "djl").contains(v)) {
            throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not one of auto, cpu, cuda, djl");
        }
        if (v.equals("cuda")) {  // fail now, with the reason, if unusable
            String reason = new org.regnet.kernels.CudaProvider().unavailableReason();
            if (reason != null) throw new picocli.CommandLine.TypeConversionException("CUDA kernels unusable here: " + reason);
        }
        value = InferenceKernels.valueOf(v.toUpperCase(java.util.Locale.ROOT));
    }

    InferenceKernels value() { return value; }
}
