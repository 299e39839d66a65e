package org.heatbench.results.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.heatbench.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed files of a run directory: format checks in one line, round trips, checksums, atomic writes. */
class RunFilesTest {
    @TempDir
    Path tmp;

    static UnitMarker marker(int version) {
        return new UnitMarker(RunFiles.UNIT_FORMAT, version, "qt", 3, 48, 64, 16, 192, 2, 1, 1, 4.5, 12000, 0,
                "app-20261206-0001",
                Map.of("records/part-qt-00003.parquet", "ab", "units/qt-00003.partial.json", "cd"));
    }

    @Test
    void aMarkerRoundTripsInSnakeCase() throws IOException {
        Path f = tmp.resolve("qt-00003.done");
        RunFiles.write(f, marker(RunFiles.FORMAT_VERSION));
        String text = Files.readString(f);
        assertTrue(text.contains("\"format_version\" : " + RunFiles.FORMAT_VERSION), text);
        assertTrue(text.contains("\"records_incomplete\" : 1"), text);
        assertEquals(marker(RunFiles.FORMAT_VERSION), RunFiles.read(f, RunFiles.UNIT_FORMAT, UnitMarker.class));
    }

    /** Partial statistics are written gzip-compressed (.gz): same value back, same bytes twice, plain still read. */
    @Test
    void aGzNameIsWrittenCompressedDeterministicallyAndReadLikePlainJson() throws IOException {
        Path gz = tmp.resolve("qt-00003.partial.json.gz");
        RunFiles.write(gz, marker(RunFiles.FORMAT_VERSION));
        byte[] bytes = Files.readAllBytes(gz);
        assertEquals(0x1f, bytes[0] & 0xff);
        assertEquals(0x8b, bytes[1] & 0xff);
        assertEquals(marker(RunFiles.FORMAT_VERSION), RunFiles.read(gz, RunFiles.UNIT_FORMAT, UnitMarker.class));
        // no time stamp in the header: the unit marker's SHA-256 of this file is a function of the value alone
        assertTrue(java.util.Arrays.equals(bytes, RunFiles.encode(gz, marker(RunFiles.FORMAT_VERSION))));
        Path plain = tmp.resolve("qt-00003.partial.json");
        RunFiles.write(plain, marker(RunFiles.FORMAT_VERSION));
        assertEquals('{', Files.readAllBytes(plain)[0]);
        assertEquals(marker(RunFiles.FORMAT_VERSION), RunFiles.read(plain, RunFiles.UNIT_FORMAT, UnitMarker.class));
        Path cut = Files.write(tmp.resolve("cut.partial.json.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RunFiles.read(cut, RunFiles.UNIT_FORMAT, UnitMarker.class));
        assertTrue(e.getMessage().startsWith(cut + " is not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void anUnknownFormatVersionIsOneClearLine() {
        Path f = tmp.resolve("new.done");
        RunFiles.write(f, marker(99));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RunFiles.read(f, RunFiles.UNIT_FORMAT, UnitMarker.class));
        assertEquals(f + ": heatbench-unit format version 99 is not supported; this HeatBench reads version "
                + RunFiles.FORMAT_VERSION + " (written by a newer HeatBench)", e.getMessage());
        Path old = tmp.resolve("old.done");
        RunFiles.write(old, marker(1));
        e = assertThrows(InvalidInputException.class, () -> RunFiles.read(old, RunFiles.UNIT_FORMAT, UnitMarker.class));
        assertTrue(e.getMessage().contains("an older run: start it afresh with --overwrite"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        e = assertThrows(InvalidInputException.class, () -> RunFiles.read(f, RunFiles.RUN_FORMAT, RunManifest.class));
        assertTrue(e.getMessage().contains("declares format 'heatbench-unit', expected 'heatbench-run'"),
                e.getMessage());
    }

    /** Partial statistics were Java-serialised once; such a file (or any non-JSON) instantiates nothing. */
    @Test
    void aJavaSerialisedFileIsRefusedNotDeserialised() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(List.of("gadget")));
        }
        Path f = Files.write(tmp.resolve("qt-00000.partial.json"), bytes.toByteArray());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RunFiles.read(f, RunFiles.PARTIAL_FORMAT, UnitPartial.class));
        assertTrue(e.getMessage().startsWith(f + " is not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Path wrongType = Files.writeString(tmp.resolve("x.json"), "{\"format\": \"heatbench-unit-statistics\", "
                + "\"format_version\": " + RunFiles.FORMAT_VERSION + ", \"records\": \"many\"}");
        e = assertThrows(InvalidInputException.class,
                () -> RunFiles.read(wrongType, RunFiles.PARTIAL_FORMAT, UnitPartial.class));
        assertTrue(e.getMessage().contains("does not fit the heatbench-unit-statistics format"), e.getMessage());
    }

    @Test
    void sha256MatchesTheStandardVectorAndNoticesZeroedBytes() throws IOException {
        Path f = Files.writeString(tmp.resolve("abc"), "abc", StandardCharsets.US_ASCII);
        // FIPS 180-2, appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", RunFiles.sha256(f));
        Files.write(f, new byte[3]);
        assertFalse(RunFiles.sha256(f).startsWith("ba7816bf"));
    }

    @Test
    void writesAreAtomicAndLeaveNoTemporaryFile() throws IOException {
        Path f = tmp.resolve("run.json");
        RunFiles.writeText(f, "{}\n");
        RunFiles.writeText(f, "{\"a\": 1}\n");
        assertEquals("{\"a\": 1}\n", Files.readString(f));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(f), s.toList());
        }
        assertTrue(!RunFiles.temporary(f, "app-1-7").equals(RunFiles.temporary(f, "app-2-7")),
                "the same task attempt id in two applications gives two temporary names");
    }
}
