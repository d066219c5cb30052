package org.regnet.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count, fixed once per JVM before the first network is built.
 *
 * <p>Left alone, MKL (PyTorch's BLAS on x86) runs with its dynamic thread choice on: at each
 * matrix product it may use fewer threads than asked, and a product summed by another number of
 * threads differs in the last bits. Identical training runs on a CI machine differed so. Setting
 * the count through PyTorch turns MKL's choice off ({@code set_num_threads} calls
 * {@code mkl_set_dynamic(false)}). DJL's own property {@value #PROPERTY}, when given, sets it
 * already; otherwise the count is PyTorch's default, capped at the processors this JVM may use
 * (a container's CPU quota), so that a 2-core slot of a large host is not oversubscribed.
 */
final class TorchThreads {
    /** DJL's property for the intra-op thread count, read when the engine starts. */
    static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private static int count;

    private TorchThreads() {}

    /** Fixes the count (on the first call) and returns it. */
    static synchronized int fix() {
        if (count > 0) return count;
        Engine.getEngine("PyTorch");  // loads the native library (and applies the property, if set)
        count = System.getProperty(PROPERTY) != null ? JniUtils.getNumThreads()
                : Math.max(1, Math.min(JniUtils.getNumThreads(), Runtime.getRuntime().availableProcessors()));
        JniUtils.setNumThreads(count);
        return count;
    }
}
