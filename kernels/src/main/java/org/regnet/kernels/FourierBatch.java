package org.regnet.kernels;

/**
 * A ragged batch of crystals for the Fourier operators: crystal b owns atoms
 * [atomOffset[b], atomOffset[b+1]) and reciprocal vectors [vectorOffset[b], vectorOffset[b+1]).
 *
 * @param atomOffset   B+1 offsets into the atoms
 * @param vectorOffset B+1 offsets into the reciprocal vectors
 * @param miller       3 per vector: the integer triple n
 * @param fractional   3 per atom: fractional coordinates f (any real values; phases use n·f mod 1)
 */
public record FourierBatch(int[] atomOffset, int[] vectorOffset, int[] miller, double[] fractional) {

    public FourierBatch {
        if (atomOffset.length < 1 || atomOffset.length != vectorOffset.length) {
            throw new IllegalArgumentException("atom and vector offsets need one entry per crystal plus one");
        }
        if (miller.length != 3 * vectorOffset[vectorOffset.length - 1] || fractional.length != 3 * atomOffset[atomOffset.length - 1]) {
            throw new IllegalArgumentException("miller / fractional arrays do not match the offsets");
        }
        for (int b = 0; b + 1 < atomOffset.length; b++) {
            if (atomOffset[b + 1] < atomOffset[b] || vectorOffset[b + 1] < vectorOffset[b]) throw new IllegalArgumentException("offsets must not decrease");
            if (atomOffset[b + 1] == atomOffset[b] && vectorOffset[b + 1] > vectorOffset[b]) {
                throw new IllegalArgumentException("crystal " + b + " has reciprocal vectors but no atoms");
            }
        }
    }

    public int crystals() { return atomOffset.length - 1; }

    public int atoms() { return atomOffset[atomOffset.length - 1]; }

    public int vectors() { return vectorOffset[vectorOffset.length - 1]; }

    /** Number of atoms of the crystal that owns vector range b. */
    public int atomsOf(int b) { return atomOffset[b + 1] - atomOffset[b]; }

    /** A batch of one crystal. */
    public static FourierBatch single(int[] miller, double[] fractional) {
        return new FourierBatch(new int[] {0, fractional.length / 3}, new int[] {0, miller.length / 3}, miller, fractional);
    }
}
