package org.heatbench.harness.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.heatbench.datasets.synth.TEndDefinition;
import org.heatbench.datasets.store.SampleType;
import org.heatbench.datasets.store.StoreManifest;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.heatbench.harness.LegacyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code heatbench dataset generate}: the synthetic dataset with ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate synthetic median beats (dipole model, Dower projection) with measured targets, "
                + "fiducials and ground truth.",
            "Output depends only on the seed and content options, not on --threads or --shard-size.",
            "Example: heatbench dataset generate --records 150000 --out data/synth --seed 1"})
final class GenerateCommand extends DatasetSubcommand {

    @Option(names = "--records", description = "Number of records.")
    Long records;

    @Option(names = "--n", hidden = true, description = "Old spelling of --records.")
    Long legacyN;

    long count;

    @Option(names = "--out", required = true, description = "Store directory to create.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Master seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--shard-size", defaultValue = "" + StoreSpec.DEFAULT_SHARD_SIZE,
            description = "Records per shard file (default: ${DEFAULT-VALUE}).")
    int shardSize;

    @Option(names = "--leads", defaultValue = "12",
            description = "Stored leads: 12, 8 (I, II, V1-V6) or a list such as I,II,V5 (default: ${DEFAULT-VALUE}).")
    String leads;

    @Option(names = "--dtype", defaultValue = "float32",
            description = "Sample type: float32 or int16 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--scale", defaultValue = "0.5",
            description = "µV per unit for int16 (default: ${DEFAULT-VALUE}); ignored for float32.")
    double scale;

    @Option(names = "--deflate", defaultValue = "0",
            description = "0 = uncompressed, 1-9 = shuffle + deflate level (default: ${DEFAULT-VALUE}).")
    int deflate;

    @Option(names = "--borderline", defaultValue = "0.15",
            description = "Share of records with one borderline measure (default: ${DEFAULT-VALUE}).")
    double borderline;

    @Option(names = "--noise", split = ",",
            description = "Range of the per-record white-noise SD in µV, min,max (default: 1,8 for v2 to v4, 5,10 for v1).")
    double[] noise;

    @Option(names = "--model", defaultValue = "v3",
            description = "Beat model: v4 (v3 plus dispersed repolarisation — broad, late-ending T waves — in the "
                    + "wide-QRS family), v3 (v2 plus atrial repolarisation, T placed on its tangent end, "
                    + "rate-dependent U waves), v2 (realistic morphology and artefacts, one beat per window; reproduces "
                    + "v2 stores) or v1 (the original close-to-normal beats with neighbouring beats; reproduces v1 "
                    + "stores) "
                    + "(default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--next-beat", description = "v2 to v4: also draw the previous and next beats (every RR) where they "
            + "reach into the window, as median makers that show them do (v1 always does).")
    boolean nextBeat;

    @Option(names = "--t-end", description = "v2 to v4: how the ground truth ends the T wave (QT target, t_off fiducial): "
            + "tangent (the tangent method, as cardiologists and 12SL do; default) or threshold (where the T wave's "
            + "spatial magnitude falls to 1.1%% of its peak, as v2 stores made before the tangent definition and every "
            + "v1 store). The waveform is the same.")
    String tEnd;

    @Option(names = "--qrs-onset", split = ",",
            description = "QRS onset mean,SD in ms from the window start (default: 434,10 for v3 and v2, 436,9 for v1).")
    double[] qrsOnset;

    @Option(names = "--split", defaultValue = "0.6,0.2",
            description = "Train and validation fractions; test takes the rest (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--split-seed", defaultValue = "123", description = "Seed of the split assignment "
            + "(default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--overwrite", description = "Replace an existing store in --out.")
    boolean overwrite;

    @Option(names = "--labels", description = "Also write the synthetic classification labels (AVB1, WIDE_QRS, "
            + "LONG_QT, STE_V5, TINV_V5, BRADY, TACHY; as 'dataset label') into the new store's record-metadata.jsonl; "
            + "the shards are the same with or without it.")
    boolean labels;

    @Override
    int run() {
        count = LegacyOptions.pick(spec, records, legacyN, "--records", "--n", true);
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new ConfigurationException("--records must be 1 to " + Integer.MAX_VALUE + " (the largest store), got "
                    + count);
        }
        if (shardSize < 1) {
            throw new ConfigurationException("--shard-size must be >= 1, got " + shardSize);
        }
        ImportCommand.positive("--scale", scale, 1e4);
        GeneratorConfig config = GeneratorConfig.of(model, count, seed).withBorderlineFraction(borderline);
        if (noise != null) {
            if (noise.length != 2) {
                throw new ConfigurationException("--noise takes two values min,max");
            }
            config = config.withNoise(noise[0], noise[1]);
        }
        if (qrsOnset != null) {
            if (qrsOnset.length != 2) {
                throw new ConfigurationException("--qrs-onset takes two values mean,sd (ms)");
            }
            config = config.withQrsOnset(qrsOnset[0], qrsOnset[1]);
        }
        if (nextBeat) {
            config = config.withNextBeat(true);
        }
        if (tEnd != null) {
            config = config.withTEnd(TEndDefinition.parse(tEnd));
        }
        SyntheticEcgGenerator generator = SyntheticEcgGenerator.of(config);
        SampleType type = SampleType.parse(dtype);
        StoreSpec storeSpec = generator.storeSpec(leads(leads), splitPolicy(split, splitSeed))
                .withSampleType(type, type == SampleType.FLOAT32 ? 1.0 : scale).withDeflate(deflate)
                .withShardSize(shardSize);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        StoreManifest manifest;
        try (StoreWriter writer = StoreWriter.create(out, storeSpec, overwrite)) {
            manifest = generator.generate(writer, workers);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out().printf(Locale.ROOT, "generated %d records into %s in %.1f s (%.0f records/s, %d threads, %d shards, "
                        + "%.1f MB)%n", manifest.recordCount(), out, seconds, manifest.recordCount() / seconds, workers,
                manifest.shards().size(), directoryBytes(out) / 1e6);
        if (labels) {
            // a sidecar beside the shards: the records and their SHA-256 do not change
            LabelCommand.write(out, out());
        }
        return 0;
    }

    static long directoryBytes(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
