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
    private static final java.util.Map<String, FourierKernel> BY_PREFERENCE = new java.util.concurrent.ConcurrentHashMap<>();

    private FourierKernels() {}

    /** The backend the system property asks for (auto when unset), chosen once per JVM. */
    public static FourierKernel get() { return get(System.getProperty(PROPERTY, "auto")); }

    /** The backend for a preference ("auto", "cpu", "cuda"), chosen once per JVM and preference. */
    public static FourierKernel get(String preference) {
        return BY_PREFERENCE.computeIfAbsent(preference.toLowerCase(Locale.ROOT).strip(), FourierKernels::select);
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
