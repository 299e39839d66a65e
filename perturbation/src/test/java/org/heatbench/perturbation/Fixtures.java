package org.heatbench.perturbation;

import java.nio.file.Path;
import java.util.List;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticBeat;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;

/** Synthetic records and stores for the tests. */
public final class Fixtures {
    private static final SyntheticEcgGenerator GENERATOR = SyntheticEcgGenerator.of(GeneratorConfig.defaults(1000, 7));

    private Fixtures() {
    }

    /** A synthetic median beat, 8 independent leads × 600 samples, µV. */
    public static SyntheticBeat beat(int i) {
        return GENERATOR.beat(i);
    }

    /** Writes a synthetic store of {@code n} records with the given stored leads. */
    public static Path store(Path dir, int n, List<Lead> leads) {
        SyntheticEcgGenerator gen = SyntheticEcgGenerator.of(GeneratorConfig.defaults(n, 11));
        StoreSpec spec = gen.storeSpec(leads, SplitPolicy.DEFAULT).withShardSize(Math.max(4, n / 2));
        try (StoreWriter w = StoreWriter.create(dir, spec, false)) {
            gen.generate(w, 1);
        }
        return dir;
    }
}
