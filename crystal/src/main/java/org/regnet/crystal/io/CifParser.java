package org.regnet.crystal.io;

import org.regnet.crystal.StructureException;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizes and parses CIF 1.1 text, with the CIF 2 features seen in practice: data blocks,
 * loops, single- and double-quoted values, triple-quoted values, ';'-delimited text fields,
 * comments, and save frames (skipped). Nothing is silently dropped: an unknown tag is kept,
 * a value without a tag or a ragged loop is an error with its line.
 */
final class CifParser {
    private final String text;
    private final String source;
    private int pos;
    private int line = 1;
    private boolean atLineStart = true;

    private CifParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    static List<CifBlock> parse(String text, String source) {
        return new CifParser(text, source).blocks();
    }

    private record Token(String text, int line, boolean quoted) {
        boolean is(String keyword) { return !quoted && text.regionMatches(true, 0, keyword, 0, keyword.length()); }
        boolean isTag() { return !quoted && text.startsWith("_"); }
        boolean isReserved() { return !quoted && (is("data_") || is("loop_") || is("save_") || is("global_") || is("stop_")); }
    }

    private List<CifBlock> blocks() {
        List<CifBlock> blocks = new ArrayList<>();
        CifBlock block = null;
        Token t = next();
        while (t != null) {
            if (t.is("data_")) {
                block = new CifBlock(t.text().substring(5), t.line());
                blocks.add(block);
                t = next();
            } else if (t.is("save_")) {
                t = skipSaveFrame(t);
            } else if (t.is("global_") || t.is("stop_")) {
                t = next();
            } else if (block == null) {
                throw error(t.line(), "CIF content before the first data_ block: '" + shorten(t.text()) + "'");
            } else if (t.is("loop_")) {
                t = readLoop(block, t.line());
            } else if (t.isTag()) {
                Token value = next();
                if (value == null || value.isTag() || value.isReserved()) {
                    throw error(t.line(), "tag " + t.text() + " has no value");
                }
                block.items.put(CifBlock.normalizeTag(t.text()), new CifBlock.Value(value.text(), value.line(), value.quoted()));
                t = next();
            } else {
                throw error(t.line(), "value '" + shorten(t.text()) + "' has no tag");
            }
        }
        if (blocks.isEmpty()) throw error(0, "no data_ block: not a CIF file");
        return blocks;
    }

    private Token readLoop(CifBlock block, int loopLine) {
        List<String> tags = new ArrayList<>();
        Token t = next();
        while (t != null && t.isTag()) {
            tags.add(CifBlock.normalizeTag(t.text()));
            t = next();
        }
        if (tags.isEmpty()) throw error(loopLine, "loop_ without tags");
        List<CifBlock.Value[]> rows = new ArrayList<>();
        CifBlock.Value[] row = new CifBlock.Value[tags.size()];
        int filled = 0;
        while (t != null && !t.isTag() && !t.isReserved()) {
            row[filled++] = new CifBlock.Value(t.text(), t.line(), t.quoted());
            if (filled == row.length) {
                rows.add(row);
                row = new CifBlock.Value[tags.size()];
                filled = 0;
            }
            t = next();
        }
        if (filled != 0) {
            throw error(loopLine, "loop_ of " + tags.size() + " columns (" + tags.get(0) + " ...) ends with an incomplete row of "
                    + filled + " values" + (t == null ? " (truncated file?)" : ""));
        }
        block.loops.add(new CifBlock.Loop(tags, rows, loopLine));
        return t;
    }

    private Token skipSaveFrame(Token start) {
        Token t = next();
        while (t != null && !(t.is("save_") && t.text().length() == 5)) t = next();
        if (t == null) throw error(start.line(), "save frame " + start.text() + " is not closed");
        return next();
    }

    /** The next token, or null at the end of the text. */
    private Token next() {
        skipSpaceAndComments();
        if (pos >= text.length()) return null;
        char c = text.charAt(pos);
        int startLine = line;
        if (c == ';' && atLineStart) return textField(startLine);
        if ((c == '\'' || c == '"') && text.startsWith(String.valueOf(c).repeat(3), pos)) return tripleQuoted(c, startLine);
        if (c == '\'' || c == '"') return quoted(c, startLine);
        int start = pos;
        while (pos < text.length() && !isSpace(text.charAt(pos))) pos++;
        atLineStart = false;
        return new Token(text.substring(start, pos), startLine, false);
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
                atLineStart = true;
            } else if (isSpace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else {
                return;
            }
        }
    }

    private Token textField(int startLine) {
        // ';' at a line start opens a field that runs to the next line starting with ';'
        int start = pos + 1;
        int i = start;
        while (true) {
            int nl = text.indexOf('\n', i);
            if (nl < 0) throw error(startLine, "text field opened with ';' is never closed (truncated file?)");
            line++;
            i = nl + 1;
            if (i < text.length() && text.charAt(i) == ';') {
                String value = text.substring(start, nl).strip();
                pos = i + 1;
                atLineStart = false;
                return new Token(value, startLine, true);
            }
        }
    }

    private Token tripleQuoted(char q, int startLine) {
        String delim = String.valueOf(q).repeat(3);
        int end = text.indexOf(delim, pos + 3);
        if (end < 0) throw error(startLine, "triple-quoted value is never closed (truncated file?)");
        String value = text.substring(pos + 3, end);
        for (int i = pos; i < end; i++) if (text.charAt(i) == '\n') line++;
        pos = end + 3;
        atLineStart = false;
        return new Token(value, startLine, true);
    }

    /** Lines a quoted value may run over: files in the wild wrap long quoted titles (pymatgen reads them). */
    private static final int QUOTED_MAX_LINES = 20;

    private Token quoted(char q, int startLine) {
        // CIF 1.1: a quote closes only when followed by whitespace or the end of the line; it should close on
        // its own line, but a value wrapped over a few lines is read as one, its line ends as spaces
        int i = pos + 1, lines = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' && ++lines > QUOTED_MAX_LINES) break;
            if (c == q && (i + 1 == text.length() || isSpace(text.charAt(i + 1)))) {
                String value = text.substring(pos + 1, i).replaceAll("\\s*\\r?\\n\\s*", " ");
                line += lines;
                pos = i + 1;
                atLineStart = false;
                return new Token(value, startLine, true);
            }
            i++;
        }
        int end = text.indexOf('\n', pos);
        throw error(startLine, "quoted value " + shorten(text.substring(pos, end < 0 ? text.length() : end)) + " is not closed within " + QUOTED_MAX_LINES + " lines");
    }

    private static boolean isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    private static String shorten(String s) { return s.length() > 40 ? s.substring(0, 40) + "..." : s; }

    private StructureException error(int atLine, String message) { return new StructureException(source, atLine, message); }
}
