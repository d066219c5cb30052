package org.regnet.cli;

import org.regnet.crystal.graph.GraphKind;
import org.regnet.crystal.graph.GraphSettings;
import org.regnet.crystal.graph.UnderfilledPolicy;
import org.regnet.model.ModelConfig;
import picocli.CommandLine.Option;

/** Neighbour-graph options (SCIENCE.md §1), shared by every command that builds graphs. */
public final class GraphOptionsMixin {
    @Option(names = "--graph", paramLabel = "KIND", defaultValue = "radius", converter = KindConverter.class,
            description = {"radius: every neighbour within --cutoff, weighted by a smooth envelope (continuous, blind to vacuum; model v2). "
                    + "nearest: the M nearest within --cutoff, widened when fewer (the graph of format-1 models; predictions jump "
                    + "when neighbours swap). Default: ${DEFAULT-VALUE}."})
    GraphKind kind;

    @Option(names = "--cutoff", paramLabel = "Å", description = "Neighbour search radius (Å). Default: 4 for radius graphs, 8 for nearest.")
    Double cutoff;

    @Option(names = "--max-neighbors", paramLabel = "M", defaultValue = "12",
            description = "nearest: keep the M nearest neighbours per atom, plus the rest of the M-th neighbour's shell. Default: ${DEFAULT-VALUE}.")
    int maxNeighbors;

    @Option(names = "--hard-cap", paramLabel = "N", description = "nearest: never keep more than N neighbours per atom, even to complete a shell. Default: 2 × M.")
    Integer hardCap;

    @Option(names = "--underfilled", paramLabel = "POLICY", defaultValue = "widen", converter = UnderfilledConverter.class,
            description = "nearest: atoms with fewer than M neighbours within the cutoff: widen (the cutoff, up to --max-cutoff), warn, error, skip. Default: ${DEFAULT-VALUE}.")
    UnderfilledPolicy underfilled;

    @Option(names = "--max-cutoff", paramLabel = "Å", defaultValue = "24.0", description = "nearest: how far 'widen' may widen the cutoff (Å). Default: ${DEFAULT-VALUE}.")
    double maxCutoff;

    public GraphSettings toSettings() {
        if (kind == GraphKind.RADIUS) return GraphSettings.radius(cutoff != null ? cutoff : ModelConfig.RADIUS_CUTOFF);
        double c = cutoff != null ? cutoff : GraphSettings.defaults().cutoff();
        return new GraphSettings(c, maxNeighbors, GraphSettings.defaults().shellTolerance(),
                hardCap != null ? hardCap : 2 * maxNeighbors, underfilled, Math.max(c, maxCutoff));
    }

    static final class UnderfilledConverter extends EnumConverter<UnderfilledPolicy> {
        UnderfilledConverter() { super(UnderfilledPolicy.class); }
    }

    static final class KindConverter extends EnumConverter<GraphKind> {
        KindConverter() { super(GraphKind.class); }
    }
}
