package org.regnet.kernels;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Nanoseconds per edge (median of repeats) of {@link GatedConvolution#meanMessages} on a random
 * graph of N atoms with 12 neighbours each at 1.5–8 Å, H channels, R basis functions, for:
 * simd (the kernel as used), simd-subnormal (the same loops on a basis computed without the
 * exponent limit, whose far tails are subnormal floats) and scalar (the fallback loops); and
 * {@link GatedConvolution#meanAngularMoments} (9 harmonics: the bond-angle terms) on both loops. Usage:
 * {@code java --add-modules jdk.incubator.vector -cp kernels/target/classes org.regnet.kernels.ConvolutionBenchmark
 * [--atoms 4000] [--hidden 64] [--basis 32] [--repeat 7]}. Threads: the common fork-join pool and the caller.
 */
public final class ConvolutionBenchmark {
    private static final int DEGREE = 12;
    private static final double CUTOFF = 8;
    private static final int ANGULAR = 9;

    private ConvolutionBenchmark() {}

    public static void main(String[] args) {
        int atoms = 4000, hidden = 64, basisCount = 32, repeat = 7;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--atoms" -> atoms = Integer.parseInt(args[i + 1]);
                case "--hidden" -> hidden = Integer.parseInt(args[i + 1]);
                case "--basis" -> basisCount = Integer.parseInt(args[i + 1]);
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Random r = new Random(1);
        int[] start = new int[atoms + 1];
        for (int i = 0; i < atoms; i++) start[i + 1] = start[i] + DEGREE;
        int[] target = new int[start[atoms]];
        float[] distance = new float[target.length];
        for (int e = 0; e < target.length; e++) {
            target[e] = r.nextInt(atoms);
            distance[e] = (float) (1.5 + (CUTOFF - 1.5) * r.nextDouble());
        }
        float[] self = gaussian(r, atoms * 2 * hidden), neighbor = gaussian(r, atoms * 2 * hidden);
        float[] weight = gaussian(r, 2 * hidden * basisCount);
        System.out.printf(Locale.ROOT, "gated convolution: %d atoms x %d neighbours, H = %d, R = %d, %d cores, %d repeats%n",
                atoms, DEGREE, hidden, basisCount, Runtime.getRuntime().availableProcessors(), repeat);
        System.out.println("variant\tsubnormal_basis_values_per_edge\tmedian_ns_per_edge");
        GatedConvolution simd = GatedConvolution.best(), scalar = new GatedConvolution(new ScalarKernelLoops("scalar"));
        float[] basis = simd.radialBasis(distance, basisCount, CUTOFF);
        run("simd", simd, self, neighbor, start, target, basis, weight, hidden, repeat);
        run("simd-subnormal", simd, self, neighbor, start, target, unlimitedBasis(distance, basisCount), weight, hidden, repeat);
        run("scalar", scalar, self, neighbor, start, target, basis, weight, hidden, repeat);
        float[] angularNeighbor = gaussian(r, atoms * hidden), radialWeight = gaussian(r, hidden * basisCount);
        float[] harmonics = gaussian(r, target.length * ANGULAR);
        int h = hidden;
        for (GatedConvolution kernel : new GatedConvolution[] {simd, scalar}) {
            time("angular-" + (kernel == simd ? "simd" : "scalar"), basis, target.length, repeat,
                    () -> kernel.meanAngularMoments(angularNeighbor, start, target, basis, radialWeight, harmonics, h));
        }
    }

    private static void run(String name, GatedConvolution kernel, float[] self, float[] neighbor, int[] start, int[] target,
                            float[] basis, float[] weight, int hidden, int repeat) {
        time(name, basis, target.length, repeat, () -> kernel.meanMessages(self, neighbor, start, target, basis, weight, hidden));
    }

    /** Prints the median time per edge of the pass, after a second of warm-up (until C2 has compiled the loops). */
    private static void time(String name, float[] basis, int edges, int repeat, Runnable pass) {
        long warm = System.nanoTime() + 1_000_000_000L;
        do {
            pass.run();
        } while (System.nanoTime() < warm);
        double[] ns = new double[repeat];
        for (int k = 0; k < repeat; k++) {
            long t0 = System.nanoTime();
            pass.run();
            ns[k] = (double) (System.nanoTime() - t0) / edges;
        }
        Arrays.sort(ns);
        long subnormal = 0;
        for (float g : basis) if (g != 0 && g < Float.MIN_NORMAL) subnormal++;
        System.out.printf(Locale.ROOT, "%s\t%.2f\t%.1f%n", name, (double) subnormal / edges, ns[repeat / 2]);
    }

    /** exp(-((d - μ_k)/σ)²) in float without the exponent limit: what the basis was before. */
    private static float[] unlimitedBasis(float[] distance, int count) {
        float step = (float) (CUTOFF / (count - 1));
        float[] out = new float[distance.length * count];
        for (int e = 0; e < distance.length; e++) {
            for (int k = 0; k < count; k++) {
                float x = (distance[e] - k * step) / step;
                out[e * count + k] = (float) Math.exp(-x * x);
            }
        }
        return out;
    }

    private static float[] gaussian(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}
