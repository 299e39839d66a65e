package org.heatbench.training;

import java.nio.file.Path;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.store.Provenance;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;

/**
 * Small synthetic stores for training tests (8 leads, 600 samples), generator model v1: its beats show the next
 * beat, so a few hundred records are learnable within seconds, which is what these tests of the optimisation
 * mechanics need (model v2 medians are harder; the shipped models are fine-tuned on them).
 */
public final class TinyStores {
    private TinyStores() {
    }

    /** Generates {@code n} records (seed 1, default 60/20/20 split) into {@code dir}. */
    public static Path generate(Path dir, int n) {
        return generate(dir, n, 1, SplitPolicy.DEFAULT);
    }

    /** Generates {@code n} records with the given seed and split policy into {@code dir}. */
    public static Path generate(Path dir, int n, long seed, SplitPolicy split) {
        return generate(dir, n, seed, split, null);
    }

    /**
     * As {@link #generate(Path, int, long, SplitPolicy)}, the store's provenance saying it was imported in
     * {@code importFormat} (parameter {@code format}) when not null — records with equal ids then count as the same
     * record across such stores.
     */
    public static Path generate(Path dir, int n, long seed, SplitPolicy split, String importFormat) {
        return generate(dir, GeneratorConfig.legacy(n, seed), split, importFormat);
    }

    /** Generates the records of {@code config} (any generator model) into {@code dir}. */
    public static Path generate(Path dir, GeneratorConfig config, SplitPolicy split, String importFormat) {
        SyntheticEcgGenerator g = SyntheticEcgGenerator.of(config);
        StoreSpec spec = g.storeSpec(Lead.INDEPENDENT_8, split);
        if (importFormat != null) {
            spec = spec.withProvenance(new Provenance("import", "test", importFormat + " test",
                    java.util.Map.of("format", importFormat)));
        }
        try (StoreWriter w = StoreWriter.create(dir, spec, false)) {
            g.generate(w, 1);
        }
        return dir;
    }
}
