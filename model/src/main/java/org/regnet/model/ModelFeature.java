package org.regnet.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What a format-2 archive needs a build to understand, listed in its manifest ({@code requires}).
 * A build refuses an archive that names a feature it does not know (so an older build cannot
 * silently drop, say, an envelope it has never heard of); a newer build adds constants here.
 */
enum ModelFeature {
    EWALD_RECIPROCAL("reciprocal-ewald"),
    RECIPROCAL_ENVELOPE("reciprocal-envelope"),
    RADIUS_GRAPH("graph-radius"),
    SMOOTH_CUTOFF_SUM("local-smooth-cutoff-sum"),
    NON_NEGATIVE_SOFTPLUS("output-non-negative-softplus"),
    NON_NEGATIVE_HURDLE("output-non-negative-hurdle"),
    DOMAIN("domain-of-applicability"),
    /** Prediction intervals calibrated apart for crystals of unseen chemistry ({@link PredictionIntervals}). */
    INTERVALS_BY_CHEMISTRY("intervals-by-chemistry"),
    /** Prediction intervals calibrated per cell-size class ({@link PredictionIntervals#sizeClasses}). */
    INTERVALS_BY_SIZE("intervals-by-size");

    final String id;

    ModelFeature(String id) { this.id = id; }

    static ModelFeature byId(String id) {
        for (ModelFeature f : values()) if (f.id.equals(id)) return f;
        return null;
    }

    /** The features a model with this manifest content uses. */
    static List<String> of(ModelConfig config, org.regnet.crystal.graph.GraphSettings graph, List<Manifest.Task> tasks, boolean domain) {
        List<String> out = new ArrayList<>();
        if (config.reciprocal() && config.reciprocalForm() == ReciprocalForm.EWALD) out.add(EWALD_RECIPROCAL.id);
        if (config.reciprocal() && config.reciprocalEnvelope()) out.add(RECIPROCAL_ENVELOPE.id);
        if (graph.kind() == org.regnet.crystal.graph.GraphKind.RADIUS) out.add(RADIUS_GRAPH.id);
        if (config.aggregation() == LocalAggregation.SMOOTH_SUM) out.add(SMOOTH_CUTOFF_SUM.id);
        if (tasks.stream().anyMatch(Manifest.Task::nonNegative)) {
            out.add(NON_NEGATIVE_SOFTPLUS.id);
            if (config.nonNegativeHead() == NonNegativeHead.HURDLE) out.add(NON_NEGATIVE_HURDLE.id);
        }
        if (domain) out.add(DOMAIN.id);
        return out;
    }
}
