package org.heatbench.harness.dataset;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Spec;
import org.heatbench.datasets.importers.ImportOptions;
import org.heatbench.datasets.importers.ImportSummary;
import org.heatbench.datasets.importers.Importer;
import org.heatbench.datasets.importers.ImporterFactory;
import org.heatbench.datasets.importers.ImporterRegistry;
import org.heatbench.datasets.importers.LengthPolicy;
import org.heatbench.datasets.importers.MedianSource;
import org.heatbench.datasets.importers.Plausibility;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.store.SampleType;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.heatbench.harness.LegacyOptions;
import org.heatbench.harness.OutputGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code heatbench dataset import}: bring existing median beats into a store. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import median beats into a new store. Every input is imported or listed as rejected with "
                + "its reason (also in OUT/" + StoreWriter.IMPORT_REPORT_FILE + ").",
            "Formats: study-h5 (folder of {patid}.h5 with dataset 'median' (samples x 12) and target attributes), "
                + "study-csv (MUSE CSVs with a '12 lead medians' block + semicolon ground truth keyed by patid), "
                + "aecg (HL7 aECG XML, representative beat), csv (samples x leads; --rate required), muse (GE MUSE "
                + "RestingECG XML, --waveform median|rhythm), wfdb (PhysioNet WFDB .hea/.dat with annotations), "
                + "code15 (CODE-15%% HDF5 + exams.csv); plugins add more ('heatbench methods' lists the registered "
                + "importers with their parameters).",
            "Exit code: 0 when at least one record was imported, 1 on error or when none was, 3 with --strict "
                + "when any input was rejected."})
final class ImportCommand extends DatasetSubcommand {
    /** Exit code of {@code --strict} when an input was rejected. */
    static final int REJECTED = 3;
    private static final int SHOWN = 20;

    @Option(names = "--format", required = true, description = "study-h5, study-csv, aecg, csv, muse, wfdb, "
            + "code15 or a plugin's importer, with parameters as NAME:key=value,... (the flags below fill them too).")
    String format;

    @Option(names = "--input", description = "Input file or folder (searched recursively).")
    Path input;

    @Option(names = "--in", hidden = true, description = "Old spelling of --input.")
    Path legacyIn;

    Path in;

    @Option(names = "--out", required = true, description = "Store directory to create.")
    Path out;

    @Option(names = "--waveform", defaultValue = "median", description = "muse: median or rhythm "
            + "(default: ${DEFAULT-VALUE}).")
    String waveform;

    @Option(names = "--interval-tolerance-ms", defaultValue = "10", description = "muse: largest accepted "
            + "difference between an interval and its fiducials, ms (default: ${DEFAULT-VALUE}).")
    double intervalToleranceMs;

    @Option(names = "--threads", description = "muse, wfdb: files read in parallel (default: the cores, at most 4); "
            + "the store is the same for any count.")
    Integer threads;

    @Option(names = "--checksum", defaultValue = "reject", description = "wfdb: reject or keep records whose "
            + "checksum or initial value disagrees with the header (default: ${DEFAULT-VALUE}).")
    String checksum;

    @Option(names = "--table", description = "wfdb, code15: label/measurement table joined by record id "
            + "(ptbxl_database.csv, MIMIC-IV-ECG machine_measurements.csv, a PTB-XL+ feature table; code15: exams.csv); "
            + "repeatable.")
    List<Path> tables;

    @Option(names = "--trim-padding", defaultValue = "true", negatable = true, description = "code15: trim the "
            + "zero padding around shorter tracings (default: ${DEFAULT-VALUE}).")
    boolean trimPadding;

    @Option(names = "--ground-truth", description = "study-csv: semicolon-separated ground truth keyed by patid.")
    Path groundTruth;

    @Option(names = "--targets", description = "csv: table of targets with an 'id' column.")
    Path targets;

    @Option(names = "--source-leads", description = "csv: lead of each signal column, e.g. I,II,V1 (overrides the "
            + "header).")
    String sourceLeads;

    @Option(names = "--rate", description = "Sampling rate of the input in Hz (default 500 for study-h5 and "
            + "study-csv; required for csv; aecg reads it from the file).")
    Double rate;

