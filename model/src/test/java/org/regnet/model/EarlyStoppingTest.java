package org.regnet.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyStoppingTest {
    @Test
    void theBestEpochIsKeptAndThePatienceCountsTheEpochsSinceIt() {
        EarlyStopping s = new EarlyStopping(2);
        assertEquals(-1, s.bestEpoch());
        assertTrue(s.record(0, 1.0));
        assertTrue(s.record(1, 0.5));
        assertFalse(s.record(2, 0.5 - EarlyStopping.MIN_IMPROVEMENT / 2), "float noise is no improvement");
        assertFalse(s.exhausted());
        assertFalse(s.record(3, 0.7));
        assertTrue(s.exhausted(), "two epochs without a better score");
        assertEquals(1, s.bestEpoch());
        assertEquals(0.5, s.bestScore());
        assertTrue(s.record(4, 0.4), "a better score resets the count");
        assertFalse(s.exhausted());
        assertEquals(0, s.stale());
    }

    @Test
    void noPatienceNeverStopsAndARestoredStateGoesOnAlike() {
        EarlyStopping never = new EarlyStopping(0);
        never.record(0, 1.0);
        for (int e = 1; e < 50; e++) never.record(e, 2.0);
        assertFalse(never.exhausted());
        assertEquals(49, never.stale());

        EarlyStopping straight = new EarlyStopping(3), resumed = new EarlyStopping(3);
        double[] scores = {0.9, 0.8, 0.85, 0.81, 0.79, 0.8, 0.8, 0.8};
        for (int e = 0; e < 4; e++) straight.record(e, scores[e]);
        resumed.restore(straight.bestEpoch(), straight.stale(), straight.bestScore());
        for (int e = 4; e < scores.length; e++) {
            assertEquals(straight.record(e, scores[e]), resumed.record(e, scores[e]));
            assertEquals(straight.exhausted(), resumed.exhausted());
        }
        assertEquals(4, resumed.bestEpoch());
        assertTrue(resumed.exhausted());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(-1));
    }
}
