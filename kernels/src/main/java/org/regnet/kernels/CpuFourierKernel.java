package org.regnet.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Fused Fourier operators in Java, with memory O(N + |𝒢|) (no N × |𝒢| phase table):
 * e^{∓2πi n·f_j} is the product of three complex powers of e^{∓2πi f_jd}, tabulated per block of
 * atoms by recurrence in double (two complex products per (n, j) instead of a sincos), then
 * reused for every channel. Both operators work on tiles of a block of atoms × a block of
 * vectors: a row of phases over the atoms, then {@link KernelLoops} does the channel work, in
 * float within a tile and in double across tiles. The structure factor splits the vectors over
 * threads; the back-projection gives each thread whole atoms.
 */
final class CpuFourierKernel implements FourierKernel {
    private static final int ATOM_BLOCK = 256;
    private static final int VECTOR_CHUNK = 64;
    /** Atoms per back-projection task: one SIMD register of phases on AVX-512. */
    private static final int ATOM_CHUNK = 16;
    private static final int VECTOR_BLOCK = 256;
    private final ForkJoinPool pool;
    private final KernelLoops loops;

    CpuFourierKernel(ForkJoinPool pool, KernelLoops loops) {
        this.pool = pool;
        this.loops = loops;
    }

    @Override
    public String name() { return "cpu"; }

    @Override
    public String description() { return "cpu (" + loops.description() + ")"; }

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
        int[] miller = batch.miller(), range = millerRange(miller, k0, k1);
        double[] accRe = new double[(k1 - k0) * channels], accIm = new double[(k1 - k0) * channels];
        int chunks = (k1 - k0 + VECTOR_CHUNK - 1) / VECTOR_CHUNK;
        for (int j0 = a0; j0 < a1; j0 += ATOM_BLOCK) {
            int jb = Math.min(ATOM_BLOCK, a1 - j0);
            PowerTables t = new PowerTables(range, batch.fractional(), j0, jb, -1);
            int first = j0;
            run(chunks, chunk -> {
                float[] pr = new float[jb], pi = new float[jb], blockRe = new float[channels], blockIm = new float[channels];
                int from = k0 + chunk * VECTOR_CHUNK, to = Math.min(k1, from + VECTOR_CHUNK);
                for (int k = from; k < to; k++) {
                    t.phases(loops, miller[3 * k], miller[3 * k + 1], miller[3 * k + 2], pr, pi, 0);  // e^{-2πi n·f_j}, j in the block
                    loops.weighted(x, first * channels, channels, pr, pi, jb, blockRe, blockIm);
                    int row = (k - k0) * channels;
                    for (int c = 0; c < channels; c++) {
                        accRe[row + c] += blockRe[c];
                        accIm[row + c] += blockIm[c];
                    }
                }
            });
        }
        for (int i = 0; i < accRe.length; i++) {
            re[k0 * channels + i] = (float) accRe[i];
            im[k0 * channels + i] = (float) accIm[i];
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
            int[] miller = batch.miller(), range = millerRange(miller, k0, k1);
            run((a1 - a0 + ATOM_CHUNK - 1) / ATOM_CHUNK, chunk -> {
                int i0 = a0 + chunk * ATOM_CHUNK, n = Math.min(a1, i0 + ATOM_CHUNK) - i0;
                PowerTables t = new PowerTables(range, batch.fractional(), i0, n, +1);
                // tile[s][i]: e^{+2πi n_s·f_i} for the vectors s of a block and the chunk's atoms i,
                // one zero column more for an odd count since atoms go in pairs
                int w = n + (n & 1);
                float[] tileRe = new float[VECTOR_BLOCK * w], tileIm = new float[VECTOR_BLOCK * w];
                float[] block0 = new float[channels], block1 = new float[channels];
                double[] acc = new double[w * channels];
                for (int kb = k0; kb < k1; kb += VECTOR_BLOCK) {
                    int nk = Math.min(k1, kb + VECTOR_BLOCK) - kb;
                    for (int s = 0; s < nk; s++) {
                        int k = kb + s;
                        t.phases(loops, miller[3 * k], miller[3 * k + 1], miller[3 * k + 2], tileRe, tileIm, s * w);
                    }
                    for (int i = 0; i < n; i += 2) {
                        loops.projected(re, im, kb * channels, channels, tileRe, tileIm, w, i, nk, block0, block1);
                        for (int c = 0; c < channels; c++) {
                            acc[i * channels + c] += block0[c];
                            acc[(i + 1) * channels + c] += block1[c];
                        }
                    }
                }
                for (int q = 0; q < n * channels; q++) u[i0 * channels + q] = (float) acc[q];
            });
        }
        return u;
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

    /**
     * Powers e^{sign·2πi m f_jd} for |m| ≤ range[d], d = 0, 1, 2, of a block of atoms, laid out
     * power-major ([d][m][atom], re and im apart) so a row of phases over the atoms is three
     * contiguous loads per atom; read-only once built.
     */
    private static final class PowerTables {
        final int[] range;
        final int atoms;
        final float[][] re = new float[3][], im = new float[3][];

        PowerTables(int[] range, double[] fractional, int first, int atoms, int sign) {
            this.range = range;
            this.atoms = atoms;
            for (int d = 0; d < 3; d++) {
                int zero = range[d] * atoms;
                float[] r = re[d] = new float[(2 * range[d] + 1) * atoms], i = im[d] = new float[r.length];
                for (int j = 0; j < atoms; j++) {
                    double f = fractional[3 * (first + j) + d];
                    f -= Math.floor(f);
                    double er = Math.cos(2 * Math.PI * f), ei = sign * Math.sin(2 * Math.PI * f);
                    r[zero + j] = 1f;
                    double pr = 1, pi = 0;
                    for (int m = 1; m <= range[d]; m++) {
                        double nr = pr * er - pi * ei, ni = pr * ei + pi * er;
                        pr = nr;
                        pi = ni;
                        r[zero + m * atoms + j] = (float) pr;
                        i[zero + m * atoms + j] = (float) pi;
                        r[zero - m * atoms + j] = (float) pr;   // m < 0: the conjugate
                        i[zero - m * atoms + j] = (float) -pi;
                    }
                }
            }
        }

        /** (pr, pi)[out + j] = P0[h] P1[k] P2[l] of atom j, for every atom j of the block. */
        void phases(KernelLoops loops, int h, int k, int l, float[] pr, float[] pi, int out) {
            loops.phases(re[0], im[0], (h + range[0]) * atoms, re[1], im[1], (k + range[1]) * atoms,
                    re[2], im[2], (l + range[2]) * atoms, atoms, pr, pi, out);
        }
    }
}
