package org.heatbench.datasets.importers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.LeadMapping;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.Provenance;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.datasets.store.StoreManifest;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a {@link RecordSource} into a new store. Each record is fitted to the store: resampled to its rate
 * ({@link Resampler}; fiducials rescaled), mapped to its leads ({@link LeadMapping}: select, reorder, derive limb
 * leads), fitted to its length ({@link LengthPolicy}), then written. A record is rejected — with the file and
 * reason in the summary, never silently — when its leads cannot give the store's, its length does not fit under
 * {@link LengthPolicy#REJECT}, a sample is NaN or infinite, its rate, a sample or a target is not physiologically
 * plausible ({@link Plausibility}), a required target is missing, its id repeats an earlier record's, or a sample
 * does not fit the store's int16 range. The summary and every rejection are also written to
 * {@value StoreWriter#IMPORT_REPORT_FILE} in the store directory, with every record imported or rejected; records'
 * metadata and labels go to {@value RecordMetadata#FILE} ({@link RecordMetadata}), and a split the source assigns
 * (PTB-XL's folds) replaces the store's split policy for that record. A value that did not come from the input's
 * device or table ({@link SourceRecord#sources()}, e.g. measured by HeatBench at the device's fiducials) makes its
 * shard record every value's source ({@link StoreWriter#append(EcgRecord, org.heatbench.datasets.Split,
 * org.heatbench.datasets.ValueSources)}).
 */
public final class Importer {
    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

    private Importer() {
    }

    /**
     * @param overwrite replace an existing store at {@code out}
     * @return the summary; the store is complete even when records were rejected
     */
    public static ImportSummary run(RecordSource source, Path out, ImportOptions options, boolean overwrite) {
        StoreSpec spec = options.spec().withProvenance(new Provenance("import", StoreSpec.tool(),
                source.description(), options.provenanceParameters()));
        List<SourceItem.Rejected> rejections = new ArrayList<>();
        Map<Target, Long> missing = new EnumMap<>(Target.class);
        long[] counts = new long[5]; // read, imported, resampled, padded, cropped
        StoreManifest manifest;
        List<String[]> importedRecords = new ArrayList<>(); // id, source, warnings, rejection reason; input order
        RecordMetadata.Writer sidecar;
        try (StoreWriter writer = StoreWriter.create(out, spec, overwrite)) {
            sidecar = new RecordMetadata.Writer(out);
            source.forEach(item -> {
                counts[0]++;
                if (item instanceof SourceItem.Rejected r) {
                    reject(rejections, r);
                    importedRecords.add(new String[] {r.id(), r.source(), null, r.reason()});
                    return;
                }
                SourceRecord sr = ((SourceItem.Accepted) item).record();
                EcgRecord r = sr.record();
                try {
                    Fitted f = fit(sr, spec, options);
                    writer.append(f.record, sr.split(), sr.sources());
                    sidecar.add(r.id(), sr.metadata(), sr.labels());
                    importedRecords.add(new String[] {r.id(), sr.source(), sr.metadata().get("warnings"), null});
                    counts[1]++;
                    counts[2] += f.resampled ? 1 : 0;
                    counts[3] += f.padded ? 1 : 0;
                    counts[4] += f.cropped ? 1 : 0;
                    for (Target t : Target.ALL) {
                        if (f.record.targets().isMissing(t)) {
                            missing.merge(t, 1L, Long::sum);
                        }
                    }
                } catch (InvalidInputException | ConfigurationException e) {
                    reject(rejections, new SourceItem.Rejected(sr.source(), r.id(), e.getMessage()));
                    importedRecords.add(new String[] {r.id(), sr.source(), null, e.getMessage()});
                }
            });
            manifest = writer.finish();
            sidecar.finish();
        }
        ImportSummary summary = new ImportSummary(source.description(), counts[0], counts[1], rejections, counts[2],
                counts[3], counts[4], missing, manifest);
        writeReport(out, summary, importedRecords, sidecar);
        LOG.info("import of {} into {}: {}", source.description(), out, summary.headline());
        return summary;
    }

    private static void reject(List<SourceItem.Rejected> rejections, SourceItem.Rejected r) {
        rejections.add(r);
        LOG.debug("rejected {}{}: {}", r.source(), r.id() == null ? "" : " (" + r.id() + ")", r.reason());
    }

    private record Fitted(EcgRecord record, boolean resampled, boolean padded, boolean cropped) {
    }

    private static Fitted fit(SourceRecord sr, StoreSpec spec, ImportOptions options) {
        EcgRecord r = sr.record();
        for (Target t : options.requiredTargets()) {
            if (r.targets().isMissing(t)) {
                throw new InvalidInputException("required target " + t.key() + " is missing");
            }
        }
        String bad = r.firstNonFinite();
        if (bad != null) {
            throw new InvalidInputException(bad + "; samples must be finite");
        }
        // before any arithmetic on the rate (a rate of 0 or NaN would divide by zero in the resampler)
        Plausibility.check(r, sr.rateHz());
        LeadMapping mapping = LeadMapping.of(r.leads(), spec.leads());
        int leads = spec.leads().size();
        float[] mapped = mapping.apply(r.signal(), r.samples());
        int n = r.samples();
        Fiducials fiducials = r.fiducials();
        boolean resampled = sr.rateHz() != spec.samplingRateHz();
        if (resampled) {
            int m = Resampler.outputLength(n, sr.rateHz(), spec.samplingRateHz());
            float[] res = new float[leads * m];
            for (int k = 0; k < leads; k++) {
                float[] lead = new float[n];
                System.arraycopy(mapped, k * n, lead, 0, n);
                System.arraycopy(Resampler.resample(lead, sr.rateHz(), spec.samplingRateHz()), 0, res, k * m, m);
            }
            fiducials = fiducials.rescaled(spec.samplingRateHz() / sr.rateHz(), m);
            mapped = res;
            n = m;
        }
        int target = spec.samples();
        boolean padded = n < target;
        boolean cropped = n > target;
        if ((padded || cropped) && options.lengthPolicy() == LengthPolicy.REJECT) {
            throw new InvalidInputException("has " + n + " samples per lead at " + spec.samplingRateHz()
                    + " Hz, the store " + target);
        }
        if (padded || cropped) {
            float[] fitted = new float[leads * target];
            int keep = Math.min(n, target);
            for (int k = 0; k < leads; k++) {
                System.arraycopy(mapped, k * n, fitted, k * target, keep);
                float last = mapped[k * n + n - 1];
                for (int t = keep; t < target; t++) {
                    fitted[k * target + t] = last;
                }
            }
            fiducials = fiducials.rescaled(1.0, target);
            mapped = fitted;
        }
        EcgRecord out = new EcgRecord(r.id(), spec.leads(), target, mapped, r.targets(), fiducials);
        return new Fitted(out, resampled, padded, cropped);
    }

    private static void writeReport(Path out, ImportSummary s, List<String[]> importedRecords,
            RecordMetadata.Writer sidecar) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("source", s.source());
        root.put("read", s.read());
        root.put("imported", s.imported());
        root.put("rejected", s.rejected());
        root.put("resampled", s.resampled());
        root.put("padded", s.padded());
        root.put("cropped", s.cropped());
        ObjectNode missing = root.putObject("missing_targets");
        for (Target t : Target.ALL) {
            missing.put(t.key(), s.missingTargets().getOrDefault(t, 0L));
        }
        ObjectNode labels = root.putObject("label_positives");
        for (String name : sidecar.labelNames()) {
            labels.put(name, sidecar.positives().getOrDefault(name, 0L));
        }
        ArrayNode recs = root.putArray("records");
        for (String[] r : importedRecords) {
            ObjectNode o = recs.addObject().put("id", r[0]).put("source", r[1])
                    .put("status", r[3] == null ? "imported" : "rejected");
            if (r[3] != null) {
                o.put("reason", r[3]);
            }
            if (r[2] != null) {
                o.put("warnings", r[2]);
            }
        }
        ArrayNode rej = root.putArray("rejections");
        for (SourceItem.Rejected r : s.rejections()) {
            rej.addObject().put("source", r.source()).put("id", r.id()).put("reason", r.reason());
        }
        try {
            Files.writeString(out.resolve(StoreWriter.IMPORT_REPORT_FILE), json.writeValueAsString(root) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the import report in " + out, e);
        }
    }
}
