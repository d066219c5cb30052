package org.regnet.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random ragged batches: odd atom and vector counts, Miller indices up to a bound, coordinates outside [0, 1) too. */
final class RandomBatches {
    private RandomBatches() {}

    static FourierBatch batch(Random r, int[] atoms, int[] vectors, int maxIndex) {
        int b = atoms.length;
        int[] ao = new int[b + 1], vo = new int[b + 1];
        for (int i = 0; i < b; i++) {
            ao[i + 1] = ao[i] + atoms[i];
            vo[i + 1] = vo[i] + vectors[i];
        }
        int[] miller = new int[3 * vo[b]];
        for (int k = 0; k < vo[b]; k++) {
            do {
                for (int d = 0; d < 3; d++) miller[3 * k + d] = r.nextInt(2 * maxIndex + 1) - maxIndex;
            } while (miller[3 * k] == 0 && miller[3 * k + 1] == 0 && miller[3 * k + 2] == 0);
        }
        double[] frac = new double[3 * ao[b]];
        for (int i = 0; i < frac.length; i++) frac[i] = r.nextDouble() * 3 - 1;  // wrapped or not: phases use n·f mod 1
        return new FourierBatch(ao, vo, miller, frac);
    }

    static float[] values(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    /** Odd sizes and a large cell. */
    static List<FourierBatch> cases(Random r) {
        List<FourierBatch> out = new ArrayList<>();
        out.add(batch(r, new int[] {1}, new int[] {1}, 2));
        out.add(batch(r, new int[] {7, 1, 33, 129}, new int[] {13, 3, 65, 257}, 6));
        out.add(batch(r, new int[] {2000}, new int[] {777}, 20));
        return out;
    }
}
