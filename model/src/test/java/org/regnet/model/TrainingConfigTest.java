package org.regnet.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learning-rate schedules, and the schedule's JSON, which old manifests and checkpoints must still match. */
class TrainingConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cosineDecaysToOnePercentWhileConstantStaysAtThePeak() {
        TrainingConfig cosine = TrainingConfig.defaults().withEpochs(11).withWarmup(1).withLearningRate(1e-3);
        TrainingConfig constant = cosine.withSchedule(TrainingConfig.Schedule.CONSTANT);
        for (TrainingConfig c : new TrainingConfig[] {cosine, constant}) {
            assertEquals(1e-3 * 0.501, c.learningRateAt(0.5), 1e-12, "the same linear warm-up (from 0.1 % of the peak)");
            assertEquals(1e-3, c.learningRateAt(1), 1e-12, "the peak after it");
        }
        assertEquals(0.505e-3, cosine.learningRateAt(6), 1e-9, "half way down the cosine");
        assertEquals(1e-5, cosine.learningRateAt(11), 1e-12);
        for (double epoch : new double[] {1.5, 6, 10.99, 11}) assertEquals(1e-3, constant.learningRateAt(epoch), 0, "epoch " + epoch);
    }

    @Test
    void theJsonLeavesCosineOutSoEarlierManifestsAndCheckpointFingerprintsStayTheSame() throws Exception {
        TrainingConfig cosine = TrainingConfig.defaults();
        String json = JSON.writeValueAsString(cosine);
        assertFalse(json.contains("schedule"), json);
        assertEquals(cosine, JSON.readValue(json, TrainingConfig.class), "a manifest without the field reads as cosine");
        TrainingConfig constant = cosine.withSchedule(TrainingConfig.Schedule.CONSTANT);
        String written = JSON.writeValueAsString(constant);
        assertTrue(written.contains("\"schedule\":\"CONSTANT\""), written);
        assertEquals(constant, JSON.readValue(written, TrainingConfig.class));
    }
}
