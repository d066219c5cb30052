package org.regnet.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of the weights over optimizer steps (Polyak averaging, as MACE and
 * NequIP train with): a = d_t · a + (1 − d_t) · w after each step, with d_t = min(d, (1 + t)/(10 + t))
 * so that the first steps, far from any minimum, fade out quickly. Validation, the kept epoch and
 * the shipped weights then use the average, which smooths out the last steps' noise. Its state is
 * saved in checkpoints, so a resumed run continues bit for bit.
 */
final class WeightAverage {
    private final double decay;
    private final List<float[]> average = new ArrayList<>();
    private long steps;

    /** @param decay d, in (0, 1); the average spans about 1/(1 − d) steps */
    WeightAverage(double decay, List<float[]> initial) {
        if (!(decay > 0 && decay < 1)) throw new IllegalArgumentException("the weight average's decay must lie in (0, 1): " + decay);
        this.decay = decay;
        for (float[] w : initial) average.add(w.clone());
    }

    /** Folds the weights after one optimizer step into the average. */
    void update(List<float[]> weights) {
        steps++;
        double d = Math.min(decay, (1.0 + steps) / (10.0 + steps));
        for (int i = 0; i < average.size(); i++) {
            float[] a = average.get(i), w = weights.get(i);
            for (int k = 0; k < a.length; k++) a[k] = (float) (d * a[k] + (1 - d) * w[k]);
        }
    }

    /** The averaged weights, in the order they were given (read only). */
    List<float[]> weights() { return average; }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        for (float[] a : average) for (float v : a) out.writeFloat(v);
    }

    void read(DataInputStream in) throws IOException {
        steps = in.readLong();
        for (float[] a : average) for (int k = 0; k < a.length; k++) a[k] = in.readFloat();
    }
}
