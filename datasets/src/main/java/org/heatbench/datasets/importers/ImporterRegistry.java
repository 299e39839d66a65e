package org.heatbench.datasets.importers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.registry.Descriptor;
import org.heatbench.core.registry.ParameterDescriptor;
import org.heatbench.core.registry.Registry;
import org.heatbench.core.registry.Spec;
import org.heatbench.datasets.Lead;

/**
 * The input formats {@code heatbench dataset import} reads, by name: an instance passed to whoever needs it.
 * {@link #standard()} holds the built-in formats (study-h5, study-csv, aecg, csv); {@link #discover} adds every
 * {@link ImporterFactory} that {@link java.util.ServiceLoader} finds on the class path.
 */
public final class ImporterRegistry {
    /** What an importer is called in messages. */
    public static final String KIND = "importer";

    private final Registry<ImporterFactory> registry;

    private ImporterRegistry(Registry<ImporterFactory> registry) {
        this.registry = registry;
    }

    /** @return a registry of the built-in formats */
    public static ImporterRegistry standard() {
        Registry<ImporterFactory> r = new Registry<>(KIND);
        r.register(factory(Descriptor.of("study-h5", List.of(), "median beats",
                "folder of {patid}.h5 with dataset 'median' (samples x 12) and target attributes (the reference study)",
                "Storås et al., JAMIA 2025", List.of(rate(500), scale())),
                (in, s) -> new StudyH5Source(in, positive(s, "rate"), s.getDouble("scale"))));
        r.register(factory(Descriptor.of("study-csv", List.of(), "median beats",
                "MUSE CSVs with a '12 lead medians' block + semicolon ground truth keyed by patid",
                "Storås et al., JAMIA 2025", List.of(rate(500), scale(),
                        ParameterDescriptor.ofString("ground_truth", "", "semicolon-separated ground truth CSV keyed "
                                + "by patid (empty: none)"))),
                (in, s) -> new StudyCsvSource(in, path(s, "ground_truth"), positive(s, "rate"), s.getDouble("scale"))));
        r.register(factory(Descriptor.of("aecg", List.of("hl7-aecg"), "median beats",
                "HL7 aECG XML, representative beat; rate and leads read from the file", "HL7 aECG (ANSI/HL7 V3 ECG)",
                List.of()), (in, s) -> new AecgSource(in)));
        r.register(factory(Descriptor.of("csv", List.of(), "median beats",
                "plain CSV, one file per record, samples x leads", "format",
                List.of(ParameterDescriptor.ofDouble("rate", 500, Plausibility.MIN_RATE_HZ,
                                "sampling rate of the input in Hz").required(),
                        ParameterDescriptor.ofChoice("units", "uv", List.of("uv", "µv", "mv"), "µV or mV"),
                        ParameterDescriptor.ofString("source_leads", "", "lead of each signal column, e.g. "
                                + "I;II;V1 (--source-leads I,II,V1; empty: from the header)"),
                        ParameterDescriptor.ofString("targets", "", "table of targets with an 'id' column (empty: "
                                + "none)"))),
                (in, s) -> new PlainCsvSource(in, s.get("source_leads").isEmpty() ? null
                        : Lead.parseAll(List.of(s.get("source_leads").split(";|,"))), positive(s, "rate"),
                        s.get("units").equals("mv") ? 1000.0 : 1.0, path(s, "targets"))));
        return new ImporterRegistry(r);
    }

    /** @return the built-ins and every provider visible to the thread's context class loader (else this class's) */
    public static ImporterRegistry discover() {
        return discover(Registry.defaultLoader(ImporterRegistry.class));
    }

    /** @return the built-ins and every provider visible to {@code loader} */
    public static ImporterRegistry discover(ClassLoader loader) {
        ImporterRegistry r = standard();
        r.registry.load(ImporterFactory.class, loader);
        return r;
    }

    /** Registers an importer. */
    public ImporterRegistry register(ImporterFactory f) {
        registry.register(f);
        return this;
    }

    /** @return the underlying registry (descriptors, aliases, resolution) */
    public Registry<ImporterFactory> registry() {
        return registry;
    }

    /** @return the descriptors, in registration order */
    public List<Descriptor> descriptors() {
        return registry.descriptors();
    }

    /** @return the canonical spec of a format text */
    public Spec resolve(Spec raw) {
        return registry.resolve(raw);
    }

    /**
     * Opens {@code input} with the format of a spec (resolved first).
     *
     * @throws ConfigurationException for an unknown format or a bad parameter
     */
    public RecordSource open(Path input, Spec spec) {
        Spec s = registry.resolve(spec);
        return registry.get(s.name()).open(input, s);
    }

    /** @return the importer's settings for the store's provenance: the format's canonical spec and its parameters */
    public static Map<String, String> provenance(Spec canonical) {
        Map<String, String> m = new java.util.LinkedHashMap<>(canonical.params());
        m.put("format", canonical.name());
        return m;
    }

    private static ParameterDescriptor rate(double dflt) {
        return ParameterDescriptor.ofDouble("rate", dflt, Plausibility.MIN_RATE_HZ, "sampling rate of the input in Hz");
    }

    private static ParameterDescriptor scale() {
        return ParameterDescriptor.ofDouble("scale", 1, 0.0, "µV per stored unit");
    }

    /** A rate parameter, checked against the plausible range ({@link Plausibility#checkRate}). */
    private static double positive(Spec s, String key) {
        double v = s.getDouble(key);
        try {
            Plausibility.checkRate(v);
        } catch (RuntimeException e) {
            throw new ConfigurationException("importer '" + s.name() + "': parameter '" + key + "': "
                    + e.getMessage(), e);
        }
        return v;
    }

    private static Path path(Spec s, String key) {
        String v = s.get(key);
        return v.isEmpty() ? null : Path.of(v);
    }

    private static ImporterFactory factory(Descriptor d, java.util.function.BiFunction<Path, Spec, RecordSource> open) {
        return new ImporterFactory() {
            @Override
            public Descriptor descriptor() {
                return d;
            }

            @Override
            public RecordSource open(Path input, Spec spec) {
                return open.apply(input, spec);
            }
        };
    }
}
