package org.regnet.data;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Labels keyed by structure id, read from a CSV whose first column is the id (the file name
 * without extension). With a header, targets are chosen by column name; without one (the
 * CGCNN/ALIGNN {@code id_prop.csv} convention) the targets name columns 2, 3, ... in order.
 * A column {@code name[unit]}, as {@code regnet predict} writes them, also answers to {@code name},
 * so a predictions file reads as labels (a teacher's, for distillation).
 * An empty cell, {@code nan} or {@code NA} is a missing label (NaN), never imputed.
 */
public final class LabelTable {
    private final List<String> targets;
    private final Map<String, double[]> rows;

    private LabelTable(List<String> targets, Map<String, double[]> rows) {
        this.targets = List.copyOf(targets);
        this.rows = rows;
    }

    public List<String> targets() { return targets; }

    public int size() { return rows.size(); }

    /** The labels of a structure, NaN where missing, or null when the table has no row for it. */
    public double[] get(String id) { return rows.get(id); }

    public static LabelTable read(Path csv, List<String> targets) {
        if (targets.isEmpty()) throw new IllegalArgumentException("no targets given: name at least one column of " + csv);
        try (Reader reader = Files.newBufferedReader(csv);
             CSVParser parser = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).get().parse(reader)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.isEmpty()) throw new DataException(csv + ": empty labels file");
            CSVRecord first = records.get(0);
            boolean headerless = first.size() > 1 && isNumber(first.get(1));
            int[] column = new int[targets.size()];
            if (headerless) {
                if (first.size() - 1 < targets.size()) {
                    throw new DataException(String.format("%s: headerless labels with %d value column(s), but %d targets were named",
                            csv, first.size() - 1, targets.size()));
                }
                for (int t = 0; t < column.length; t++) column[t] = t + 1;
            } else {
                List<String> header = new ArrayList<>();
                first.forEach(header::add);
                for (int t = 0; t < column.length; t++) {
                    column[t] = column(header, targets.get(t));
                    if (column[t] <= 0) {
                        throw new DataException(String.format("%s: no column '%s' (columns: %s)", csv, targets.get(t),
                                String.join(", ", header.subList(1, header.size()))));
                    }
                }
            }
            Map<String, double[]> rows = new LinkedHashMap<>();
            for (int r = headerless ? 0 : 1; r < records.size(); r++) {
                CSVRecord rec = records.get(r);
                double[] y = new double[column.length];
                for (int t = 0; t < column.length; t++) {
                    String cell = column[t] < rec.size() ? rec.get(column[t]) : "";
                    y[t] = parse(cell, csv, rec.getRecordNumber(), targets.get(t));
                }
                if (rows.put(rec.get(0), y) != null) {
                    throw new DataException(String.format("%s:%d: id '%s' appears twice", csv, rec.getRecordNumber(), rec.get(0)));
                }
            }
            return new LabelTable(targets, rows);
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new DataException(csv + ": cannot read labels: " + e.getMessage(), e);
        }
    }

    /** The column named {@code target}, else the one named {@code target[unit]}; -1 when neither is there. */
    private static int column(List<String> header, String target) {
        int exact = header.indexOf(target);
        if (exact >= 0) return exact;
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            if (h.startsWith(target + "[") && h.endsWith("]")) return c;
        }
        return -1;
    }

    private static double parse(String cell, Path csv, long line, String target) {
        String c = cell.toLowerCase(Locale.ROOT);
        if (c.isEmpty() || c.equals("nan") || c.equals("na") || c.equals("null") || c.equals("none")) return Double.NaN;
        try {
            double v = Double.parseDouble(cell);
            if (Double.isInfinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new DataException(String.format("%s:%d: '%s' is not a number (target %s)", csv, line, cell, target));
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public String toString() { return "LabelTable" + Arrays.toString(targets.toArray()) + " rows=" + rows.size(); }
}