    @Option(names = "--units", description = "csv, code15: uV or mV (default: uV for csv, mV for code15).")
    String units;

    @Option(names = "--scale", defaultValue = "1", description = "study-h5, study-csv: µV per stored unit "
            + "(default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--leads", defaultValue = "12", description = "Store leads: 12, 8 or a list "
            + "(default: ${DEFAULT-VALUE}).")
    String leads;

    @Option(names = "--store-rate", defaultValue = "500", description = "Store sampling rate in Hz; inputs are "
            + "resampled to it (default: ${DEFAULT-VALUE}).")
    double storeRate;

    @Option(names = "--samples", defaultValue = "600", description = "Store samples per lead "
            + "(default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--length", defaultValue = "fit", description = "fit (pad with the last value / cut at the "
            + "end) or reject records of another length (default: ${DEFAULT-VALUE}).")
    String length;

    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or int16 (default: "
            + "${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--store-scale", defaultValue = "1", description = "int16 store: µV per unit "
            + "(default: ${DEFAULT-VALUE}).")
    double storeScale;

    @Option(names = "--deflate", defaultValue = "0", description = "0 or 1-9 (default: ${DEFAULT-VALUE}).")
    int deflate;

    @Option(names = "--shard-size", defaultValue = "" + StoreSpec.DEFAULT_SHARD_SIZE,
            description = "Records per shard (default: ${DEFAULT-VALUE}).")
    int shardSize;

    @Option(names = "--split", defaultValue = "0.6,0.2", description = "Train and validation fractions "
            + "(default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--split-seed", defaultValue = "123", description = "Split seed (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--require-targets", description = "Reject records missing any of these targets: a list such "
            + "as qt,pr, or 'all'.")
    String requireTargets;

    @Option(names = "--overwrite", description = "Replace an existing store in --out.")
    boolean overwrite;

    @Option(names = "--strict", description = "Exit with code 3 when any input was rejected.")
    boolean strict;

    private final ImporterRegistry importers;

    ImportCommand(ImporterRegistry importers) {
        this.importers = importers;
    }

    @Mixin
    MedianOptions median;

    @Override
    int run() {
        in = LegacyOptions.pick(spec, input, legacyIn, "--input", "--in", true);
        checkBounds();
        OutputGuard.notAnInput("--out", out, inputs());
        Map<String, String> params = new LinkedHashMap<>();
        RecordSource source = source(params);
        MedianSource medians = median.wrap(source, storeRate, samples, params);
        source = medians != null ? medians : source;
        SampleType type = SampleType.parse(dtype);
        StoreSpec storeSpec = StoreSpec.of(leads(leads), storeRate, samples)
                .withSampleType(type, type == SampleType.FLOAT32 ? 1.0 : storeScale).withDeflate(deflate)
                .withShardSize(shardSize).withSplitPolicy(splitPolicy(split, splitSeed));
        LengthPolicy policy = switch (length.toLowerCase(Locale.ROOT)) {
            case "fit" -> LengthPolicy.FIT;
            case "reject" -> LengthPolicy.REJECT;
            default -> throw new ConfigurationException("--length must be fit or reject, got '" + length + "'");
        };
        ImportOptions options = ImportOptions.of(storeSpec).withLengthPolicy(policy)
                .withRequiredTargets(required()).withParameters(params);
        ImportSummary s = Importer.run(source, out, options, overwrite);
        out().println(s.headline() + " into " + out);
        out().printf(Locale.ROOT, "  resampled %d, padded %d, cropped %d%n", s.resampled(), s.padded(), s.cropped());
        StringBuilder missing = new StringBuilder();
        for (Target t : Target.ALL) {
            long m = s.missingTargets().getOrDefault(t, 0L);
            if (m > 0) {
                missing.append(missing.length() == 0 ? "" : ", ").append(t.key()).append(' ').append(m);
            }
        }
        out().println("  missing target values: " + (missing.length() == 0 ? "none" : missing));
        if (medians != null) {
            median.finish(out, medians, out());
        }
        List<SourceItem.Rejected> rejected = s.rejections();
        for (SourceItem.Rejected r : rejected.subList(0, Math.min(SHOWN, rejected.size()))) {
            out().println("  rejected " + r.source() + (r.id() == null ? "" : " (" + r.id() + ")") + ": " + r.reason());
        }
        if (rejected.size() > SHOWN) {
            out().println("  ... and " + (rejected.size() - SHOWN) + " more, see "
                    + out.resolve(StoreWriter.IMPORT_REPORT_FILE));
        }
        if (s.imported() == 0) {
            err().println("error: no record was imported");
            return ERROR;
        }
        return strict && s.rejected() > 0 ? REJECTED : 0;
    }

