package org.regnet.model;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WeightAverageTest {
    @Test
    void followsTheWeightsWithTheWarmUpThenTheDecay() {
        WeightAverage average = new WeightAverage(0.5, List.of(new float[] {0f, 10f}));
        average.update(List.of(new float[] {1f, 10f}));  // d = min(0.5, 2/11): mostly the new weights
        double d1 = 2.0 / 11;
        assertEquals(d1 * 0 + (1 - d1) * 1, average.weights().get(0)[0], 1e-6);
        assertEquals(10f, average.weights().get(0)[1], 1e-6, "constant weights stay constant");
        for (int step = 2; step <= 50; step++) average.update(List.of(new float[] {1f, 10f}));
        assertEquals(1f, average.weights().get(0)[0], 1e-6, "converges to weights that stop moving");
        WeightAverage late = new WeightAverage(0.5, List.of(new float[] {0f}));
        for (int step = 1; step <= 20; step++) late.update(List.of(new float[] {0f}));
        late.update(List.of(new float[] {4f}));  // past the warm-up: d = 0.5
        assertEquals(2f, late.weights().get(0)[0], 1e-6);
    }

    @Test
    void itsStateRoundTripsForAnExactResume() throws IOException {
        WeightAverage a = new WeightAverage(0.9, List.of(new float[] {1f, 2f}, new float[] {3f}));
        a.update(List.of(new float[] {2f, 0f}, new float[] {1f}));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.write(new DataOutputStream(bytes));
        WeightAverage b = new WeightAverage(0.9, List.of(new float[2], new float[1]));
        b.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (WeightAverage w : List.of(a, b)) w.update(List.of(new float[] {5f, 5f}, new float[] {5f}));
        for (int i = 0; i < 2; i++) assertArrayEquals(a.weights().get(i), b.weights().get(i), "the step count travels too");
    }

    @Test
    void aDecayOutsideTheOpenIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WeightAverage(1, List.of(new float[1])));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withAverageDecay(-0.1));
    }
}
