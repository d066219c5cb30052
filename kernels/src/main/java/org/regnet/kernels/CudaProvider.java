package org.regnet.kernels;

/**
 * The CUDA kernel through JavaCPP's driver API. Usable only when the presets load, the driver
 * ({@code libcuda.so.1}) is present, a device exists and the PTX loads; the probe runs once and
 * catches everything (a failed native load makes the class unusable for the JVM's lifetime).
 */
public final class CudaProvider implements FourierKernelProvider {
    private static final System.Logger LOG = System.getLogger(CudaProvider.class.getName());
    private static volatile String reason;
    private static volatile boolean probed;

    @Override
    public String name() { return "cuda"; }

    @Override
    public int priority() { return 10; }

    @Override
    public String unavailableReason() {
        if (!probed) {
            synchronized (CudaProvider.class) {
                if (!probed) {
                    reason = probe();
                    probed = true;
                }
            }
        }
        return reason;
    }

    @Override
    public FourierKernel create() {
        String why = unavailableReason();
        if (why != null) throw new IllegalStateException("CUDA kernels unusable: " + why);
        return CudaFourierKernel.instance();
    }

    private static String probe() {
        try {
            return CudaFourierKernel.initialize();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            // the usual case on a machine without a GPU: one short reason; the linker's words (often
            // the whole java.library.path) only for those who ask (regnet --verbose)
            String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            LOG.log(System.Logger.Level.DEBUG, "CUDA natives did not load: " + m);
            return "no GPU driver (libcuda.so.1) or JavaCPP CUDA natives";
        } catch (Throwable t) {  // anything else: never a crash
            String m = t.getMessage();
            return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
        }
    }
}
