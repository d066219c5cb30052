package org.regnet.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the CUDA launches split long sums over blocks (pure arithmetic: runs without a GPU). */
class CudaSplitsTest {
    private static final int H100_RESIDENT = 3 * 132;  // blocks per SM x SMs

    @Test
    void aSmallCellIsSplitToFillOneWaveButNotMore() {
        // 10^4 atoms: 27 blocks of 128 vectors, each summing 10,000 atoms
        int z = CudaFourierKernel.splits(27, 10_000, H100_RESIDENT);
        assertTrue(27 * z <= H100_RESIDENT, "one wave: " + z);
        assertTrue(27 * z > H100_RESIDENT * 0.9, "nearly full: " + z);
    }

    @Test
    void aLargeCellRunsSeveralFullWavesRatherThanOnePartialOne() {
        // 10^5 atoms: 267 blocks fill two thirds of one wave unsplit
        int z = CudaFourierKernel.splits(267, 100_000, H100_RESIDENT);
        double waves = 267.0 * z / H100_RESIDENT;
        assertTrue(z > 1, "split: " + z);
        assertTrue(waves / Math.ceil(waves) > 0.9, "last wave nearly full: " + waves);
    }

    @Test
    void manySmallCrystalsAreNotSplit() {
        assertEquals(1, CudaFourierKernel.splits(5_000, 40, H100_RESIDENT));
        assertEquals(1, CudaFourierKernel.splits(1, 0, H100_RESIDENT));
    }

    @Test
    void aSingleHugeSumStaysWithinTheGridLimit() {
        int z = CudaFourierKernel.splits(1, Integer.MAX_VALUE, 1 << 20);
        assertEquals(65_535, z, "one wave either way, so as many splits as the device allows");
    }

    @Test
    void aBlockAlwaysSumsAtLeastOneTile() {
        int z = CudaFourierKernel.splits(1, 100, H100_RESIDENT);
        assertTrue(100 / z >= 32, "terms per block: " + 100 / z);
    }
}
