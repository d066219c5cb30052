package org.regnet.crystal.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CIF data block: single-valued items and loops, every value with its line. Tags are
 * kept lower case with CIF 2 / DDLm dots turned into underscores, so
 * "_space_group_symop.operation_xyz" and "_space_group_symop_operation_xyz" are one tag.
 */
final class CifBlock {
    /** A value as written; {@code quoted} values are never the unknown markers ? and ".". */
    record Value(String text, int line, boolean quoted) {
        boolean isUnknown() { return !quoted && (text.equals("?") || text.equals(".")); }
    }

    /** A loop_: column tags and rows of values. */
    record Loop(List<String> tags, List<Value[]> rows, int line) {
        int column(String tag) { return tags.indexOf(tag); }
    }

    final String name;
    final int line;
    final Map<String, Value> items = new LinkedHashMap<>();
    final List<Loop> loops = new ArrayList<>();

    CifBlock(String name, int line) {
        this.name = name;
        this.line = line;
    }

    static String normalizeTag(String tag) {
        return tag.toLowerCase(java.util.Locale.ROOT).replace('.', '_');
    }

    Value item(String tag) { return items.get(tag); }

    /** The first of these tags present as an item or as a loop column's first value. */
    Value first(String... tags) {
        for (String t : tags) {
            Value v = items.get(t);
            if (v != null && !v.isUnknown()) return v;
            Loop l = loopWith(t);
            if (l != null && !l.rows().isEmpty()) {
                Value lv = l.rows().get(0)[l.column(t)];
                if (!lv.isUnknown()) return lv;
            }
        }
        return null;
    }

    Loop loopWith(String tag) {
        for (Loop l : loops) if (l.tags().contains(tag)) return l;
        return null;
    }
}
