package org.regnet.model;

/**
 * The envelope of radius-graph edges (SCIENCE.md §1; M3GNet's polynomial cutoff):
 * e(r) = 1 − 10x³ + 15x⁴ − 6x⁵ with x = r/r_c, 1 at r = 0 and zero with zero first and second
 * derivative at the cutoff, so an atom crossing it changes nothing abruptly.
 */
final class SmoothCutoff {
    /** ∫₀¹ e(x) x² dx = 1/3 − 10/6 + 15/7 − 6/8. */
    static final double SECOND_MOMENT = 1.0 / 3 - 10.0 / 6 + 15.0 / 7 - 6.0 / 8;

    private SmoothCutoff() {}

    static float envelope(float r, double cutoff) {
        double x = r / cutoff;
        if (x >= 1) return 0f;
        double x3 = x * x * x;
        return (float) (1 - x3 * (10 - x * (15 - 6 * x)));
    }

    /** e(d) of every edge. */
    static float[] envelopes(float[] distance, double cutoff) {
        float[] out = new float[distance.length];
        for (int e = 0; e < distance.length; e++) out[e] = envelope(distance[e], cutoff);
        return out;
    }
}
