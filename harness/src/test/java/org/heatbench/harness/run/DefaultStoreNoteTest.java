package org.heatbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.store.Provenance;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heatbench run} keeps an existing default store but says when its QT labels use the former T end or an older
 * beat model made it.
 */
class DefaultStoreNoteTest {
    @TempDir
    Path tmp;

    private Path store(String name, GeneratorConfig config, boolean withTEnd) {
        SyntheticEcgGenerator g = SyntheticEcgGenerator.of(config);
        StoreSpec spec = g.storeSpec(Lead.STANDARD_12, SplitPolicy.DEFAULT);
        Map<String, String> p = new HashMap<>(spec.provenance().parameters());
        if (!withTEnd) {
            p.remove("t_end"); // what a v2 store made before the tangent definition records
        }
        Provenance old = spec.provenance();
        Path dir = tmp.resolve(name);
        try (StoreWriter w = StoreWriter.create(dir, spec.withProvenance(
                new Provenance(old.kind(), old.tool(), old.source(), p)), false)) {
            g.generate(w, 1);
        }
        return dir;
    }

    private static String note(Path dir) {
        StringWriter s = new StringWriter();
        RunCommand.warnIfOutdated(dir, new PrintWriter(s));
        return s.toString();
    }

    @Test
    void notesAPreTangentV2StoreAndAnOlderModelOnly() {
        assertTrue(note(store("old", GeneratorConfig.v2(2, 1), false)).contains("tangent method"),
                "pre-tangent v2 store: a note");
        String v2 = note(store("v2", GeneratorConfig.v2(2, 1), true));
        assertTrue(v2.contains("model dipole-dower-v2, not the current dipole-dower-v3"), v2);
        assertEquals("", note(store("new", GeneratorConfig.defaults(2, 1), true)), "current store: silent");
    }
}
