package org.regnet.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a count that must be at least 1 (threads, limits, sizes): picocli then reports a bad
 * value as a usage error naming the option (exit 2), before anything runs.
 */
final class PositiveInteger implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < 1) throw new TypeConversionException("must be at least 1, not " + n);
        return n;
    }
}
