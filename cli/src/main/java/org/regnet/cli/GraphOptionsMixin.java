package org.regnet.cli;

import org.regnet.crystal.graph.GraphSettings;
import org.regnet.crystal.graph.UnderfilledPolicy;
import picocli.CommandLine.Option;

/** Neighbour-graph options (SCIENCE.md §1), shared by every command that builds graphs. */
public final class GraphOptionsMixin {
    @Option(names = "--cutoff", paramLabel = "Å", defaultValue = "8.0", description = "Neighbour search radius (Å). Default: ${DEFAULT-VALUE}.")
    double cutoff;

    @Option(names = "--max-neighbors", paramLabel = "M", defaultValue = "12",
            description = "Keep the M nearest neighbours per atom, plus the rest of the M-th neighbour's shell. Default: ${DEFAULT-VALUE}.")
    int maxNeighbors;

    @Option(names = "--hard-cap", paramLabel = "N", description = "Never keep more than N neighbours per atom, even to complete a shell. Default: 2 × M.")
    Integer hardCap;

    @Option(names = "--underfilled", paramLabel = "POLICY", defaultValue = "widen", converter = UnderfilledConverter.class,
            description = "Atoms with fewer than M neighbours within the cutoff: widen (the cutoff, up to --max-cutoff), warn, error, skip. Default: ${DEFAULT-VALUE}.")
    UnderfilledPolicy underfilled;

    @Option(names = "--max-cutoff", paramLabel = "Å", defaultValue = "24.0", description = "How far 'widen' may widen the cutoff (Å). Default: ${DEFAULT-VALUE}.")
    double maxCutoff;

    public GraphSettings toSettings() {
        return new GraphSettings(cutoff, maxNeighbors, GraphSettings.defaults().shellTolerance(),
                hardCap != null ? hardCap : 2 * maxNeighbors, underfilled, Math.max(cutoff, maxCutoff));
    }

    static final class UnderfilledConverter extends EnumConverter<UnderfilledPolicy> {
        UnderfilledConverter() { super(UnderfilledPolicy.class); }
    }
}
