package org.regnet.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One crystal as the network sees it: species per site (a mixture for disordered sites),
 * fractional coordinates, the neighbour lists with distances, and the reciprocal vectors of one
 * half of the set 𝒢 (n and -n contribute equally for real features, so the other half is implied).
 * Immutable after construction; the arrays are shared, not copied, so do not modify them.
 *
 * @param id               structure id (file name without extension, or file#k)
 * @param atoms            number of sites N
 * @param speciesPerSite   S: the width of the species table (1 for ordered crystals)
 * @param speciesNumber    N×S atomic numbers (0 = padding)
 * @param speciesWeight    N×S occupancies (0 for padding)
 * @param fractional       N×3 fractional coordinates
 * @param neighborStart    N+1 offsets into the neighbour arrays (CSR, centre atom = row)
 * @param neighborTarget   neighbour atom of each edge
 * @param neighborDistance length of each edge, Å
 * @param neighborDirection unit vector of each edge, centre → neighbour, Cartesian (E×3): the
 *                         angular features of the local block use it
 * @param miller           K×3 Miller indices of the half set of reciprocal vectors
 * @param gNorm            K lengths |G| = 2π|nB|, Å⁻¹
 * @param volume           cell volume V, Å³ (the Ewald form's 1/V)
 */
public record CrystalGraph(String id, int atoms, int speciesPerSite, int[] speciesNumber, float[] speciesWeight,
                           double[] fractional, int[] neighborStart, int[] neighborTarget, float[] neighborDistance,
                           float[] neighborDirection, int[] miller, float[] gNorm, double volume) {

    /** Version of the cache format, also part of the cache key (so builds of different formats keep separate caches). */
    static final int FORMAT = 3;

    public int edgeCount() { return neighborTarget.length; }

    public int reciprocalCount() { return gNorm.length; }

    /** The chemical system: the element symbols of every species, sorted and joined by '-' (e.g. "Fe-O"). */
    public String chemicalSystem() {
        java.util.TreeSet<String> elements = new java.util.TreeSet<>();
        for (int z : speciesNumber) if (z > 0) elements.add(org.openscience.cdk.config.Elements.ofNumber(z).symbol());
        return String.join("-", elements);
    }

    public int maxDegree() {
        int m = 0;
        for (int i = 0; i < atoms; i++) m = Math.max(m, neighborStart[i + 1] - neighborStart[i]);
        return m;
    }

    /** Binary form for the graph cache (a private format: the cache is rebuilt when it changes). */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeUTF(id);
        out.writeInt(atoms);
        out.writeInt(speciesPerSite);
        writeInts(out, speciesNumber);
        writeFloats(out, speciesWeight);
        out.writeInt(fractional.length);
        for (double v : fractional) out.writeDouble(v);
        writeInts(out, neighborStart);
        writeInts(out, neighborTarget);
        writeFloats(out, neighborDistance);
        writeFloats(out, neighborDirection);
        writeInts(out, miller);
        writeFloats(out, gNorm);
        out.writeDouble(volume);
    }

    public static CrystalGraph read(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) throw new IOException("graph cache format " + format + ", expected " + FORMAT);
        String id = in.readUTF();
        int atoms = in.readInt(), s = in.readInt();
        int[] number = readInts(in);
        float[] weight = readFloats(in);
        double[] frac = new double[in.readInt()];
        for (int i = 0; i < frac.length; i++) frac[i] = in.readDouble();
        return new CrystalGraph(id, atoms, s, number, weight, frac, readInts(in), readInts(in), readFloats(in),
                readFloats(in), readInts(in), readFloats(in), in.readDouble());
    }

    private static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int v : a) out.writeInt(v);
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float v : a) out.writeFloat(v);
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] a = new int[in.readInt()];
        for (int i = 0; i < a.length; i++) a[i] = in.readInt();
        return a;
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] a = new float[in.readInt()];
        for (int i = 0; i < a.length; i++) a[i] = in.readFloat();
        return a;
    }
}
