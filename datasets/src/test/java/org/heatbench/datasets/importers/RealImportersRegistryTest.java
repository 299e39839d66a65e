package org.heatbench.datasets.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.registry.Descriptor;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Spec;
import org.heatbench.datasets.importers.tables.JoinedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-data importers (muse, wfdb, code15) as entries of {@link ImporterRegistry#standard()}. */
class RealImportersRegistryTest {
    private static final ImporterRegistry REGISTRY = ImporterRegistry.standard();

    @TempDir
    Path tmp;

    private static Spec resolve(String text) {
        return REGISTRY.resolve(Spec.parse(ImporterRegistry.KIND, text));
    }

    @Test
    void registeredWithParametersDefaultsAndReferences() {
        Map<String, List<String>> expected = Map.of("muse", List.of("waveform", "interval_tolerance_ms", "threads"),
                "wfdb", List.of("checksum", "tables", "threads"), "code15", List.of("units", "trim_padding", "tables"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            Descriptor d = REGISTRY.registry().get(e.getKey()).descriptor();
            assertEquals(e.getValue(), d.parameters().stream().map(ParameterDescriptor::name).toList(), e.getKey());
            assertFalse(d.reference().isBlank(), e.getKey());
            assertFalse(d.summary().isBlank(), e.getKey());
            for (ParameterDescriptor p : d.parameters()) {
                assertTrue(p.defaultValue() != null, e.getKey() + "." + p.name() + " has a default");
            }
        }
        assertEquals("muse:waveform=median,interval_tolerance_ms=10", resolve("muse").toString());
        assertEquals("code15:units=mv,trim_padding=true,tables=", resolve("code15").toString());
    }

    @Test
    void parametersAreCanonicalisedAndValidatedNamingTheParameter() {
        Spec w = resolve("wfdb:checksum=KEEP,tables=a.csv; b.csv,threads=3");
        assertEquals("keep", w.get("checksum"));
        assertEquals(List.of(Path.of("a.csv"), Path.of("b.csv")), JoinedSource.tables(w));
        assertEquals(3, ParallelReads.threads(w));
        assertEquals(w, resolve(w.toString()));
        int auto = ParallelReads.threads(resolve("wfdb"));
        assertTrue(auto >= 1 && auto <= ParallelReads.AUTO_MAX, "auto threads " + auto);

        assertTrue(assertThrows(ConfigurationException.class, () -> resolve("muse:interval_tolerance_ms=-1"))
                .getMessage().contains("importer 'muse': parameter 'interval_tolerance_ms' must be a finite number"));
        assertTrue(assertThrows(ConfigurationException.class, () -> resolve("muse:waveform=average"))
                .getMessage().contains("parameter 'waveform' must be one of [median, rhythm]"));
        assertTrue(assertThrows(ConfigurationException.class, () -> resolve("wfdb:threads=-2"))
                .getMessage().contains("parameter 'threads' must be an integer >= 0"));
        assertTrue(assertThrows(ConfigurationException.class, () -> resolve("code15:units=V"))
                .getMessage().contains("parameter 'units' must be one of [uv, µv, mv]"));
    }

    @Test
    void provenanceKeepsTheFormatAndItsParametersButNotTheThreadCount() {
        Map<String, String> p = ImporterRegistry.provenance(resolve("muse:waveform=rhythm,threads=3"));
        assertEquals(Map.of("format", "muse", "waveform", "rhythm", "interval_tolerance_ms", "10"), p);
    }

    @Test
    void aMissingOrForeignTableIsNamedWhenOpened() throws IOException {
        Path missing = tmp.resolve("no-such-table.csv");
        HeatBenchException e = assertThrows(HeatBenchException.class,
                () -> REGISTRY.open(tmp, resolve("code15:tables=" + missing)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        Path foreign = Files.writeString(tmp.resolve("foreign.csv"), "a,b\n1,2\n");
        e = assertThrows(HeatBenchException.class, () -> REGISTRY.open(tmp, resolve("wfdb:tables=" + foreign)));
        assertTrue(e.getMessage().contains(foreign.toString()) && e.getMessage().contains("none of"), e.getMessage());
    }
}
