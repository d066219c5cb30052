package org.regnet.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Fused Fourier operators in Java, with memory O(N + |𝒢|) (no N × |𝒢| phase table):
 * e^{-2πi n·f_j} is built from three tables of complex powers of e^{-2πi f_jd} (computed by
 * recurrence in double), two complex products per (n, j) instead of a sincos, then reused for
 * every channel. The structure factor runs over atom blocks (tables for one block at a time)
 * with threads splitting the vectors; the back-projection gives each thread whole atoms.
 * Sums run in float over blocks of 256 terms (vectorized by the JIT) and in double across blocks.
 */
final class CpuFourierKernel implements FourierKernel {
    private static final int ATOM_BLOCK = 256;
    private static final int VECTOR_CHUNK = 64;
    private final ForkJoinPool pool;

    CpuFourierKernel(ForkJoinPool pool) { this.pool = pool; }

    @Override
    public String name() { return "cpu"; }

    @Override
    public float[][] structureFactor(FourierBatch batch, float[] x, int channels) {
        check(x.length == batch.atoms() * channels, "x");
        float[] re = new float[batch.vectors() * channels], im = new float[batch.vectors() * channels];
        for (int b = 0; b < batch.crystals(); b++) structureFactor(batch, b, x, channels, re, im);
        return new float[][] {re, im};
    }

    private void structureFactor(FourierBatch batch, int b, float[] x, int channels, float[] re, float[] im) {
        int a0 = batch.atomOffset()[b], a1 = batch.atomOffset()[b + 1];
        int k0 = batch.vectorOffset()[b], k1 = batch.vectorOffset()[b + 1];
        if (k1 == k0) return;
        int[] range = millerRange(batch.miller(), k0, k1);
        double[] accRe = new double[(k1 - k0) * channels], accIm = new double[(k1 - k0) * channels];
        int chunks = (k1 - k0 + VECTOR_CHUNK - 1) / VECTOR_CHUNK;
        for (int j0 = a0; j0 < a1; j0 += ATOM_BLOCK) {
            int jb = Math.min(ATOM_BLOCK, a1 - j0);
            PowerTables t = new PowerTables(range, jb);
            for (int j = 0; j < jb; j++) t.fill(j, batch.fractional(), j0 + j, -1);
            int first = j0;
            run(chunks, chunk -> {
                float[] p = new float[2], blockRe = new float[channels], blockIm = new float[channels];
                int from = k0 + chunk * VECTOR_CHUNK, to = Math.min(k1, from + VECTOR_CHUNK);
                for (int k = from; k < to; k++) {
                    int h = batch.miller()[3 * k], l = batch.miller()[3 * k + 1], m = batch.miller()[3 * k + 2];
                    java.util.Arrays.fill(blockRe, 0f);
                    java.util.Arrays.fill(blockIm, 0f);
                    for (int j = 0; j < jb; j++) {
                        t.phase(j, h, l, m, p);  // e^{-2πi n·f_j} = P0[h] P1[l] P2[m]
                        accumulate(x, (first + j) * channels, p[0], p[1], blockRe, blockIm);
                    }
                    int row = (k - k0) * channels;
                    for (int c = 0; c < channels; c++) {
                        accRe[row + c] += blockRe[c];  // float within a block of atoms, double across blocks
                        accIm[row + c] += blockIm[c];
                    }
                }
            });
        }
        double inv = 1.0 / (a1 - a0);
        for (int i = 0; i < accRe.length; i++) {
            re[k0 * channels + i] = (float) (accRe[i] * inv);
            im[k0 * channels + i] = (float) (accIm[i] * inv);
        }
    }

    @Override
    public float[] backProject(FourierBatch batch, float[] re, float[] im, int channels) {
        check(re.length == batch.vectors() * channels && im.length == re.length, "T");
        float[] u = new float[batch.atoms() * channels];
        for (int b = 0; b < batch.crystals(); b++) {
            int a0 = batch.atomOffset()[b], a1 = batch.atomOffset()[b + 1];
            int k0 = batch.vectorOffset()[b], k1 = batch.vectorOffset()[b + 1];
            if (k1 == k0 || a1 == a0) continue;
            int[] range = millerRange(batch.miller(), k0, k1);
            int chunks = (a1 - a0 + 15) / 16;
            run(chunks, chunk -> {
                PowerTables t = new PowerTables(range, 1);
                float[] p = new float[2], block = new float[channels];
                double[] acc = new double[channels];
                for (int i = a0 + chunk * 16; i < Math.min(a1, a0 + chunk * 16 + 16); i++) {
                    t.fill(0, batch.fractional(), i, +1);  // e^{+2πi n·f_i}
                    java.util.Arrays.fill(acc, 0);
                    for (int kb = k0; kb < k1; kb += ATOM_BLOCK) {
                        java.util.Arrays.fill(block, 0f);
                        for (int k = kb; k < Math.min(k1, kb + ATOM_BLOCK); k++) {
                            t.phase(0, batch.miller()[3 * k], batch.miller()[3 * k + 1], batch.miller()[3 * k + 2], p);
                            project(re, im, k * channels, p[0], p[1], block);
                        }
                        for (int c = 0; c < channels; c++) acc[c] += block[c];
                    }
                    for (int c = 0; c < channels; c++) u[i * channels + c] = (float) acc[c];
                }
            });
        }
        return u;
    }

