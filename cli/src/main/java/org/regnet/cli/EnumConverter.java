package org.regnet.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive enum options ("--occupancy majority"), with the choices in the error. */
class EnumConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;

    EnumConverter(Class<E> type) { this.type = type; }

    @Override
    public E convert(String value) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value.replace('-', '_'))) return e;
        throw new CommandLine.TypeConversionException("'" + value + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
