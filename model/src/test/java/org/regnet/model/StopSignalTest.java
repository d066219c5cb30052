package org.regnet.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopSignalTest {
    @Test
    void withNoTrainingRunningTheRequestReturnsAtOnce() {
        StopSignal signal = new StopSignal();
        assertFalse(signal.requested());
        assertTrue(signal.requestAndAwait(Duration.ofMinutes(10)));
        assertTrue(signal.requested());
    }

    @Test
    void theRequestWaitsUntilTheTrainingHasReleasedItsNativeMemory() throws InterruptedException {
        StopSignal signal = new StopSignal();
        signal.enter();
        CountDownLatch seen = new CountDownLatch(1);
        Thread training = new Thread(() -> {
            while (!signal.requested()) Thread.onSpinWait();
            seen.countDown();
            signal.exit();
        });
        training.start();
        assertTrue(signal.requestAndAwait(Duration.ofMinutes(1)));
        assertTrue(seen.await(0, TimeUnit.SECONDS), "returned only after the training saw the request and exited");
        training.join();
    }

    @Test
    void aTrainingThatDoesNotStopInTimeIsReported() {
        StopSignal signal = new StopSignal();
        signal.enter();
        assertFalse(signal.requestAndAwait(Duration.ofMillis(20)));
        signal.exit();
        assertTrue(signal.requestAndAwait(Duration.ZERO));
    }
}
