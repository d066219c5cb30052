package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.data.Dataset;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a resume refuses (bit-exact resume itself: {@link TrainingTest}). */
class TrainingCheckpointTest {
    private static final TrainingConfig ONE_EPOCH = TrainingConfig.defaults().withEpochs(1).withBatchSize(4);

    @Test
    void aCheckpointOfOtherSettingsIsRefusedNotMixedIn(@TempDir Path dir) throws IOException {
        Dataset d = TrainingTest.tiny();
        ModelTrainer.train(TrainingTest.job(d, dir, ONE_EPOCH, false, 0), new TrainingListener() { }).model().close();
        TrainingConfig otherRate = ONE_EPOCH.withEpochs(2).withLearningRate(ONE_EPOCH.learningRate() / 2);
        String message = assertThrows(IOException.class,
                () -> ModelTrainer.train(TrainingTest.job(d, dir, otherRate, true, 0), new TrainingListener() { })).getMessage();
        assertTrue(message.contains(TrainingCheckpoint.FILE) && message.contains("other settings"), message);
        // more epochs alone is the same run, continued
        ModelTrainer.train(TrainingTest.job(d, dir, ONE_EPOCH.withEpochs(2), true, 0), new TrainingListener() { }).model().close();
    }

    @Test
    void aFileThatIsNoCheckpointIsRefused(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("some other format");
        }
        Files.write(dir.resolve(TrainingCheckpoint.FILE), bytes.toByteArray());
        String message = assertThrows(IOException.class, () -> ModelTrainer.train(TrainingTest.job(TrainingTest.tiny(), dir, ONE_EPOCH, true, 0),
                new TrainingListener() { })).getMessage();
        assertTrue(message.contains("not a regnet checkpoint"), message);
    }
}
