package org.regnet.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchCommandTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, BenchCommand.median(new double[] {5, 1, 3}));
        assertEquals(2.5, BenchCommand.median(new double[] {4, 1, 2, 3}));
        double[] untouched = {2, 1};
        assertEquals(1.5, BenchCommand.median(untouched));
        assertEquals(2.0, untouched[0]);  // the caller's array is not reordered
    }
}
