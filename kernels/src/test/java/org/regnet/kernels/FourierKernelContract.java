package org.regnet.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every backend must satisfy: parity with the double-precision direct sum (≤ 1e-5 relative,
 * fresh random inputs each run), and the adjoint identities a gradient relies on.
 */
abstract class FourierKernelContract {
    static final double TOLERANCE = 1e-5;

    abstract FourierKernel kernel();

    @Test
    void structureFactorMatchesDirectSum() {
        Random r = new Random(System.nanoTime());
        for (FourierBatch b : RandomBatches.cases(r)) {
            for (int channels : new int[] {1, 13, 64, 70}) {
                if (b.atoms() * (long) b.vectors() * channels > 60_000_000L) continue;  // keep the reference sum quick
                float[] x = RandomBatches.values(r, b.atoms() * channels);
                float[][] s = kernel().structureFactor(b, x, channels);
                double[][] ref = DirectSum.structureFactor(b, x, channels);
                double e = Math.max(DirectSum.relativeError(s[0], ref[0]), DirectSum.relativeError(s[1], ref[1]));
                assertTrue(e <= TOLERANCE, kernel().name() + " S error " + e + " for " + b.atoms() + " atoms, " + b.vectors() + " vectors, C = " + channels);
            }
        }
    }

    @Test
    void backProjectionMatchesDirectSum() {
        Random r = new Random(System.nanoTime());
        for (FourierBatch b : RandomBatches.cases(r)) {
            for (int channels : new int[] {1, 13, 64, 70}) {
                if (b.atoms() * (long) b.vectors() * channels > 60_000_000L) continue;
                float[] re = RandomBatches.values(r, b.vectors() * channels), im = RandomBatches.values(r, b.vectors() * channels);
                float[] u = kernel().backProject(b, re, im, channels);
                double e = DirectSum.relativeError(u, DirectSum.backProject(b, re, im, channels));
                assertTrue(e <= TOLERANCE, kernel().name() + " u error " + e + " for " + b.atoms() + " atoms, " + b.vectors() + " vectors, C = " + channels);
            }
        }
    }

    @Test
    void adjointsSatisfyTheInnerProductIdentity() {
        // <S(x), g> = <x, S^T(g)> and <B(T), v> = <T, B^T(v)>
        Random r = new Random(System.nanoTime());
        FourierBatch b = RandomBatches.batch(r, new int[] {9, 31}, new int[] {17, 40}, 5);
        int channels = 6;
        float[] x = RandomBatches.values(r, b.atoms() * channels);
        float[] gRe = RandomBatches.values(r, b.vectors() * channels), gIm = RandomBatches.values(r, b.vectors() * channels);
        float[][] s = kernel().structureFactor(b, x, channels);
        double lhs = dot(s[0], gRe) + dot(s[1], gIm);
        double rhs = dot(x, kernel().structureFactorAdjoint(b, gRe, gIm, channels));
        assertTrue(Math.abs(lhs - rhs) <= 1e-4 * Math.max(1, Math.abs(lhs)), lhs + " vs " + rhs);
        float[] v = RandomBatches.values(r, b.atoms() * channels);
        float[] u = kernel().backProject(b, gRe, gIm, channels);
        float[][] adj = kernel().backProjectAdjoint(b, v, channels);
        double l2 = dot(u, v), r2 = dot(gRe, adj[0]) + dot(gIm, adj[1]);
        assertTrue(Math.abs(l2 - r2) <= 1e-4 * Math.max(1, Math.abs(l2)), l2 + " vs " + r2);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
