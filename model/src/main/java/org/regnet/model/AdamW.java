package org.regnet.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * AdamW (Loshchilov & Hutter) over the model's parameters as plain float arrays, with global
 * gradient-norm clipping. Its whole state (moments, step) is saved in checkpoints, so a resumed
 * run continues bit for bit. The model is small (10⁵ parameters), so the update is cheap in Java.
 */
final class AdamW {
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;
    private final float[][] first;
    private final float[][] second;
    private long step;

    AdamW(List<float[]> shapes) {
        first = new float[shapes.size()][];
        second = new float[shapes.size()][];
        for (int i = 0; i < shapes.size(); i++) {
            first[i] = new float[shapes.get(i).length];
            second[i] = new float[shapes.get(i).length];
        }
    }

    long step() { return step; }

    /** Clips the gradients to a global norm (0 = off) and returns the norm before clipping. */
    static double clip(List<float[]> gradients, double maxNorm) {
        double sum = 0;
        for (float[] g : gradients) for (float v : g) sum += (double) v * v;
        double norm = Math.sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-12));
            for (float[] g : gradients) for (int k = 0; k < g.length; k++) g[k] *= scale;
        }
        return norm;
    }

    /** One update of {@code weights} in place; decay is skipped for biases and norms (decay[i] false). */
    void update(List<float[]> weights, List<float[]> gradients, boolean[] decay, double learningRate, double weightDecay) {
        step++;
        double c1 = 1 - StrictMath.pow(BETA1, step), c2 = 1 - StrictMath.pow(BETA2, step);  // StrictMath: the same bits every run
        for (int i = 0; i < weights.size(); i++) {
            float[] w = weights.get(i), g = gradients.get(i), m = first[i], v = second[i];
            double shrink = decay[i] ? 1 - learningRate * weightDecay : 1;
            for (int k = 0; k < w.length; k++) {
                m[k] = (float) (BETA1 * m[k] + (1 - BETA1) * g[k]);
                v[k] = (float) (BETA2 * v[k] + (1 - BETA2) * g[k] * g[k]);
                double mHat = m[k] / c1, vHat = v[k] / c2;
                w[k] = (float) (w[k] * shrink - learningRate * mHat / (Math.sqrt(vHat) + EPSILON));
            }
        }
    }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(step);
        out.writeInt(first.length);
        for (int i = 0; i < first.length; i++) {
            out.writeInt(first[i].length);
            for (int k = 0; k < first[i].length; k++) {
                out.writeFloat(first[i][k]);
                out.writeFloat(second[i][k]);
            }
        }
    }

    void read(DataInputStream in) throws IOException {
        step = in.readLong();
        if (in.readInt() != first.length) throw new IOException("optimizer state does not match the model");
        for (int i = 0; i < first.length; i++) {
            if (in.readInt() != first[i].length) throw new IOException("optimizer state does not match the model");
            for (int k = 0; k < first[i].length; k++) {
                first[i][k] = in.readFloat();
                second[i][k] = in.readFloat();
            }
        }
    }
}
