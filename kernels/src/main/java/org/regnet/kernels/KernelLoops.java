package org.regnet.kernels;

/**
 * The inner loops of the CPU kernels: rows of phases (complex products of three power tables)
 * and weighted sums of feature rows (one row of C channels per atom or per reciprocal vector)
 * for the Fourier kernel; Gaussian bases, gated edge messages and angular moments for {@link GatedConvolution}.
 * The JIT does not vectorize these on its own (64-channel rows are too short for its loop
 * vectorizer), so there is a SIMD version on the Java Vector API and a scalar fallback for JVMs
 * started without it. Sums of at most a few hundred rows per call: callers accumulate blocks in double.
 */
interface KernelLoops {
    /** (pr, pi)[out + j] = A[a + j]·B[b + j]·C[c + j] for j < n, complex numbers given as (re, im) arrays. */
    void phases(float[] ar, float[] ai, int a, float[] br, float[] bi, int b, float[] cr, float[] ci, int c, int n, float[] pr, float[] pi, int out);

    /** re[c] = Σ_{s<n} a[from + s·C + c]·wr[s], im[c] = Σ_s a[from + s·C + c]·wi[s] (overwrites re and im). */
    void weighted(float[] a, int from, int channels, float[] wr, float[] wi, int n, float[] re, float[] im);

    /**
     * For two atoms at once (each loaded feature value feeds both): out0[c] = Σ_{s<n} a[from + s·C + c]·wa[s·w + col]
     * − b[from + s·C + c]·wb[s·w + col], out1 the same with column col + 1 of the weight tiles (row width w). Overwrites both.
     */
    void projected(float[] a, float[] b, int from, int channels, float[] wa, float[] wb, int w, int col, int n, float[] out0, float[] out1);

    /** out[o + k] = exp(-min(((d - centers[k])·inverseWidth)², {@link GatedConvolution#GAUSSIAN_EXPONENT_LIMIT})) for k < centers.length. */
    void gaussians(float d, float[] centers, float inverseWidth, float[] out, int o);

    /**
     * Adds one edge's gated message to acc[o, o + H): with z_q = s[si + q] + t[ti + q] + Σ_{k<R} g[gi + k]·w[k·2H + q]
     * for q < 2H, acc[o + q] += sigmoid(z_q)·softplus(z_{H+q}) for q < H (softplus as PyTorch's: above 20 it is z).
     */
    void gatedMessage(float[] s, int si, float[] t, int ti, float[] g, int gi, float[] w, int basis, int hidden, float[] acc, int o);

    /**
     * Adds one edge's angular moments to acc[o, o + K·H): with v_q = a[ai + q]·Σ_{k<R} g[gi + k]·w[k·H + q] for q < H,
     * acc[o + m·H + q] += y[yi + m]·v_q for m < K.
     */
    void angularMoments(float[] a, int ai, float[] g, int gi, float[] w, int basis, float[] y, int yi, int harmonics, int hidden,
                        float[] acc, int o);

    /** What the log line says about this implementation. */
    String description();

    /** The Vector API version when the JVM has {@code jdk.incubator.vector}, else the scalar loops. */
    static KernelLoops best() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (KernelLoops) Class.forName("org.regnet.kernels.VectorKernelLoops").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarKernelLoops("scalar loops: the Vector API failed to load (" + e + ")");
            }
        }
        return new ScalarKernelLoops("scalar loops; start the JVM with --add-modules jdk.incubator.vector for SIMD (several times faster)");
    }
}
