package org.regnet.kernels;

/** A backend found through {@link java.util.ServiceLoader} (META-INF/services). */
public interface FourierKernelProvider {
    /** "cpu" or "cuda". */
    String name();

    /** Higher is preferred when usable. */
    int priority();

    /** Null when usable here, else why not (one line, for the log). Must never throw or crash. */
    String unavailableReason();

    FourierKernel create();
}