    /** re += x[from..] pr, im += x[from..] pi: a plain loop the JIT vectorizes. */
    private static void accumulate(float[] x, int from, float pr, float pi, float[] re, float[] im) {
        for (int c = 0; c < re.length; c++) {
            float v = x[from + c];
            re[c] += v * pr;
            im[c] += v * pi;
        }
    }

    /** out += re[from..] pr - im[from..] pi. */
    private static void project(float[] re, float[] im, int from, float pr, float pi, float[] out) {
        for (int c = 0; c < out.length; c++) out[c] += re[from + c] * pr - im[from + c] * pi;
    }

    /** Runs body(0..chunks-1) on the pool; small jobs stay on the caller's thread. */
    private void run(int chunks, java.util.function.IntConsumer body) {
        if (chunks <= 1 || pool.getParallelism() <= 1) {
            for (int c = 0; c < chunks; c++) body.accept(c);
            return;
        }
        pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(body)).join();
    }

    private static int[] millerRange(int[] miller, int k0, int k1) {
        int[] r = new int[3];
        for (int k = k0; k < k1; k++) for (int d = 0; d < 3; d++) r[d] = Math.max(r[d], Math.abs(miller[3 * k + d]));
        return r;
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalArgumentException(what + " does not match the batch and channel count");
    }

    /** Powers e^{sign·2πi m f_jd} for |m| ≤ range[d], d = 0, 1, 2, per atom of a block; read-only once filled. */
    private static final class PowerTables {
        final int[] range;
        final int width0, width1, width2, stride;
        final int[] offsets;  // where each dimension's powers start within an atom's row
        final float[] table;  // per atom: [d0 powers (re, im)...][d1 ...][d2 ...]

        PowerTables(int[] range, int atoms) {
            this.range = range;
            this.width0 = 2 * range[0] + 1;
            this.width1 = 2 * range[1] + 1;
            this.width2 = 2 * range[2] + 1;
            this.stride = 2 * (width0 + width1 + width2);
            this.offsets = new int[] {0, 2 * width0, 2 * (width0 + width1)};
            this.table = new float[atoms * stride];
        }

        void fill(int j, double[] fractional, int atom, int sign) {
            int base = j * stride;
            for (int d = 0; d < 3; d++) {
                double f = fractional[3 * atom + d];
                f -= Math.floor(f);
                double er = Math.cos(2 * Math.PI * f), ei = sign * Math.sin(2 * Math.PI * f);
                int zero = base + offsets[d] + 2 * range[d];
                table[zero] = 1f;
                table[zero + 1] = 0f;
                double pr = 1, pi = 0;
                for (int m = 1; m <= range[d]; m++) {
                    double nr = pr * er - pi * ei, ni = pr * ei + pi * er;
                    pr = nr;
                    pi = ni;
                    table[zero + 2 * m] = (float) pr;
                    table[zero + 2 * m + 1] = (float) pi;
                    table[zero - 2 * m] = (float) pr;        // m < 0: the conjugate
                    table[zero - 2 * m + 1] = (float) -pi;
                }
            }
        }

        /** out = (re, im) of P0[h] P1[k] P2[l] for atom j: two complex products. */
        void phase(int j, int h, int k, int l, float[] out) {
            int base = j * stride;
            int i0 = base + 2 * (h + range[0]);
            int i1 = base + 2 * width0 + 2 * (k + range[1]);
            int i2 = base + 2 * (width0 + width1) + 2 * (l + range[2]);
            float ar = table[i0], ai = table[i0 + 1], br = table[i1], bi = table[i1 + 1], cr = table[i2], ci = table[i2 + 1];
            float abr = ar * br - ai * bi, abi = ar * bi + ai * br;
            out[0] = abr * cr - abi * ci;
            out[1] = abr * ci + abi * cr;
        }
    }
}
