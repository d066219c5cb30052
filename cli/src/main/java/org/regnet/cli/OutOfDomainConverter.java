package org.regnet.cli;

import org.regnet.model.PredictionPipeline;

/** --out-of-domain: flag or refuse, case-insensitive. */
final class OutOfDomainConverter extends EnumConverter<PredictionPipeline.OutOfDomain> {
    OutOfDomainConverter() { super(PredictionPipeline.OutOfDomain.class); }
}
