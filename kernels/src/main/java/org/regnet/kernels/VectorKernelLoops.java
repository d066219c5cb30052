package org.regnet.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernel's inner loops on the Java Vector API (incubator in JDK 17: loaded only when the JVM runs
 * with {@code --add-modules jdk.incubator.vector}). Phase rows: one register of atoms at a time.
 * Channel sums keep their accumulators in registers over all n rows (four registers of
 * channels per pass for the structure factor, 64 channels on AVX-512; two registers for each of
 * two atoms in the back-projection), so each loaded feature value feeds several FMAs without a
 * store; leftover channels go one register, then one channel, at a time. Gated messages keep
 * four independent FMA chains (two registers of gate and two of core channels) over the radial
 * basis. (Eight chains were slower: C2 then boxes the vectors.) Exp and log1p are polynomials
 * here, not the JIT's intrinsics: those round differently from the Java code that runs before the
 * JIT compiles a loop, so the same input could give different last bits early and late in a run.
 * Built from +, ×, fma and bit operations only, the results are the same bits either way.
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
    public void gaussians(float d, float[] centers, float inverseWidth, float[] out, int o) {
        int k = 0;
        for (; k + L <= centers.length; k += L) {
            FloatVector x = FloatVector.broadcast(SPECIES, d).sub(FloatVector.fromArray(SPECIES, centers, k)).mul(inverseWidth);
            exp(x.mul(x).min(GatedConvolution.GAUSSIAN_EXPONENT_LIMIT).neg()).intoArray(out, o + k);
        }
        ScalarKernelLoops.gaussians(d, centers, inverseWidth, out, o, k);
    }

    @Override
    public void gatedMessage(float[] s, int si, float[] t, int ti, float[] g, int gi, float[] w, int basis, int hidden, float[] acc, int o) {
        int width = 2 * hidden, q = 0;
        for (; q + 2 * L <= hidden; q += 2 * L) {
            FloatVector f0 = FloatVector.zero(SPECIES), f1 = f0, c0 = f0, c1 = f0;
            for (int k = 0, row = q; k < basis; k++, row += width) {
                FloatVector gk = FloatVector.broadcast(SPECIES, g[gi + k]);
                f0 = FloatVector.fromArray(SPECIES, w, row).fma(gk, f0);
                f1 = FloatVector.fromArray(SPECIES, w, row + L).fma(gk, f1);
                c0 = FloatVector.fromArray(SPECIES, w, row + hidden).fma(gk, c0);
                c1 = FloatVector.fromArray(SPECIES, w, row + hidden + L).fma(gk, c1);
            }
            addGated(f0.add(load(s, si + q)).add(load(t, ti + q)), c0.add(load(s, si + hidden + q)).add(load(t, ti + hidden + q)), acc, o + q);
            addGated(f1.add(load(s, si + q + L)).add(load(t, ti + q + L)),
                    c1.add(load(s, si + hidden + q + L)).add(load(t, ti + hidden + q + L)), acc, o + q + L);
        }
        for (; q + L <= hidden; q += L) {
            FloatVector f = FloatVector.zero(SPECIES), c = f;
            for (int k = 0, row = q; k < basis; k++, row += width) {
                FloatVector gk = FloatVector.broadcast(SPECIES, g[gi + k]);
                f = FloatVector.fromArray(SPECIES, w, row).fma(gk, f);
                c = FloatVector.fromArray(SPECIES, w, row + hidden).fma(gk, c);
            }
            addGated(f.add(load(s, si + q)).add(load(t, ti + q)), c.add(load(s, si + hidden + q)).add(load(t, ti + hidden + q)), acc, o + q);
        }
        ScalarKernelLoops.gatedMessage(s, si, t, ti, g, gi, w, basis, hidden, acc, o, q);
    }

    @Override
    public void angularMoments(float[] a, int ai, float[] g, int gi, float[] w, int basis, float[] y, int yi, int harmonics, int hidden,
                               float[] acc, int o) {
        int q = 0;
        for (; q + 2 * L <= hidden; q += 2 * L) {  // two independent sums hide the FMA latency
            FloatVector v0 = FloatVector.zero(SPECIES), v1 = v0;
            for (int k = 0, row = q; k < basis; k++, row += hidden) {
                FloatVector gk = FloatVector.broadcast(SPECIES, g[gi + k]);
                v0 = FloatVector.fromArray(SPECIES, w, row).fma(gk, v0);
                v1 = FloatVector.fromArray(SPECIES, w, row + L).fma(gk, v1);
            }
            addMoments(v0.mul(load(a, ai + q)), y, yi, harmonics, hidden, acc, o + q);
            addMoments(v1.mul(load(a, ai + q + L)), y, yi, harmonics, hidden, acc, o + q + L);
        }
        for (; q + L <= hidden; q += L) {
            FloatVector v = FloatVector.zero(SPECIES);
            for (int k = 0, row = q; k < basis; k++, row += hidden) v = FloatVector.fromArray(SPECIES, w, row).fma(FloatVector.broadcast(SPECIES, g[gi + k]), v);
            addMoments(v.mul(load(a, ai + q)), y, yi, harmonics, hidden, acc, o + q);
        }
        ScalarKernelLoops.angularMoments(a, ai, g, gi, w, basis, y, yi, harmonics, hidden, acc, o, q);
    }

    /** acc[at + m·H, at + m·H + L) += y[yi + m]·v for m < K. */
    private static void addMoments(FloatVector v, float[] y, int yi, int harmonics, int hidden, float[] acc, int at) {
        for (int m = 0; m < harmonics; m++, at += hidden) v.fma(FloatVector.broadcast(SPECIES, y[yi + m]), load(acc, at)).intoArray(acc, at);
    }

    private static FloatVector load(float[] a, int i) { return FloatVector.fromArray(SPECIES, a, i); }

    /**
     * acc[at, at + L) += sigmoid(f)·softplus(c), as the scalar loops compute it, with
     * softplus(c) = max(c, 0) + log1p(e^-|c|) (equal to PyTorch's, which passes c through above 20).
     */
    private static void addGated(FloatVector f, FloatVector c, float[] acc, int at) {
        FloatVector softplus = c.max(0f).add(log1pOfUnit(exp(c.abs().neg())));
        load(acc, at).add(softplus.div(exp(f.neg()).add(1f))).intoArray(acc, at);
    }

    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    /** e^x to about 1 ulp, arguments clamped to [-80, 80] (results stay normal floats): 2^n · Taylor(r), |r| ≤ ln2/2. */
    private static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-80f).min(80f);
        FloatVector t = xc.fma(LOG2E, ROUNDER);  // ROUNDER + n, n = round(x·log2 e)
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(SPECIES, -LN2_LO), r);
        FloatVector p = r.fma(1f / 5040, 1f / 720).fma(r, FloatVector.broadcast(SPECIES, 1f / 120))
                .fma(r, FloatVector.broadcast(SPECIES, 1f / 24)).fma(r, FloatVector.broadcast(SPECIES, 1f / 6))
                .fma(r, FloatVector.broadcast(SPECIES, 0.5f)).fma(r, FloatVector.broadcast(SPECIES, 1f)).fma(r, FloatVector.broadcast(SPECIES, 1f));
        IntVector twoToN = ((IntVector) t.reinterpretAsInts()).add(127 - ROUNDER_BITS).lanewise(VectorOperators.LSHL, 23);
        return p.mul((FloatVector) twoToN.reinterpretAsFloats());
    }

    /** log(1 + u) for u in [0, 1]: 2 atanh(s), s = u/(2 + u) ≤ 1/3, as an odd series (relative error below 1e-8). */
    private static FloatVector log1pOfUnit(FloatVector u) {
        FloatVector s = u.div(u.add(2f)), z = s.mul(s);
        FloatVector series = z.fma(1f / 13, 1f / 11).fma(z, FloatVector.broadcast(SPECIES, 1f / 9))
                .fma(z, FloatVector.broadcast(SPECIES, 1f / 7)).fma(z, FloatVector.broadcast(SPECIES, 1f / 5))
                .fma(z, FloatVector.broadcast(SPECIES, 1f / 3)).fma(z, FloatVector.broadcast(SPECIES, 1f));
        return s.add(s).mul(series);
    }

    @Override
    public String description() { return "Vector API, " + L + " float lanes"; }
}