    /** Every numeric option checked before any file is read: one line naming the option. */
    private void checkBounds() {
        if (rate != null) {
            try {
                Plausibility.checkRate(rate);
            } catch (RuntimeException e) {
                throw new ConfigurationException("--rate: " + e.getMessage());
            }
        }
        try {
            Plausibility.checkRate(storeRate);
        } catch (RuntimeException e) {
            throw new ConfigurationException("--store-rate: " + e.getMessage());
        }
        positive("--scale", scale, 1e4);
        positive("--store-scale", storeScale, 1e4);
        if (samples < 1 || samples > 1_000_000) {
            throw new ConfigurationException("--samples must be 1 to 1000000, got " + samples);
        }
        if (threads != null && threads < 1) {
            throw new ConfigurationException("--threads must be >= 1, got " + threads);
        }
        if (shardSize < 1) {
            throw new ConfigurationException("--shard-size must be >= 1, got " + shardSize);
        }
    }

    /** µV per unit: a positive finite number up to {@code max} (1e30 would only make absurd amplitudes). */
    static void positive(String option, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw new ConfigurationException(option + " must be a number above 0 and at most " + max + " (uV per "
                    + "unit), got " + value);
        }
    }

    private Map<String, Path> inputs() {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("--input", in);
        m.put("--ground-truth", groundTruth);
        m.put("--targets", targets);
        for (int i = 0; tables != null && i < tables.size(); i++) {
            m.put("--table " + (i + 1), tables.get(i));
        }
        return m;
    }

    private Set<Target> required() {
        if (requireTargets == null || requireTargets.isBlank()) {
            return Set.of();
        }
        if (requireTargets.trim().equalsIgnoreCase("all")) {
            return EnumSet.allOf(Target.class);
        }
        Set<Target> set = EnumSet.noneOf(Target.class);
        for (String name : requireTargets.split(",")) {
            set.add(Target.parse(name));
        }
        return set;
    }

    /**
     * The format's record source: {@code --format NAME[:key=value,...]} resolved by the importer registry, with the
     * command's flags ({@code --rate}, {@code --scale}, ...) filling the parameters the format declares.
     */
    private RecordSource source(Map<String, String> params) {
        Spec raw = Spec.parse(ImporterRegistry.KIND, format);
        ImporterFactory factory = importers.registry().get(raw.name());
        Map<String, String> given = new LinkedHashMap<>(raw.params());
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("rate", rate);
        flags.put("scale", scale == 1 ? null : scale);
        flags.put("ground_truth", groundTruth);
        flags.put("targets", targets);
        flags.put("source_leads", sourceLeads == null ? null : sourceLeads.replace(',', ';'));
        flags.put("units", units);
        flags.put("waveform", waveform);
        flags.put("interval_tolerance_ms", intervalToleranceMs);
        flags.put("threads", threads);
        flags.put("checksum", checksum);
        // a spec separates parameters by ',', so the tables parameter separates paths by ';'
        flags.put("tables", tables == null || tables.isEmpty() ? null
                : String.join(";", tables.stream().map(Path::toString).toList()));
        flags.put("trim_padding", trimPadding);
        for (ParameterDescriptor p : factory.descriptor().parameters()) {
            Object v = flags.get(p.name());
            if (v != null && !given.containsKey(p.name())) {
                given.put(p.name(), v.toString());
            }
            if (p.defaultValue() == null && !given.containsKey(p.name())) {
                throw new ConfigurationException("--" + p.name().replace('_', '-') + " is required for --format "
                        + factory.descriptor().name() + " (" + p.description() + ")");
            }
        }
        Spec spec = importers.resolve(new Spec(raw.name(), given));
        params.putAll(ImporterRegistry.provenance(spec));
        return importers.open(in, spec);
    }
}
