package org.regnet.model;

/** Progress of a training run (the CLI draws a progress bar from it). Default methods do nothing. */
public interface TrainingListener {
    default void message(String line) { }

    default void epochStarted(int epoch, int epochs, int batches) { }

    default void batchDone(int batch, double loss) { }

    /** @param summary one line with losses and per-task MAE */
    default void epochDone(int epoch, String summary) { }
}
