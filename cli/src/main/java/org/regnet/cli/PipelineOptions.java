package org.regnet.cli;

import org.regnet.model.MemoryBudget;
import org.regnet.model.PredictionPipeline;
import org.regnet.model.PropertyModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the prediction pipeline shared by predict and screen: threads, reading, kernels, domain policy, memory. */
final class PipelineOptions {
    @Option(names = {"-j", "--threads"}, paramLabel = "N", converter = PositiveInteger.class, description = "Threads for reading and graph building. Default: all cores.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out-of-domain", paramLabel = "POLICY", defaultValue = "flag", converter = OutOfDomainConverter.class,
            description = "Predictions outside the model's training domain: flag (kept, domain=out) or refuse (error rows). Default: ${DEFAULT-VALUE}.")
    PredictionPipeline.OutOfDomain domainPolicy;

    @Option(names = "--memory-limit", paramLabel = "GB",
            description = "Refuse (as an error row) a structure whose estimated memory need exceeds this. Default: the memory available now.")
    Double memoryLimitGb;

    @Mixin ReadOptionsMixin read;
    @Mixin KernelOption kernels;

    /** The pipeline for a loaded model, with these options and {@code chunk} structures per network call. */
    PredictionPipeline pipeline(PropertyModel model, int chunk) {
        return PredictionPipeline.builder(model).optThreads(threads).optChunkSize(chunk).optReadOptions(read.toReadOptions()).optKernels(kernels.value())
                .optMemoryBudget(memoryLimitGb != null ? new MemoryBudget((long) (memoryLimitGb * 1e9)) : null).optOutOfDomain(domainPolicy).build();
    }
}
