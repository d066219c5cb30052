package org.regnet.model;

import org.regnet.crystal.graph.GraphSettings;

import java.util.List;
import java.util.Map;

/**
 * The JSON manifest of a model archive: everything needed to rebuild the network and to
 * reproduce the numbers (Tribuo-style provenance). Read and written with Jackson.
 *
 * @param formatVersion archive format; loading refuses other major versions
 * @param architecture  the network's hyperparameters
 * @param tasks         predicted properties with their normalization (training-split statistics)
 * @param graph         neighbour-graph settings the model was trained with
 * @param occupancy     occupancy policy used for training inputs
 * @param elements      atomic numbers seen in training (others get an untrained embedding: a warning)
 * @param provenance    data hashes, split, seed, code version, training settings, time, and the model
 *                      training started from (name or path and parameters' SHA-256; null for a fresh start)
 * @param metrics       per split and task: mae, rmse, r2, count
 */
public record Manifest(int formatVersion, ModelConfig architecture, List<Task> tasks, GraphSettings graph,
                       String occupancy, List<Integer> elements, Provenance provenance,
                       Map<String, Map<String, Map<String, Double>>> metrics) {

    public static final int FORMAT_VERSION = 1;

    /**
     * A predicted property and its normalization.
     *
     * @param lossLogVariance the task's learned log-variance in the uncertainty-weighted loss (its
     *                        weight is exp(-s)), so that fine-tuning keeps the balance of tasks;
     *                        null for equal weighting and for untrained or older models
     */
    public record Task(String name, String unit, boolean extensive, double mean, double std, Double lossLogVariance) {}

    public record Provenance(String codeVersion, String created, List<DataFile> data, String split,
                             Map<String, Integer> splitSizes, long seed, TrainingConfig training,
                             int epochsTrained, int bestEpoch, double trainingSeconds, String command,
                             String initializedFrom) {}

    public record DataFile(String path, String sha256) {}
}
