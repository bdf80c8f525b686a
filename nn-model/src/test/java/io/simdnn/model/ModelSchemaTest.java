package io.simdnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.model.io.ModelFile;
import io.simdnn.model.io.ModelFormatException;
import io.simdnn.model.io.ModelSchema;
import io.simdnn.model.io.SafeTensors;
import io.simdnn.model.io.SavedModel;
import io.simdnn.spi.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSchemaTest {
    @TempDir
    Path dir;

    private static final Network NET = Network.builder().input(3).dense(4, Activation.TANH).dense(2)
            .output(Output.SOFTMAX).seed(4).backend(TestBackends.scalar()).build();

    private static ModelSchema schema() {
        return new ModelSchema(List.of("age", "height", "weight"), "label", List.of("cat", "dog"),
                ModelSchema.Task.CLASSIFICATION, new ModelSchema.Scaling("standard", new float[] {1, 2, 3},
                new float[] {0.5f, 1, 4}, true), new ModelSchema.Provenance("pets.csv", 120L, 42L, "simd",
                "2026-12-04T20:00:00Z", "0.1.0"));
    }

    @Test
    void theSchemaRoundTripsThroughTheModelFile() throws IOException {
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(NET, schema(), f);
        SavedModel back = ModelFile.loadWithSchema(f, TestBackends.scalar());
        assertEquals(schema(), back.schema());
        assertEquals(schema(), ModelSchema.fromJson(schema().toJson()));
        assertArrayEquals(NET.predict(new float[] {1, 2, 3}), back.network().predict(new float[] {1, 2, 3}));
    }

    @Test
    void filesWithoutASchemaStillLoad() throws IOException {
        Path f = dir.resolve("old.safetensors");
        ModelFile.save(NET, f);
        assertNull(ModelFile.loadWithSchema(f, TestBackends.scalar()).schema());
        assertEquals(NET.architecture(), ModelFile.load(f).architecture());
    }

    @Test
    void aBrokenSchemaIsAFormatErrorNamingTheField() throws IOException {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        Parameters p = NET.parameters();
        for (int i = 0; i < p.count(); i++) {
            long[] shape = java.util.Arrays.stream(p.tensor(i).shape()).asLongStream().toArray();
            t.put(p.tensor(i).name(), SafeTensors.Tensor.of(p.values(i), shape));
        }
        Path f = dir.resolve("bad.safetensors");
        SafeTensors.write(f, t, Map.of(ModelFile.ARCHITECTURE_KEY, io.simdnn.model.io.ArchitectureJson.write(NET.architecture()), ModelSchema.KEY,
                "{\"task\":\"clustering\"}"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.loadWithSchema(f, null));
        assertTrue(e.getMessage().startsWith("bad.safetensors: schema JSON: task must be"), e.getMessage());
        SafeTensors.write(f, t, Map.of(ModelFile.ARCHITECTURE_KEY, io.simdnn.model.io.ArchitectureJson.write(NET.architecture()), ModelSchema.KEY,
                "{\"task\":\"regression\",\"features\":[\"a\",\"b\"]}"));
        e = assertThrows(ModelFormatException.class, () -> ModelFile.loadWithSchema(f, null));
        assertTrue(e.getMessage().contains("2 feature names for a network of 3 inputs"), e.getMessage());
    }

    @Test
    void columnsAreFoundByNameAndADifferenceIsListed() {
        assertArrayEquals(new int[] {2, 0, 3}, schema().columnsIn(List.of("height", "label", "age", "weight")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> schema().columnsIn(List.of("age", "label", "Height", "weight")));
        assertEquals("the columns do not match the model's features: missing [height], not in the model [Height];"
                + " the model takes [age, height, weight]", e.getMessage());
        assertEquals("dog", schema().className(1));
        assertEquals("5", schema().className(5));
    }

    @Test
    void foldingAScalingGivesTheNetworkOnScaledInputs() {
        float[] offset = {1, -2, 0.5f}, scale = {2, 0.25f, 3};
        Network folded = InputScaling.fold(NET, offset, scale);
        float[] raw = {3, 1, -4, 0.5f, 2, 7}, scaled = raw.clone();
        new ModelSchema.Scaling("standard", offset, scale, false).apply(scaled, 2);
        float[] want = NET.predict(scaled), got = folded.predict(raw);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> InputScaling.fold(NET, new float[2], new float[2]));
    }
}
