package org.regnet.crystal.symmetry;

import java.util.Locale;

/**
 * A space-group operation on fractional coordinates, f' = R f + t, parsed from the
 * crystallographic "x,y,z" form: "-x+1/2, y, z+0.25", "x-y,x,z+1/6", "1/2+X,-Y,Z".
 */
public final class SymmetryOperation {
    private final double[][] rotation;
    private final double[] translation;
    private final String text;

    private SymmetryOperation(double[][] rotation, double[] translation, String text) {
        this.rotation = rotation;
        this.translation = translation;
        this.text = text;
    }

    public static final SymmetryOperation IDENTITY = parse("x,y,z");

    /** @throws IllegalArgumentException naming the part it could not read */
    public static SymmetryOperation parse(String text) {
        String[] parts = text.strip().split(",");
        if (parts.length != 3) throw new IllegalArgumentException("symmetry operation '" + text + "' does not have 3 comma-separated parts");
        double[][] r = new double[3][3];
        double[] t = new double[3];
        for (int row = 0; row < 3; row++) parseComponent(parts[row], text, r[row], t, row);
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        if (!(Math.abs(Math.abs(det) - 1) <= 1e-6)) {
            throw new IllegalArgumentException("symmetry operation '" + text + "' is not a rotation (determinant " + det + ")");
        }
        return new SymmetryOperation(r, t, text.strip());
    }

    private static void parseComponent(String part, String whole, double[] row, double[] t, int index) {
        String s = part.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        if (s.isEmpty()) throw new IllegalArgumentException("symmetry operation '" + whole + "' has an empty part");
        int i = 0;
        while (i < s.length()) {
            double sign = 1;
            if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                sign = s.charAt(i) == '-' ? -1 : 1;
                i++;
            }
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '/')) i++;
            double coefficient = 1;
            boolean hasNumber = i > start;
            if (hasNumber) coefficient = number(s.substring(start, i), whole);
            if (i < s.length() && s.charAt(i) == '*') i++;
            if (i < s.length() && s.charAt(i) >= 'x' && s.charAt(i) <= 'z') {
                row[s.charAt(i) - 'x'] += sign * coefficient;
                i++;
            } else if (hasNumber) {
                t[index] += sign * coefficient;
            } else {
                throw new IllegalArgumentException("symmetry operation '" + whole + "': cannot read '" + part.strip() + "'");
            }
        }
    }

    private static double number(String s, String whole) {
        try {
            int slash = s.indexOf('/');
            double v = slash < 0 ? Double.parseDouble(s) : Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s.substring(slash + 1));
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("symmetry operation '" + whole + "': bad number '" + s + "'");
    }

    /** R f + t (not wrapped). */
    public double[] apply(double[] f) {
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) out[k] = rotation[k][0] * f[0] + rotation[k][1] * f[1] + rotation[k][2] * f[2] + translation[k];
        return out;
    }

    public double[][] rotation() { return new double[][] {rotation[0].clone(), rotation[1].clone(), rotation[2].clone()}; }
    public double[] translation() { return translation.clone(); }

    @Override
    public String toString() { return text; }
}
