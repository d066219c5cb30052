package org.regnet.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How to train: optimizer (AdamW), schedule (linear warm-up, then cosine decay to 1% of the
 * peak, or a constant rate), clipping, early stopping, batching, loss and task weighting, and the seed.
 *
 * @param epochs        maximum number of epochs
 * @param batchSize     crystals per batch
 * @param maxBatchAtoms padded atoms per batch (large crystals get smaller batches)
 * @param learningRate  peak learning rate
 * @param weightDecay   decoupled weight decay (AdamW)
 * @param warmupEpochs  epochs of linear warm-up (fractions allowed)
 * @param clipNorm      global gradient-norm clipping threshold (0 = off)
 * @param patience      stop after this many epochs without a better validation loss (0 = never)
 * @param loss          per-task loss
 * @param weighting     how task losses are combined
 * @param seed          seeds initialization, data order and dropout
 * @param averageDecay  decay per step of the weights' moving average that validation, the kept epoch
 *                      and the shipped model use ({@link WeightAverage}); 0 = off, the weights as trained
 * @param schedule      the learning rate after the warm-up; left out of the JSON when cosine, so the
 *                      manifests and checkpoints written before it existed read and resume unchanged
 */
public record TrainingConfig(int epochs, int batchSize, int maxBatchAtoms, double learningRate, double weightDecay,
                             double warmupEpochs, double clipNorm, int patience, LossKind loss,
                             TaskWeighting weighting, long seed, double averageDecay,
                             @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Schedule.OmitCosine.class) Schedule schedule) {

    public enum LossKind { L1, MSE, HUBER }

    public enum TaskWeighting { EQUAL, UNCERTAINTY }

    /**
     * The learning rate after the warm-up. COSINE decays to 1 % of the peak by the last epoch;
     * CONSTANT stays at the peak, which with {@code averageDecay} and a trained starting model is
     * stochastic weight averaging (Izmailov et al. 2018): the average of the weights visited
     * at a constant rate lies nearer the centre of a wide minimum than any one of them.
     */
    public enum Schedule {
        COSINE, CONSTANT;

        /** Jackson's filter for the default: a value equal to it is left out. */
        public static final class OmitCosine {
            @Override
            public boolean equals(Object value) { return value == null || value == COSINE; }

            @Override
            public int hashCode() { return 0; }
        }
    }

    public TrainingConfig {
        if (schedule == null) schedule = Schedule.COSINE;  // a manifest from before the choice
        if (epochs < 1 || batchSize < 1 || maxBatchAtoms < 1) throw new IllegalArgumentException("epochs and batch sizes must be positive");
        if (!(learningRate > 0) || weightDecay < 0 || warmupEpochs < 0 || clipNorm < 0 || patience < 0) {
            throw new IllegalArgumentException("learning rate must be positive; decay, warm-up, clipping and patience non-negative");
        }
        if (!(averageDecay >= 0 && averageDecay < 1)) throw new IllegalArgumentException("the weight average's decay must lie in [0, 1): " + averageDecay);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(100, 64, 4096, 2e-3, 1e-5, 1, 5.0, 20, LossKind.L1, TaskWeighting.UNCERTAINTY, 42, 0, Schedule.COSINE);
    }

    public TrainingConfig withEpochs(int e) { return new TrainingConfig(e, batchSize, maxBatchAtoms, learningRate, weightDecay, warmupEpochs, clipNorm, patience, loss, weighting, seed, averageDecay, schedule); }
    public TrainingConfig withBatchSize(int b) { return new TrainingConfig(epochs, b, maxBatchAtoms, learningRate, weightDecay, warmupEpochs, clipNorm, patience, loss, weighting, seed, averageDecay, schedule); }
    public TrainingConfig withLearningRate(double lr) { return new TrainingConfig(epochs, batchSize, maxBatchAtoms, lr, weightDecay, warmupEpochs, clipNorm, patience, loss, weighting, seed, averageDecay, schedule); }
    public TrainingConfig withWarmup(double w) { return new TrainingConfig(epochs, batchSize, maxBatchAtoms, learningRate, weightDecay, w, clipNorm, patience, loss, weighting, seed, averageDecay, schedule); }
    public TrainingConfig withLoss(LossKind l) { return new TrainingConfig(epochs, batchSize, maxBatchAtoms, learningRate, weightDecay, warmupEpochs, clipNorm, patience, l, weighting, seed, averageDecay, schedule); }
    public TrainingConfig withWeighting(TaskWeighting w) { return new TrainingConfig(epochs, batchSize, maxBatchAtoms, learningRate, weightDecay, warmupEpochs, clipNorm, patience, loss, w, seed, averageDecay, schedule); }
    public TrainingConfig withAverageDecay(double d) { return new TrainingConfig(epochs, batchSize, maxBatchAtoms, learningRate, weightDecay, warmupEpochs, clipNorm, patience, loss, weighting, seed, d, schedule); }
    public TrainingConfig withPatience(int p) { return new TrainingConfig(epochs, batchSize, maxBatchAtoms, learningRate, weightDecay, warmupEpochs, clipNorm, p, loss, weighting, seed, averageDecay, schedule); }

    public TrainingConfig withSchedule(Schedule s) { return new TrainingConfig(epochs, batchSize, maxBatchAtoms, learningRate, weightDecay, warmupEpochs, clipNorm, patience, loss, weighting, seed, averageDecay, s); }

    /** Learning rate at a fractional epoch position. */
    public double learningRateAt(double epoch) {
        if (epoch < warmupEpochs) return learningRate * (epoch + 1e-3) / warmupEpochs;
        if (schedule == Schedule.CONSTANT) return learningRate;
        double progress = Math.min(1, (epoch - warmupEpochs) / Math.max(1e-9, epochs - warmupEpochs));
        return learningRate * (0.01 + 0.99 * 0.5 * (1 + StrictMath.cos(Math.PI * progress)));  // StrictMath: the same bits every run
    }
}
