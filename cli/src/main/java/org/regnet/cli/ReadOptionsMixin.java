package org.regnet.cli;

import org.regnet.crystal.OccupancyPolicy;
import org.regnet.crystal.ReadOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Options for reading structure files, shared by every command that reads them. */
public final class ReadOptionsMixin {
    @Option(names = "--occupancy", paramLabel = "POLICY", defaultValue = "error",
            description = "Partially occupied sites: error (refuse), majority (dominant species), virtual (keep the mixture). Default: ${DEFAULT-VALUE}.",
            converter = OccupancyConverter.class)
    OccupancyPolicy occupancy;

    @Option(names = "--species", split = ",", paramLabel = "EL",
            description = "Element symbols for VASP 4 POSCARs that do not name their species, in file order (e.g. --species Na,Cl).")
    List<String> species = new ArrayList<>();

    @Option(names = "--max-atoms", paramLabel = "N", defaultValue = "" + ReadOptions.DEFAULT_MAX_ATOMS, converter = PositiveInteger.class,
            description = "Refuse structures with more sites than this. Default: ${DEFAULT-VALUE}.")
    int maxAtoms;

    @Option(names = "--max-file-size", paramLabel = "MB", defaultValue = "64",
            description = "Refuse files (and archive entries) larger than this many MB. Default: ${DEFAULT-VALUE}.")
    double maxFileMb;

    @Option(names = "--min-distance", paramLabel = "Å", defaultValue = "0.5",
            description = "Refuse structures with two sites closer than this (Å); 0 disables the check. Default: ${DEFAULT-VALUE}.")
    double minDistance;

    public ReadOptions toReadOptions() {
        return ReadOptions.defaults().withOccupancy(occupancy).withSpecies(species).withMaxAtoms(maxAtoms)
                .withMaxFileBytes((long) (maxFileMb * 1048576)).withMinDistance(minDistance);
    }

    static final class OccupancyConverter extends EnumConverter<OccupancyPolicy> {
        OccupancyConverter() { super(OccupancyPolicy.class); }
    }
}
