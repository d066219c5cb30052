package org.regnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernel's inner loops on the Java Vector API (incubator in JDK 17: loaded only when the JVM runs
 * with {@code --add-modules jdk.incubator.vector}). Phase rows: one register of atoms at a time.
 * Channel sums keep their accumulators in registers over all n rows (four registers of
 * channels per pass for the structure factor, 64 channels on AVX-512; two registers for each of
 * two atoms in the back-projection), so each loaded feature value feeds several FMAs without a
 * store; leftover channels go one register, then one channel, at a time.
 */
final class VectorKernelLoops implements KernelLoops {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    @Override
    public void phases(float[] ar, float[] ai, int a, float[] br, float[] bi, int b, float[] cr, float[] ci, int c, int n, float[] pr, float[] pi, int out) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector xr = FloatVector.fromArray(SPECIES, ar, a + j), xi = FloatVector.fromArray(SPECIES, ai, a + j);
            FloatVector yr = FloatVector.fromArray(SPECIES, br, b + j), yi = FloatVector.fromArray(SPECIES, bi, b + j);
            FloatVector zr = FloatVector.fromArray(SPECIES, cr, c + j), zi = FloatVector.fromArray(SPECIES, ci, c + j);
            FloatVector abr = xr.mul(yr).sub(xi.mul(yi)), abi = xr.mul(yi).add(xi.mul(yr));
            abr.mul(zr).sub(abi.mul(zi)).intoArray(pr, out + j);
            abr.mul(zi).add(abi.mul(zr)).intoArray(pi, out + j);
        }
        for (; j < n; j++) {
            float xr = ar[a + j], xi = ai[a + j], yr = br[b + j], yi = bi[b + j], zr = cr[c + j], zi = ci[c + j];
            float abr = xr * yr - xi * yi, abi = xr * yi + xi * yr;
            pr[out + j] = abr * zr - abi * zi;
            pi[out + j] = abr * zi + abi * zr;
        }
    }

    @Override
    public void weighted(float[] a, int from, int channels, float[] wr, float[] wi, int n, float[] re, float[] im) {
        int c = 0;
        for (; c + 4 * L <= channels; c += 4 * L) {
            FloatVector r0 = FloatVector.zero(SPECIES), r1 = r0, r2 = r0, r3 = r0, i0 = r0, i1 = r0, i2 = r0, i3 = r0;
            for (int s = 0, row = from + c; s < n; s++, row += channels) {
                FloatVector pr = FloatVector.broadcast(SPECIES, wr[s]), pi = FloatVector.broadcast(SPECIES, wi[s]);
                FloatVector v0 = FloatVector.fromArray(SPECIES, a, row), v1 = FloatVector.fromArray(SPECIES, a, row + L);
                FloatVector v2 = FloatVector.fromArray(SPECIES, a, row + 2 * L), v3 = FloatVector.fromArray(SPECIES, a, row + 3 * L);
                r0 = v0.fma(pr, r0); r1 = v1.fma(pr, r1); r2 = v2.fma(pr, r2); r3 = v3.fma(pr, r3);
                i0 = v0.fma(pi, i0); i1 = v1.fma(pi, i1); i2 = v2.fma(pi, i2); i3 = v3.fma(pi, i3);
            }
            r0.intoArray(re, c); r1.intoArray(re, c + L); r2.intoArray(re, c + 2 * L); r3.intoArray(re, c + 3 * L);
            i0.intoArray(im, c); i1.intoArray(im, c + L); i2.intoArray(im, c + 2 * L); i3.intoArray(im, c + 3 * L);
        }
        for (; c + L <= channels; c += L) {
            FloatVector r = FloatVector.zero(SPECIES), i = r;
            for (int s = 0, row = from + c; s < n; s++, row += channels) {
                FloatVector v = FloatVector.fromArray(SPECIES, a, row);
                r = v.fma(FloatVector.broadcast(SPECIES, wr[s]), r);
                i = v.fma(FloatVector.broadcast(SPECIES, wi[s]), i);
            }
            r.intoArray(re, c);
            i.intoArray(im, c);
        }
        for (; c < channels; c++) {
            float r = 0, i = 0;
            for (int s = 0, row = from + c; s < n; s++, row += channels) {
                r += a[row] * wr[s];
                i += a[row] * wi[s];
            }
            re[c] = r;
            im[c] = i;
        }
    }

    @Override
    public void projected(float[] a, float[] b, int from, int channels, float[] wa, float[] wb, int w, int col, int n, float[] out0, float[] out1) {
        int c = 0;
        for (; c + 2 * L <= channels; c += 2 * L) {
            FloatVector p0 = FloatVector.zero(SPECIES), p1 = p0, q0 = p0, q1 = p0;  // atom col: p, atom col + 1: q
            for (int s = 0, row = from + c, t = col; s < n; s++, row += channels, t += w) {
                FloatVector a0 = FloatVector.fromArray(SPECIES, a, row), a1 = FloatVector.fromArray(SPECIES, a, row + L);
                FloatVector b0 = FloatVector.fromArray(SPECIES, b, row), b1 = FloatVector.fromArray(SPECIES, b, row + L);
                FloatVector pa = FloatVector.broadcast(SPECIES, wa[t]), pb = FloatVector.broadcast(SPECIES, -wb[t]);
                FloatVector qa = FloatVector.broadcast(SPECIES, wa[t + 1]), qb = FloatVector.broadcast(SPECIES, -wb[t + 1]);
                p0 = b0.fma(pb, a0.fma(pa, p0)); p1 = b1.fma(pb, a1.fma(pa, p1));
                q0 = b0.fma(qb, a0.fma(qa, q0)); q1 = b1.fma(qb, a1.fma(qa, q1));
            }
            p0.intoArray(out0, c); p1.intoArray(out0, c + L);
            q0.intoArray(out1, c); q1.intoArray(out1, c + L);
        }
        for (; c < channels; c++) {
            float p = 0, q = 0;
            for (int s = 0, row = from + c, t = col; s < n; s++, row += channels, t += w) {
                p += a[row] * wa[t] - b[row] * wb[t];
                q += a[row] * wa[t + 1] - b[row] * wb[t + 1];
            }
            out0[c] = p;
            out1[c] = q;
        }
    }

    @Override
    public String description() { return "Vector API, " + L + " float lanes"; }
}
