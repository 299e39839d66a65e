package org.heatbench.datasets.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreBadInputTest {
    @TempDir
    Path tmp;

    private static final StoreSpec SPEC = StoreSpec.of(Lead.INDEPENDENT_8, 500, 60).withShardSize(4);

    private Path writeStore(String name, int records) {
        Path dir = tmp.resolve(name);
        try (StoreWriter w = StoreWriter.create(dir, SPEC, false)) {
            for (int i = 0; i < records; i++) {
                w.append(TestRecords.random("r" + i, Lead.INDEPENDENT_8, 60, i));
            }
            w.finish();
        }
        return dir;
    }

    @Test
    void nonFiniteSamplesDuplicateIdsAndInt16OverflowAreRefusedPerRecord() {
        Path dir = tmp.resolve("s");
        StoreSpec int16 = SPEC.withSampleType(SampleType.INT16, 0.1);
        try (StoreWriter w = StoreWriter.create(dir, int16, false)) {
            w.append(TestRecords.random("ok", Lead.INDEPENDENT_8, 60, 1));
            float[] s = new float[8 * 60];
            s[70] = Float.NaN;
            EcgRecord nan = new EcgRecord("nan", Lead.INDEPENDENT_8, 60, s, TestRecords.random("t",
                    Lead.INDEPENDENT_8, 60, 2).targets(), TestRecords.random("t", Lead.INDEPENDENT_8, 60, 2)
                    .fiducials());
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> w.append(nan));
            assertTrue(e.getMessage().contains("record nan: lead II sample 10 is NaN"), e.getMessage());
            InvalidInputException dup = assertThrows(InvalidInputException.class,
                    () -> w.append(TestRecords.random("ok", Lead.INDEPENDENT_8, 60, 3)));
            assertTrue(dup.getMessage().contains("duplicate record id 'ok'"), dup.getMessage());
            // 3300 µV at 0.1 µV per unit is 33000 units: outside int16
            float[] big = new float[8 * 60];
            big[5] = 3300;
            EcgRecord tooBig = new EcgRecord("big", Lead.INDEPENDENT_8, 60, big, nan.targets(), nan.fiducials());
            InvalidInputException range = assertThrows(InvalidInputException.class, () -> w.append(tooBig));
            assertTrue(range.getMessage().contains("does not fit int16"), range.getMessage());
            w.append(TestRecords.random("ok2", Lead.INDEPENDENT_8, 60, 5).withLeads(Lead.STANDARD_12)
                    .withLeads(Lead.INDEPENDENT_8));
            w.finish();
        }
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(2, store.size());
        }
    }

    @Test
    void anInterruptedWriteLeavesAStoreThatIsRefusedAndNoTemporaryFiles() throws IOException {
        Path dir = tmp.resolve("interrupted");
        try (StoreWriter w = StoreWriter.create(dir, SPEC, false)) {
            for (int i = 0; i < 6; i++) { // one full shard written, two records pending
                w.append(TestRecords.random("r" + i, Lead.INDEPENDENT_8, 60, i));
            }
            Files.writeString(dir.resolve("shard-00001.h5.tmp"), "half a shard"); // as a crash would leave it
            // no finish(): the writer is closed as after an exception
        }
        String manifest = Files.readString(dir.resolve("manifest.json"));
        assertTrue(manifest.contains("\"complete\" : false"), manifest);
        assertTrue(manifest.contains("shard-00000.h5") && !manifest.contains("shard-00001"), manifest);
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.toString().endsWith(".tmp")));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EcgStore.open(dir));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
    }

    /** Removes the shard checksums, as in a store written before they existed: the structural checks remain. */
    static void stripChecksums(Path dir) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode root = json.readTree(dir.resolve(StoreManifest.FILE_NAME).toFile());
        root.get("shards").forEach(n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("sha256"));
        json.writeValue(dir.resolve(StoreManifest.FILE_NAME).toFile(), root);
    }

    @Test
    void truncatedAndForeignShardFilesAreErrorsNamingTheFile() throws IOException {
        Path dir = writeStore("trunc", 10);
        stripChecksums(dir);
        Path shard = dir.resolve("shard-00001.h5");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, Arrays.copyOf(bytes, bytes.length / 3));
        Files.writeString(dir.resolve("shard-00002.h5"), "this is not HDF5");
        try (EcgStore store = EcgStore.open(dir)) {
            assertEquals(TestRecords.random("r1", Lead.INDEPENDENT_8, 60, 1), store.record(1));
            InvalidInputException e1 = assertThrows(InvalidInputException.class, () -> store.read(4, 8));
            assertTrue(e1.getMessage().contains("shard-00001.h5"), e1.getMessage());
            // a shard cut just before its end is caught too (jhdf alone would return garbage there)
            Files.write(shard, Arrays.copyOf(bytes, bytes.length - 10));
            InvalidInputException e3 = assertThrows(InvalidInputException.class, () -> store.record(5));
            assertTrue(e3.getMessage().contains("is truncated"), e3.getMessage());
            InvalidInputException e2 = assertThrows(InvalidInputException.class, () -> store.record(9));
            assertTrue(e2.getMessage().contains("shard-00002.h5") && e2.getMessage().contains("not a readable HDF5"),
                    e2.getMessage());
        }
    }

    @Test
    void aShardOfAnotherShapeOrAMissingShardIsAnError() throws IOException {
        Path dir = writeStore("shape", 8);
        stripChecksums(dir);
        Path other = writeStore("other", 3);
        Files.copy(other.resolve("shard-00000.h5"), dir.resolve("shard-00001.h5"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(dir.resolve("shard-00000.h5"));
        try (EcgStore store = EcgStore.open(dir)) {
            InvalidInputException shape = assertThrows(InvalidInputException.class, () -> store.record(5));
            assertTrue(shape.getMessage().contains("has shape [3, 8, 60], expected [4, 8, 60]"), shape.getMessage());
            InvalidInputException missing = assertThrows(InvalidInputException.class, () -> store.record(0));
            assertTrue(missing.getMessage().contains("shard-00000.h5 listed in the manifest is missing"),
                    missing.getMessage());
        }
    }

    @Test
    void notAStoreAndBadManifestsAreClearErrors() throws IOException {
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> EcgStore.open(tmp));
        assertTrue(none.getMessage().contains("is not a HeatBench store"), none.getMessage());
        Path dir = writeStore("m", 2);
        String m = Files.readString(dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("manifest.json"), m.replace("\"format_version\" : 1", "\"format_version\" : 7"));
        InvalidInputException version = assertThrows(InvalidInputException.class, () -> EcgStore.open(dir));
        assertTrue(version.getMessage().contains("format version 7"), version.getMessage());
        Files.writeString(dir.resolve("manifest.json"), m.replace("\"V5\"", "\"V7\""));
        InvalidInputException lead = assertThrows(InvalidInputException.class, () -> EcgStore.open(dir));
        assertTrue(lead.getMessage().contains("unknown lead name 'V7'"), lead.getMessage());
        Files.writeString(dir.resolve("manifest.json"), "{ not json");
        assertThrows(InvalidInputException.class, () -> EcgStore.open(dir));
    }

    @Test
    void writersNeverClobberOtherFilesAndReplaceStoresOnlyWhenAsked() throws IOException {
        Path dir = writeStore("existing", 3);
        ConfigurationException exists = assertThrows(ConfigurationException.class,
                () -> StoreWriter.create(dir, SPEC, false));
        assertTrue(exists.getMessage().contains("'overwrite'"), exists.getMessage());
        try (StoreWriter w = StoreWriter.create(dir, SPEC, true)) {
            w.append(TestRecords.random("new", Lead.INDEPENDENT_8, 60, 1));
            w.finish();
        }
        try (EcgStore s = EcgStore.open(dir)) {
            assertEquals(List.of("new"), s.read(0, 1).ids());
        }
        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("thesis.docx"), "precious");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> StoreWriter.create(foreign, SPEC, true));
        assertTrue(e.getMessage().contains("thesis.docx"), e.getMessage());
        assertTrue(Files.exists(foreign.resolve("thesis.docx")));
    }

    @Test
    void indicesOutsideTheStoreAndWrongRecordShapes() {
        Path dir = writeStore("idx", 5);
        try (EcgStore store = EcgStore.open(dir)) {
            assertThrows(IndexOutOfBoundsException.class, () -> store.read(3, 6));
            assertThrows(IndexOutOfBoundsException.class, () -> store.read(new int[] {-1}, Lead.INDEPENDENT_8));
        }
        try (StoreWriter w = StoreWriter.create(tmp.resolve("shapes"), SPEC, false)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> w.append(TestRecords.random("short", Lead.INDEPENDENT_8, 59, 1)));
            assertTrue(e.getMessage().contains("59 samples"), e.getMessage());
            assertThrows(ConfigurationException.class,
                    () -> w.append(TestRecords.random("v1only", List.of(Lead.V1), 60, 1)));
        }
    }
}
