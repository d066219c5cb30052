package org.regnet.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Chooses a backend: the system property {@code regnet.kernels} (cpu, cuda or auto; the CLI's
 * --kernels sets it) forces one; auto takes the usable backend of highest priority (CUDA when a
 * device is usable, else CPU). Logs one line saying which and why.
 */
public final class FourierKernels {
    public static final String PROPERTY = "regnet.kernels";
    private static final System.Logger LOG = System.getLogger(FourierKernels.class.getName());
    private static volatile FourierKernel chosen;

    private FourierKernels() {}

    /** The backend for this JVM, chosen once. */
    public static FourierKernel get() {
        FourierKernel k = chosen;
        if (k == null) {
            synchronized (FourierKernels.class) {
                if (chosen == null) chosen = select(System.getProperty(PROPERTY, "auto"));
                k = chosen;
            }
        }
        return k;
    }

    /** Picks by preference ("auto", "cpu", "cuda"); a forced backend that is unusable is an error naming why. */
    public static FourierKernel select(String preference) {
        String want = preference.toLowerCase(Locale.ROOT).strip();
        List<FourierKernelProvider> providers = new ArrayList<>();
        ServiceLoader.load(FourierKernelProvider.class, FourierKernels.class.getClassLoader()).forEach(providers::add);
        providers.sort(Comparator.comparingInt(FourierKernelProvider::priority).reversed());
        if (!want.equals("auto")) {
            for (FourierKernelProvider p : providers) {
                if (!p.name().equals(want)) continue;
                String reason = p.unavailableReason();
                if (reason != null) throw new IllegalStateException("Fourier kernels '" + want + "' requested but unusable: " + reason);
                FourierKernel k = p.create();
                LOG.log(System.Logger.Level.INFO, "Fourier kernels: " + k.description() + ", requested");
                return k;
            }
            throw new IllegalArgumentException("unknown Fourier kernels '" + preference + "' (choose auto, cpu or cuda)");
        }
        List<String> skipped = new ArrayList<>();
        for (FourierKernelProvider p : providers) {
            String reason = p.unavailableReason();
            if (reason == null) {
                FourierKernel k = p.create();
                LOG.log(System.Logger.Level.INFO, "Fourier kernels: " + k.description() + (skipped.isEmpty() ? "" : "; " + String.join("; ", skipped)));
                return k;
            }
            skipped.add(p.name() + " unavailable: " + reason);
        }
        throw new IllegalStateException("no usable Fourier kernels: " + skipped);
    }
}
