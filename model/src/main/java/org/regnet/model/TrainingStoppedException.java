package org.regnet.model;

import java.io.IOException;

/**
 * Training stopped because its {@link StopSignal} was raised. The directory keeps the checkpoint of
 * the last finished epoch (and the best epoch's model), so the same job with resume continues
 * exactly where an uninterrupted run would be.
 */
public final class TrainingStoppedException extends IOException {
    private final int epochsDone;

    TrainingStoppedException(String message, int epochsDone) {
        super(message);
        this.epochsDone = epochsDone;
    }

    /** Epochs finished and checkpointed before the stop. */
    public int epochsDone() {
        return epochsDone;
    }
}
