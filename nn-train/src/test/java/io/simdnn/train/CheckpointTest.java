package io.simdnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.Network;
import io.simdnn.model.Output;
import io.simdnn.spi.Activation;
import io.simdnn.spi.Backend;
import io.simdnn.train.data.Dataset;
import io.simdnn.train.data.Datasets;
import io.simdnn.train.data.Splits;
import io.simdnn.train.data.Standardizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped after an epoch and resumed from its checkpoint file ends bit-identical to the uninterrupted run. */
class CheckpointTest {

    @TempDir
    Path dir;

    private final Backend backend = TestBackends.scalar();
    private final Dataset train, validation;

    CheckpointTest() {
        Splits.Split split = Splits.random(Datasets.load("wine"), 0.2, 0, 3);
        Standardizer s = Standardizer.fit(split.train());
        train = s.transform(split.train());
        validation = s.transform(split.validation());
    }

    private Network initial() {
        // Dropout draws from the dropout generator and Adam keeps two state arrays: both must be restored.
        return Network.builder().input(13).dense(16, Activation.RELU).dropout(0.2).dense(3).output(Output.SOFTMAX)
                .seed(5).backend(backend).build();
    }

    private TrainingConfig config(int epochs) {
        return TrainingConfig.builder().optimizer(Optimizers.adam(0.01)).epochs(epochs).batchSize(16).seed(9)
                .earlyStopping(50).weightDecay(1e-4).build();
    }

    @Test
    void resumingFromAnEpochsCheckpointIsBitIdenticalToTheUninterruptedRun() throws IOException {
        List<TrainingState> states = new ArrayList<>();
        TrainingResult whole = new Trainer().onEpochState(states::add).fit(initial(), train, validation, config(12));
        assertEquals(12, states.size());
        assertEquals(5, states.get(4).epoch());

        Path file = dir.resolve("run.ckpt");
        Checkpoints.write(states.get(4), file);
        TrainingState read = Checkpoints.read(file);
        TrainingResult resumed = new Trainer().resumeFrom(read).fit(initial(), train, validation, config(12));

        for (int i = 0; i < whole.network().parameters().count(); i++) {
            assertArrayEquals(whole.network().parameters().values(i), resumed.network().parameters().values(i),
                    "tensor " + i);
        }
        assertEquals(12, resumed.history().size());
        assertEquals(whole.history().bestEpoch(), resumed.history().bestEpoch());
        for (int e = 0; e < 12; e++) {
            EpochMetrics a = whole.history().epochs().get(e), b = resumed.history().epochs().get(e);
            assertEquals(a.trainLoss(), b.trainLoss(), "epoch " + (e + 1));
            assertEquals(a.validationLoss(), b.validationLoss(), "epoch " + (e + 1));
            assertArrayEquals(a.validation().confusion(), b.validation().confusion());
        }
    }

    @Test
    void aResumedRunMayGoFurtherButNotWithAnotherConfiguration() throws IOException {
        List<TrainingState> states = new ArrayList<>();
        new Trainer().onEpochState(states::add).fit(initial(), train, validation, config(4));
        TrainingResult longer = new Trainer().resumeFrom(states.getLast()).fit(initial(), train, validation,
                config(6));
        assertEquals(6, longer.history().size());
        TrainingConfig other = config(6).toBuilder().seed(10).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer().resumeFrom(states.getLast()).fit(initial(), train, validation, other));
        assertTrue(e.getMessage().contains("seed 9") && e.getMessage().contains("seed 10"), e.getMessage());
        Path junk = dir.resolve("junk.ckpt");
        Files.writeString(junk, "not a checkpoint at all");
        assertEquals(junk + " is not a simdnn training checkpoint",
                assertThrows(IOException.class, () -> Checkpoints.read(junk)).getMessage());
        Path cut = dir.resolve("cut.ckpt");
        Checkpoints.write(states.getLast(), cut);
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(assertThrows(IOException.class, () -> Checkpoints.read(cut)).getMessage().contains("cut short"));
    }
}
