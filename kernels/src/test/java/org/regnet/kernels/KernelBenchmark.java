package org.regnet.kernels;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Time (median of repeats) and peak heap of the Fourier backends on cubic cells of N atoms at
 * 12 Å³ per atom, C channels, and the half set of reciprocal vectors within a fixed G_max.
 * Work per operator: N·K·C terms of 2 FMAs (4 FLOP). Usage:
 * {@code java -cp ... org.regnet.kernels.KernelBenchmark [--sizes 100,1000,10000,100000] [--channels 64] [--gmax 1.5]
 * [--backends cpu,cpu-scalar,materialized,cuda] [--repeat 3]} (cpu-scalar: the CPU kernel without the Vector API)
 */
public final class KernelBenchmark {
    private KernelBenchmark() {}

    public static void main(String[] args) {
        int[] sizes = {100, 1000, 10000, 100000};
        int channels = 64, repeat = 3;
        double gmax = 1.5;
        List<String> backends = List.of("cpu", "materialized");
        long materializedLimit = 2L << 30;  // skip the table path when its tables would pass 2 GiB
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--channels" -> channels = Integer.parseInt(args[i + 1]);
                case "--gmax" -> gmax = Double.parseDouble(args[i + 1]);
                case "--backends" -> backends = List.of(args[i + 1].split(","));
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "Fourier kernels: C = %d, G_max = %.2f 1/Å (half set), %d repeats, %d CPU threads%n",
                channels, gmax, repeat, Runtime.getRuntime().availableProcessors());
        if (backends.contains("cuda")) {
            String reason = new CudaProvider().unavailableReason();
            if (reason != null) {
                System.out.println("cuda: unusable (" + reason + ")");
                backends = backends.stream().filter(b -> !b.equals("cuda")).toList();
            } else {
                CudaFourierKernel k = CudaFourierKernel.instance();
                System.out.printf(Locale.ROOT, "cuda: %s, measured FP32 peak %.1f TFLOP/s (FMA chains)%n", k.device(), k.peakFlops() / 1e12);
            }
        }
        System.out.println("atoms\tvectors\tbackend\toperator\tmedian_s\tGFLOP/s\tpeak_heap_MB\tnote");
        for (int n : sizes) {
            FourierBatch batch = cubicCell(n, gmax, new Random(n));
            Random r = new Random(1);
            float[] x = new float[n * channels];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            double flop = 4.0 * n * batch.vectors() * channels;
            for (String name : backends) {
                long tables = 8L * n * batch.vectors();
                if (name.equals("materialized") && tables > materializedLimit) {
                    System.out.printf(Locale.ROOT, "%d\t%d\t%s\t-\t-\t-\t-\tskipped: tables would take %.1f GB%n", n, batch.vectors(), name, tables / 1e9);
                    continue;
                }
                FourierKernel k = switch (name) {
                    case "cpu" -> new CpuProvider().create();
                    case "cpu-scalar" -> new CpuFourierKernel(java.util.concurrent.ForkJoinPool.commonPool(), new ScalarKernelLoops("scalar"));
                    case "materialized" -> new MaterializedFourier();
                    case "cuda" -> new CudaProvider().create();
                    default -> throw new IllegalArgumentException("unknown backend " + name);
                };
                int reps = n >= 100000 && !name.equals("cuda") ? 1 : repeat;
                float[][] s = null;
                double[] sTimes = new double[reps], uTimes = new double[reps];
                double[] sKernel = new double[reps], uKernel = new double[reps];
                long peak = 0;
                // warm-up for at least a second (one call at large sizes): the Vector API loops are slow until C2 compiles them
                long warm = System.nanoTime() + 1_000_000_000L;
                do {
                    s = k.structureFactor(batch, x, channels);
                    k.backProject(batch, s[0], s[1], channels);
                } while (System.nanoTime() < warm);
                for (int rep = 0; rep < reps; rep++) {
                    System.gc();
                    long base = usedHeap();
                    PeakSampler sampler = new PeakSampler();
                    long t0 = System.nanoTime();
                    s = k.structureFactor(batch, x, channels);
                    long t1 = System.nanoTime();
                    double sk = k instanceof CudaFourierKernel c ? c.lastKernelMillis() / 1e3 : 0;
                    k.backProject(batch, s[0], s[1], channels);
                    long t2 = System.nanoTime();
                    double uk = k instanceof CudaFourierKernel c ? c.lastKernelMillis() / 1e3 : 0;
                    long used = sampler.stop() - base;
                    sTimes[rep] = (t1 - t0) / 1e9;
                    uTimes[rep] = (t2 - t1) / 1e9;
                    sKernel[rep] = sk;
                    uKernel[rep] = uk;
                    peak = Math.max(peak, used);
                }
                report(n, batch.vectors(), name, "S = F x", median(sTimes), flop, peak, name.equals("cuda") ? median(sKernel) : 0);
                report(n, batch.vectors(), name, "u = F^H T", median(uTimes), flop, peak, name.equals("cuda") ? median(uKernel) : 0);
            }
        }
    }

    private static void report(int n, int k, String name, String op, double seconds, double flop, long peak, double kernelSeconds) {
        String note = kernelSeconds > 0 ? String.format(Locale.ROOT, "kernel only %.4g s = %.0f GFLOP/s", kernelSeconds, flop / kernelSeconds / 1e9) : "";
        System.out.printf(Locale.ROOT, "%d\t%d\t%s\t%s\t%.4g\t%.1f\t%.0f\t%s%n", n, k, name, op, seconds, flop / seconds / 1e9, peak / 1e6, note);
    }

    /** Cubic cell with N random atoms at 12 Å³ each, and the half set {n: |G(n)| ≤ G_max, first non-zero index > 0}. */
    static FourierBatch cubicCell(int atoms, double gmax, Random r) {
        double a = Math.cbrt(12.0 * atoms);
        int bound = (int) Math.floor(gmax * a / (2 * Math.PI));
        List<int[]> vectors = new ArrayList<>();
        for (int h = -bound; h <= bound; h++) for (int k = -bound; k <= bound; k++) for (int l = -bound; l <= bound; l++) {
            boolean half = h > 0 || (h == 0 && (k > 0 || (k == 0 && l > 0)));
            if (half && 2 * Math.PI / a * Math.sqrt(h * h + k * k + l * l) <= gmax) vectors.add(new int[] {h, k, l});
        }
        int[] miller = new int[3 * vectors.size()];
        for (int v = 0; v < vectors.size(); v++) System.arraycopy(vectors.get(v), 0, miller, 3 * v, 3);
        double[] frac = new double[3 * atoms];
        for (int i = 0; i < frac.length; i++) frac[i] = r.nextDouble();
        return FourierBatch.single(miller, frac);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Samples heap use every millisecond on a daemon thread; stop() returns the largest seen. */
    private static final class PeakSampler {
        private volatile boolean running = true;
        private volatile long peak = usedHeap();
        private final Thread thread;

        PeakSampler() {
            thread = new Thread(() -> {
                while (running) {
                    peak = Math.max(peak, usedHeap());
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        long stop() {
            running = false;
            thread.interrupt();
            return Math.max(peak, usedHeap());
        }
    }
}
