package org.regnet.model;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file after each epoch that lets a training run continue bit for bit: where it stands, the
 * task weights, the optimizer's moments, the weights and their moving average. A fingerprint of
 * the run's settings guards the resume: a checkpoint of other settings is refused, not mixed in.
 * Written atomically, so a run killed while writing keeps the previous epoch's checkpoint.
 */
final class TrainingCheckpoint {
    /** The checkpoint's name in a run directory. */
    static final String FILE = "checkpoint.bin";
    private static final String MAGIC = "regnet-checkpoint-1";

    /**
     * Where a run stands after an epoch.
     *
     * @param epochsDone epochs finished
     * @param bestEpoch  0-based epoch of the best validation score so far, -1 before the first
     * @param stale      epochs since the best one (early stopping)
     * @param bestScore  the best validation score so far
     * @param elapsed    training wall time in seconds over all sessions of the run
     */
    record Progress(int epochsDone, int bestEpoch, int stale, double bestScore, double elapsed) {
        static final Progress START = new Progress(0, -1, 0, Double.POSITIVE_INFINITY, 0);
    }

    /** The state a checkpoint holds besides the progress; {@code average} is null when training keeps no average. */
    record State(float[] logVariance, AdamW optimizer, Network network, WeightAverage average) {}

    private TrainingCheckpoint() {}

    static void save(Path file, String fingerprint, Progress progress, State state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeUTF(fingerprint);
            out.writeInt(progress.epochsDone());
            out.writeInt(progress.bestEpoch());
            out.writeInt(progress.stale());
            out.writeDouble(progress.bestScore());
            out.writeDouble(progress.elapsed());
            for (float v : state.logVariance()) out.writeFloat(v);
            state.optimizer().write(out);
            state.network().save(out);
            if (state.average() != null) state.average().write(out);
        }
        ModelArchive.writeAtomically(file, bytes.toByteArray());
    }

    /**
     * Reads a checkpoint into {@code state} (task weights, optimizer, network parameters, average).
     *
     * @throws IOException when the file is not a checkpoint, or was made with another fingerprint
     */
    static Progress load(Path file, String fingerprint, State state) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF())) throw new IOException(file + ": not a regnet checkpoint");
            if (!in.readUTF().equals(fingerprint)) {
                throw new IOException(file + ": the checkpoint was made with other settings, data split or tasks; "
                        + "resume with the same options, or train into a new --out directory");
            }
            Progress progress = new Progress(in.readInt(), in.readInt(), in.readInt(), in.readDouble(), in.readDouble());
            float[] logVariance = state.logVariance();
            for (int t = 0; t < logVariance.length; t++) logVariance[t] = in.readFloat();
            state.optimizer().read(in);
            state.network().load(in);
            if (state.average() != null) state.average().read(in);
            return progress;
        }
    }
}
