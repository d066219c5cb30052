package org.regnet.model;

import org.openscience.cdk.config.Elements;

/**
 * A fixed table of standardized CDK element properties per atomic number (period, group,
 * electronegativity, covalent and van der Waals radii, and a flag per missing value), which the
 * embedding maps linearly and adds to its learned vectors: chemically similar elements start
 * close, and rare elements borrow strength from their neighbours in the periodic table.
 */
final class ElementFeatures {
    /** Rows are atomic numbers 0..118 (row 0 is padding and stays zero). */
    static final int ROWS = 119;
    static final int COLUMNS = 8;
    private static final float[] TABLE = build();

    private ElementFeatures() {}

    /** The table as a (ROWS, COLUMNS) array owned by {@code manager}. */
    static ai.djl.ndarray.NDArray create(ai.djl.ndarray.NDManager manager) {
        return manager.create(TABLE, new ai.djl.ndarray.types.Shape(ROWS, COLUMNS));
    }

    private static float[] build() {
        double[][] raw = new double[ROWS][COLUMNS];
        for (int z = 1; z < ROWS; z++) {
            Elements e = Elements.ofNumber(z);
            if (e == null || e == Elements.Unknown) continue;
            raw[z][0] = e.period();
            raw[z][1] = e.group();
            raw[z][2] = value(e.electronegativity());
            raw[z][3] = value(e.covalentRadius());
            raw[z][4] = value(e.vdwRadius());
            raw[z][5] = e.electronegativity() == null ? 1 : 0;
            raw[z][6] = e.covalentRadius() == null ? 1 : 0;
            raw[z][7] = e.group() == 0 ? 1 : 0;  // lanthanides and actinides have no group in CDK
        }
        float[] out = new float[ROWS * COLUMNS];
        for (int c = 0; c < 5; c++) {
            double sum = 0, sum2 = 0;
            int n = 0;
            for (int z = 1; z < ROWS; z++) {
                if (Double.isNaN(raw[z][c])) continue;
                sum += raw[z][c];
                sum2 += raw[z][c] * raw[z][c];
                n++;
            }
            double mean = sum / n, std = Math.sqrt(Math.max(1e-12, sum2 / n - mean * mean));
            for (int z = 1; z < ROWS; z++) raw[z][c] = Double.isNaN(raw[z][c]) ? 0 : (raw[z][c] - mean) / std;
        }
        for (int z = 1; z < ROWS; z++) for (int c = 0; c < COLUMNS; c++) out[z * COLUMNS + c] = (float) raw[z][c];
        return out;
    }

    private static double value(Double d) { return d == null ? Double.NaN : d; }
}
