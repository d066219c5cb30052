package org.regnet.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Looking crystals up by id: all of a split's ids, or only those present. */
class DatasetTest {
    private final Dataset data = new Dataset(List.of("y"), BatchingTest.graphs(4, 7), new double[4][1], List.of());  // ids g0..g3

    @Test
    void indicesOfFollowsTheGivenOrderAndNamesUnknownIds() {
        assertArrayEquals(new int[] {3, 0, 2}, data.indicesOf(List.of("g3", "g0", "g2")));
        DataException e = assertThrows(DataException.class, () -> data.indicesOf(List.of("g1", "missing-a", "missing-b")));
        assertTrue(e.getMessage().startsWith("2 id(s) of the split are not in the dataset") && e.getMessage().contains("missing-a"), e.getMessage());
    }

    @Test
    void indicesOfPresentSkipsWhatTheDataDoNotHold() {
        assertArrayEquals(new int[] {3, 1}, data.indicesOfPresent(List.of("elsewhere", "g3", "g1", "also-elsewhere")));
        assertArrayEquals(new int[0], data.indicesOfPresent(List.of("none", "of", "these")));
    }
}
