package org.regnet.crystal;

/**
 * A structure could not be read or used. The message names the source (file, or archive
 * entry) and, where known, the line: "NaCl.cif:12: malformed number 'abc' for _cell_length_a".
 */
public class StructureException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;
    private final String reason;

    public StructureException(String source, int line, String reason) {
        this(source, line, reason, null);
    }

    public StructureException(String source, int line, String reason, Throwable cause) {
        super(format(source, line, reason), cause);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** The file or archive entry, or null when the structure came from memory. */
    public String source() { return source; }
    /** 1-based line, or 0 when there is none. */
    public int line() { return line; }
    /** What is wrong, without the location. */
    public String reason() { return reason; }

    /** The same error, located in {@code source} when it had no source yet. */
    public StructureException in(String newSource) {
        return source != null ? this : new StructureException(newSource, line, reason, getCause());
    }

    private static String format(String source, int line, String reason) {
        StringBuilder sb = new StringBuilder();
        if (source != null) sb.append(source).append(':');
        if (line > 0) sb.append(line).append(':');
        if (sb.length() > 0) sb.append(' ');
        return sb.append(reason).toString();
    }
}
