package org.regnet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regnet.data.Dataset;
import org.regnet.data.Split;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job builder: required settings, defaults, derived copies. */
class TrainingJobTest {
    private static final List<TaskSpec> TASKS = List.of(new TaskSpec("a", "eV", false), new TaskSpec("b", "", false));

    private static TrainingJob.Builder minimal(Dataset d) {
        return TrainingJob.builder().setData(d).setTasks(TASKS).setModel(ModelConfig.defaults().withHidden(16).withLayers(1))
                .setGraph(TestCrystals.GRAPH).setTraining(TrainingConfig.defaults().withEpochs(1));
    }

    @Test
    void eachRequiredSettingIsNamedWhenMissing() {
        Dataset d = TrainingTest.tiny();
        assertEquals("setData", assertThrows(NullPointerException.class, () -> minimal(d).setData(null).build()).getMessage());
        assertEquals("setTasks", assertThrows(NullPointerException.class, () -> minimal(d).setTasks(null).build()).getMessage());
        assertEquals("setModel", assertThrows(NullPointerException.class, () -> minimal(d).setModel(null).build()).getMessage());
        assertEquals("setGraph", assertThrows(NullPointerException.class, () -> minimal(d).setGraph(null).build()).getMessage());
        assertEquals("setTraining", assertThrows(NullPointerException.class, () -> minimal(d).setTraining(null).build()).getMessage());
    }

    @Test
    void optionalSettingsHaveTheDocumentedDefaults() {
        TrainingJob job = minimal(TrainingTest.tiny()).build();
        assertEquals("ERROR", job.occupancy());
        assertEquals(false, job.resume());
        assertEquals(List.of(), job.dataFiles());
        assertEquals("", job.command());
        assertEquals(0.0, job.maxSeconds());
        assertNull(job.init());
        assertNull(job.distillation());
        assertNull(job.split());
        assertNull(job.out());
    }

    @Test
    void toBuilderCopiesEverySettingAndChangesOnlyWhatIsSet(@TempDir Path dir) {
        Dataset d = TrainingTest.tiny();
        Split split = new Split("s", d.ids().subList(0, 6), d.ids().subList(6, 8), List.of());
        List<Manifest.DataFile> files = List.of(new Manifest.DataFile("x.csv", "00"));
        Distillation teacher = new Distillation(List.of("t.csv"), 0.5);
        TrainingJob job = minimal(d).setSplit(split).setOut(dir).optOccupancy("SPLIT").optResume(true).optProvenance(files, "regnet train")
                .optTimeLimit(60).optDistillation(teacher).build();
        TrainingJob fold = job.toBuilder().setOut(dir.resolve("fold_0")).optTimeLimit(5).build();
        assertEquals(dir.resolve("fold_0"), fold.out());
        assertEquals(5.0, fold.maxSeconds());
        assertEquals(job.data(), fold.data());
        assertEquals(split, fold.split());
        assertEquals(TASKS, fold.tasks());
        assertEquals(job.model(), fold.model());
        assertEquals(job.graph(), fold.graph());
        assertEquals(job.training(), fold.training());
        assertEquals("SPLIT", fold.occupancy());
        assertTrue(fold.resume());
        assertEquals(files, fold.dataFiles());
        assertEquals("regnet train", fold.command());
        assertEquals(teacher, fold.distillation());
        assertEquals(dir, job.out(), "the original is unchanged");
    }

    @Test
    void trainingNeedsASplitAndARunDirectory(@TempDir Path dir) {
        Dataset d = TrainingTest.tiny();
        Split split = new Split("s", d.ids().subList(0, 6), d.ids().subList(6, 8), List.of());
        String noSplit = assertThrows(NullPointerException.class,
                () -> ModelTrainer.train(minimal(d).setOut(dir).build(), new TrainingListener() { })).getMessage();
        assertTrue(noSplit.contains("setSplit"), noSplit);
        String noOut = assertThrows(NullPointerException.class,
                () -> ModelTrainer.train(minimal(d).setSplit(split).build(), new TrainingListener() { })).getMessage();
        assertTrue(noOut.contains("setOut"), noOut);
    }
}
