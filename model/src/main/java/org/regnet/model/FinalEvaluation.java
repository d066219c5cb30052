package org.regnet.model;

import org.regnet.data.BatchPlanner;
import org.regnet.data.Dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The end of a training run, on the best epoch's network: metrics of every split, the training
 * domain fitted on the training crystals, and prediction intervals calibrated on the validation
 * crystals (split conformal), whose coverage and width on the test crystals join the test metrics.
 *
 * @param metrics   per split ("train", "validation", "test"; a split without crystals is left out), per task, name → value
 * @param intervals null without validation crystals to calibrate on
 */
record FinalEvaluation(Map<String, Map<String, Map<String, Double>>> metrics, TrainingDomain domain, PredictionIntervals intervals) {

    /** The rows of the three splits in the job's data. */
    record Rows(int[] train, int[] validation, int[] test) {}

    /**
     * @param stopRequested asked between two batches of the network's passes
     * @throws CancellationException when {@code stopRequested} said so; nothing is written
     */
    static FinalEvaluation of(TrainingJob job, Network network, BatchPlanner planner, TrainingScores scores, Rows rows,
                              BooleanSupplier stopRequested) {
        Dataset data = job.data();
        Map<String, Map<String, Map<String, Double>>> metrics = new LinkedHashMap<>();
        Network.Outputs trained = network.run(data.graphs(), rows.train(), planner, InferencePath.REFERENCE, stopRequested);
        metrics.put("train", scores.metrics(rows.train(), scores.physical(rows.train(), trained.values())));
        // one pass over validation and test serves their metrics and the interval calibration
        Network.Outputs validated = rows.validation().length > 0
                ? network.run(data.graphs(), rows.validation(), planner, InferencePath.REFERENCE, stopRequested) : null;
        Network.Outputs tested = rows.test().length > 0
                ? network.run(data.graphs(), rows.test(), planner, InferencePath.REFERENCE, stopRequested) : null;
        if (validated != null) metrics.put("validation", scores.metrics(rows.validation(), scores.physical(rows.validation(), validated.values())));
        if (tested != null) metrics.put("test", scores.metrics(rows.test(), scores.physical(rows.test(), tested.values())));
        TrainingDomain domain = domain(data, job.tasks(), rows.train(), trained);
        PredictionIntervals intervals = null;
        if (validated != null) {
            Labelled v = labelled(data, scores, rows.validation(), validated, domain);
            intervals = PredictionIntervals.fit(job.tasks(), v.predicted(), v.actual(), v.distance(), data.graphsOf(rows.validation()),
                    data.chemicalSystemsOf(rows.train()), PredictionIntervals.DEFAULT_COVERAGE, "validation split (" + rows.validation().length + " crystals)");
            if (tested != null) {
                Labelled t = labelled(data, scores, rows.test(), tested, domain);
                metrics.put("test", IntervalMetrics.add(metrics.get("test"), job.tasks(), intervals, t.predicted(), t.actual(), t.distance(),
                        data.graphsOf(rows.test())));
            }
        }
        return new FinalEvaluation(metrics, domain, intervals);
    }

    /** The training crystals' embeddings and label ranges. */
    private static TrainingDomain domain(Dataset data, List<TaskSpec> tasks, int[] train, Network.Outputs trained) {
        List<float[]> embeddings = new ArrayList<>(train.length);
        for (int r : train) embeddings.add(trained.embedding()[r]);
        Map<String, TrainingDomain.Range> labelRanges = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            double[] labels = new double[train.length];
            for (int i = 0; i < train.length; i++) labels[i] = data.labels()[train[i]][t];
            labelRanges.put(tasks.get(t).name(), TrainingDomain.Range.of(labels));
        }
        return TrainingDomain.fit(data.graphsOf(train), embeddings, labelRanges);
    }

    /** Predictions and labels ([task][i]) and embedding distances of some rows. */
    private record Labelled(double[][] predicted, double[][] actual, double[] distance) {}

    private static Labelled labelled(Dataset data, TrainingScores scores, int[] rows, Network.Outputs outputs, TrainingDomain domain) {
        double[][] physical = scores.physical(rows, outputs.values());
        int tasks = physical.length;
        double[][] predicted = new double[tasks][rows.length], actual = new double[tasks][rows.length];
        double[] distance = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            distance[i] = domain.distance(outputs.embedding()[rows[i]]);
            for (int t = 0; t < tasks; t++) {
                predicted[t][i] = physical[t][rows[i]];
                actual[t][i] = data.labels()[rows[i]][t];
            }
        }
        return new Labelled(predicted, actual, distance);
    }
}
