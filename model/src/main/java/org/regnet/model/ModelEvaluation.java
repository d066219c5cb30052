package org.regnet.model;

import org.regnet.data.CrystalGraph;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model scored on labelled crystals: per task the count, MAE, RMSE and R², the coverage and
 * width of its prediction intervals (a calibrated model), with the per-crystal labels and
 * predictions behind them (for parity plots). The data come from
 * {@link PropertyModel#labelledData}, featurized as the model was trained.
 *
 * @param scores one per requested target, in the order asked
 */
public record ModelEvaluation(List<TaskScore> scores) {

    /**
     * Which crystals are scored: all, or those of the data in one part of the model's own split.
     * {@code TEST_UNSEEN_CHEMISTRY} keeps the test crystals whose chemical system (element set, as
     * {@link Dataset#chemicalSystems}) no training crystal has: a random split's own measure of how
     * the model does on chemistries it never learned from, fair also to a model distilled from a
     * teacher trained on the same training crystals. It needs the training crystals in the data.
     */
    public enum Subset { ALL, TRAIN, VALIDATION, TEST, TEST_UNSEEN_CHEMISTRY }

    /**
     * One task's scores. {@code actual} holds NaN for a crystal without this label; such crystals
     * count in neither the metrics nor {@code count}.
     *
     * @param intervalCoverage the share of labelled crystals whose label lies in the prediction
     *                         interval: whether the model's calibration holds on these crystals; NaN
     *                         when the model has no interval for the task
     * @param intervalWidth    the intervals' mean width over the labelled crystals; NaN likewise
     */
    public record TaskScore(TaskSpec task, int count, double mae, double rmse, double r2, double intervalCoverage, double intervalWidth,
                            List<String> ids, double[] actual, double[] predicted) {}

    /**
     * Scores {@code model} on {@code data}'s targets (each one the model predicts) over the subset.
     *
     * @throws IllegalArgumentException for a target the model does not predict, a split subset
     *                                  when the model has no split, or a subset with none of the data's crystals
     */
    public static ModelEvaluation of(PropertyModel model, Dataset data, Subset subset) {
        List<String> names = requirePredicted(model, data.targets());
        int[] rows = rows(data, model.split(), subset);
        List<CrystalGraph> graphs = new ArrayList<>();
        List<String> scored = new ArrayList<>();
        for (int r : rows) {
            graphs.add(data.graphs().get(r));
            scored.add(data.graphs().get(r).id());
        }
        List<String> ids = List.copyOf(scored);
        PropertyModel.Estimates estimates = model.estimate(graphs);
        double[][] predicted = estimates.mean();
        List<TaskScore> scores = new ArrayList<>();
        for (int k = 0; k < data.targets().size(); k++) {
            int t = names.indexOf(data.targets().get(k));
            double[] p = new double[rows.length], a = new double[rows.length];
            int labelled = 0, inside = 0;
            double width = 0;
            boolean calibrated = estimates.lower() != null && rows.length > 0 && !Double.isNaN(estimates.lower()[0][t]);
            for (int i = 0; i < rows.length; i++) {
                p[i] = predicted[i][t];
                a[i] = data.labels()[rows[i]][k];
                if (!calibrated || Double.isNaN(a[i])) continue;
                labelled++;
                width += estimates.upper()[i][t] - estimates.lower()[i][t];
                if (a[i] >= estimates.lower()[i][t] && a[i] <= estimates.upper()[i][t]) inside++;
            }
            Map<String, Double> m = Evaluation.metrics(p, a);
            boolean covered = calibrated && labelled > 0;
            scores.add(new TaskScore(model.tasks().get(t), m.get("count").intValue(), m.getOrDefault("mae", Double.NaN),
                    m.getOrDefault("rmse", Double.NaN), m.getOrDefault("r2", Double.NaN),
                    covered ? (double) inside / labelled : Double.NaN, covered ? width / labelled : Double.NaN, ids, a, p));
        }
        return new ModelEvaluation(List.copyOf(scores));
    }

    /**
     * The model's task names, after checking that it predicts every target (a caller may check
     * before loading any data).
     *
     * @throws IllegalArgumentException naming a target the model does not predict
     */
    public static List<String> requirePredicted(PropertyModel model, List<String> targets) {
        List<String> names = new ArrayList<>();
        for (TaskSpec t : model.tasks()) names.add(t.name());
        for (String target : targets) {
            if (!names.contains(target)) throw new IllegalArgumentException("the model does not predict '" + target + "' (it predicts " + names + ")");
        }
        return names;
    }

    private static int[] rows(Dataset data, Split split, Subset subset) {
        if (subset == Subset.ALL) {
            int[] all = new int[data.size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        String part = subset == Subset.TEST_UNSEEN_CHEMISTRY ? "test" : subset.name().toLowerCase(java.util.Locale.ROOT);
        if (split == null) {
            throw new IllegalArgumentException("the model has no split (no split.json, or ensemble members trained on different splits); score all crystals instead of the " + part + " set");
        }
        List<String> ids = switch (subset) {
            case TRAIN -> split.train();
            case VALIDATION -> split.validation();
            default -> split.test();
        };
        // the crystals of that part which the data hold: a user may score on some of them
        int[] rows = data.indicesOfPresent(ids);
        if (rows.length == 0) {
            throw new IllegalArgumentException("none of these crystals is in the model's " + part + " set (split: " + split.method() + ")");
        }
        return subset == Subset.TEST_UNSEEN_CHEMISTRY ? unseenChemistry(data, split, rows) : rows;
    }

    /** The rows whose chemical system is not that of any training crystal. */
    private static int[] unseenChemistry(Dataset data, Split split, int[] rows) {
        int[] trainRows = data.indicesOfPresent(split.train());
        int missing = split.train().size() - trainRows.length;
        if (missing > 0) {
            throw new IllegalArgumentException("scoring unseen chemistry needs the model's training crystals in the data, to know which chemical systems it learned from; "
                    + missing + " of " + split.train().size() + " are missing");
        }
        List<String> systems = data.chemicalSystems();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int r : trainRows) seen.add(systems.get(r));
        int[] unseen = java.util.Arrays.stream(rows).filter(r -> !seen.contains(systems.get(r))).toArray();
        if (unseen.length == 0) throw new IllegalArgumentException("every test crystal's chemical system is also in the training set (split: " + split.method() + ")");
        return unseen;
    }
}
