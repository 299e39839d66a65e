package org.heatbench.datasets.importers.muse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.ValueSources;
import org.heatbench.datasets.importers.InputFiles;
import org.heatbench.datasets.importers.ParallelReads;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;

/**
 * GE MUSE {@code <RestingECG>} XML files, one record per file (id = file name without {@code .xml}).
 *
 * <ul>
 *   <li><b>Signal</b>: the {@code Median} (default) or {@code Rhythm} waveform ({@link Waveform}), the stored leads
 *       (usually I, II, V1–V6; the store derives III, aVR, aVL, aVF) in µV, at {@code SampleBase} Hz.</li>
 *   <li><b>Targets</b> from {@code <RestingECGMeasurements>}: {@code VentricularRate} → hr, {@code PRInterval} →
 *       pr, {@code QRSDuration} → qrs, {@code QTInterval} → qt, exactly as written; absent or empty → missing.</li>
 *   <li><b>Fiducials</b> (median only): {@code POnset}, {@code POffset}, {@code QOnset} (QRS onset), {@code QOffset}
 *       (QRS offset = J), {@code TOffset}, samples at {@code ECGSampleBase × 10^ECGSampleExponent} Hz (rescaled,
 *       rounded, if the median has another rate); an absent one stays unknown. R peak = the maximum of V5 within
 *       [QRS on, QRS off] (source measured). A rhythm record gets no fiducials: they locate the median beat, not a
 *       place in the strip.</li>
 *   <li><b>V5 amplitudes</b>, the device's (source device) from 12SL's {@code <MeasurementMatrix>}
 *       ({@link MeasurementMatrix}, lead V5, µV relative to the level at QRS onset): r_amp_v5 = the maximum R
 *       amplitude (the larger of R and R', as the target is the maximum within the QRS); stj_v5 = STJ; t_amp_v5 =
 *       the T amplitude, or the T' amplitude when that is larger in magnitude (the target is the largest signed
 *       deflection; 12SL writes 0 for a T wave it did not find, and 0 µV is kept: a flat T). Where the file has no
 *       matrix or no V5 entry for a target, that target is measured by HeatBench on the median at the device's
 *       fiducials with the synthetic generator's definitions ({@code BeatMeasurer}), source
 *       {@link ValueSource#MEASURED}: baseline = V5 at QRS on; r_amp_v5 = V5 at the R peak − baseline; stj_v5 = V5
 *       at QRS off − baseline; t_amp_v5 = the largest-magnitude (signed) V5 − baseline over [QRS off, T off];
 *       missing when V5 or a needed fiducial is missing. An unreadable matrix does not reject the record: the
 *       measured values are used and the reason is kept in the {@code warnings} metadata (and so in the import
 *       report). Kept for the rhythm waveform too (they are the record's measurements). The R peak fiducial is
 *       always HeatBench's (source measured): 12SL states no R-peak time.</li>
 *   <li><b>Metadata</b>: {@code statements} (the {@code <Diagnosis>} statements joined by {@code " | "}),
 *       {@code age}, {@code sex} when {@code <PatientDemographics>} has them, {@code waveform}.</li>
 * </ul>
 * Rejected per file, with the reason: malformed or unsafe XML (entity declarations, external entities), not a
 * RestingECG, no such waveform, corrupted base64 / byte count / CRC-32, unknown lead, unequal lead lengths, a
 * non-numeric measurement, a fiducial outside the median, or an interval that differs from its fiducials
 * (PR = QRS on − P on, QRS = QRS off − QRS on, QT = T off − QRS on) by more than the tolerance. {@link #read} is
 * thread-safe; {@link #withThreads} parses files in parallel and hands them on in file order.
 */
public final class MuseSource implements RecordSource {

    /** Which MUSE waveform becomes the record's signal. */
    public enum Waveform {
        /** The 12SL median beat (600 samples at 500 Hz in the examples). */
        MEDIAN("Median"),
        /** The 10-s rhythm strip (5,000 samples at 500 Hz). */
        RHYTHM("Rhythm");

        private final String xmlName;

        Waveform(String xmlName) {
            this.xmlName = xmlName;
        }

        /** Parses {@code median} or {@code rhythm}, case-insensitive. */
        public static Waveform parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "median" -> MEDIAN;
                case "rhythm" -> RHYTHM;
                default -> throw new InvalidInputException("waveform must be median or rhythm, got '" + s + "'");
            };
        }
    }

    /** Default tolerance between an interval and its fiducials, ms. */
    public static final double DEFAULT_TOLERANCE_MS = 10;

    private static final String[] FIDUCIAL_FIELDS = {"POnset", "POffset", "QOnset", "QOffset", "TOffset"};
    /** The amplitude targets, in the order {@link #deviceV5} reads them. */
    private static final List<Target> V5_TARGETS = List.of(Target.T_AMP_V5, Target.R_AMP_V5, Target.STJ_V5);

    private final Path input;
    private final Waveform waveform;
    private final double toleranceMs;
    private int threads = 1;

    /**
     * @param input       one .xml file or a folder (searched recursively)
     * @param waveform    median or rhythm
     * @param toleranceMs largest accepted |interval − fiducial difference| in ms
     */
    public MuseSource(Path input, Waveform waveform, double toleranceMs) {
        if (!(toleranceMs >= 0)) {
            throw new InvalidInputException("interval tolerance must be >= 0 ms, got " + toleranceMs);
        }
        this.input = input;
        this.waveform = waveform;
        this.toleranceMs = toleranceMs;
    }

    @Override
    public String description() {
        return "muse " + input + " (" + waveform.xmlName.toLowerCase(Locale.ROOT) + ")";
    }

    /** @return this source reading files on {@code n} threads (same items, same order; default 1) */
    public MuseSource withThreads(int n) {
        MuseSource m = new MuseSource(input, waveform, toleranceMs);
        m.threads = Math.max(1, n);
        return m;
    }

    @Override
    public void forEach(Consumer<SourceItem> sink) {
        ParallelReads.forEachOrdered(InputFiles.list(input, ".xml"), threads, this::readFile, sink);
    }

    private SourceItem readFile(Path file) {
        String id = InputFiles.stem(file);
        try {
            return new SourceItem.Accepted(read(Files.readAllBytes(file), file.toString(), id));
        } catch (IOException e) {
            return new SourceItem.Rejected(file.toString(), id, "cannot read: " + e.getMessage());
        } catch (InvalidInputException e) {
            return new SourceItem.Rejected(file.toString(), id, e.getMessage());
        }
    }

    /**
     * Reads one MUSE document.
     *
     * @param xml    the file's bytes
     * @param source the file name, for messages
     * @throws InvalidInputException with the reason the record cannot be imported
     */
    public SourceRecord read(byte[] xml, String source, String id) {
        MuseDocument doc = MuseParser.parse(new ByteArrayInputStream(xml), new HashSet<>(List.of("Median", waveform.xmlName)));
        MuseDocument.Waveform median = doc.waveforms().get("Median");
        MuseDocument.Waveform signal = doc.waveforms().get(waveform.xmlName);
        if (signal == null) {
            throw new InvalidInputException("has no " + waveform.xmlName + " waveform (has "
                    + doc.waveforms().keySet() + ")");
        }
        Map<String, String> m = doc.measurements();
        Map<Target, Double> targets = new EnumMap<>(Target.class);
        measurement(m, "VentricularRate", Target.HR, targets);
        measurement(m, "PRInterval", Target.PR, targets);
        measurement(m, "QRSDuration", Target.QRS, targets);
        measurement(m, "QTInterval", Target.QT, targets);

        int[] fid = {-1, -1, -1, -1, -1, -1};
        if (median != null) {
            double fidRate = value(m, "ECGSampleBase");
            fidRate = Double.isNaN(fidRate) ? median.rateHz() : fidRate * Math.pow(10, orZero(value(m,
                    "ECGSampleExponent")));
            for (int k = 0; k < FIDUCIAL_FIELDS.length; k++) {
                double v = value(m, FIDUCIAL_FIELDS[k]);
                if (Double.isNaN(v)) {
                    continue;
                }
                long s = Math.round(v * median.rateHz() / fidRate);
                if (s < 0 || s >= median.samples()) {
                    throw new InvalidInputException(FIDUCIAL_FIELDS[k] + " " + (long) v + " is outside the median beat "
                            + "(" + median.samples() + " samples)");
                }
                fid[k] = (int) s;
            }
            double msPerSample = 1000 / median.rateHz();
            check(targets, Target.PR, fid, Fiducial.P_ON, Fiducial.QRS_ON, msPerSample, "QOnset - POnset");
            check(targets, Target.QRS, fid, Fiducial.QRS_ON, Fiducial.QRS_OFF, msPerSample, "QOffset - QOnset");
            check(targets, Target.QT, fid, Fiducial.QRS_ON, Fiducial.T_OFF, msPerSample, "TOffset - QOnset");
            fid[5] = measureV5(median, fid, targets);
        }
        ValueSources sources = ValueSources.DEFAULT.with(Fiducial.R_PEAK, ValueSource.MEASURED);
        for (Target t : V5_TARGETS) {
            if (targets.containsKey(t)) {
                sources = sources.with(t, ValueSource.MEASURED);
            }
        }
        String warning = null;
        if (doc.measurementMatrix() != null) {
            try {
                sources = deviceV5(MeasurementMatrix.decode(doc.measurementMatrix()), targets, sources);
            } catch (InvalidInputException e) {
                warning = e.getMessage() + "; V5 amplitudes measured by HeatBench at the 12SL fiducials instead "
                        + "(source measured)";
            }
        }
        Fiducials fiducials = waveform == Waveform.MEDIAN ? Fiducials.of(fid) : Fiducials.UNKNOWN;
        EcgRecord record = new EcgRecord(id, signal.leads(), signal.samples(), signal.signal(), Targets.of(targets),
                fiducials);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("waveform", waveform.xmlName.toLowerCase(Locale.ROOT));
        if (warning != null) {
            meta.put("warnings", warning);
        }
        if (!doc.statements().isEmpty()) {
            meta.put("statements", String.join(" | ", doc.statements()));
        }
        putIfPresent(meta, "age", doc.demographics().get("PatientAge"));
        putIfPresent(meta, "sex", doc.demographics().get("Gender"));
        return new SourceRecord(source, record, signal.rateHz(), meta).withSources(sources);
    }

    /**
     * Replaces the measured V5 amplitudes in {@code targets} by the device's where the matrix has them.
     *
     * @return {@code sources} with those targets back to the default (device)
     */
    static ValueSources deviceV5(MeasurementMatrix matrix, Map<Target, Double> targets, ValueSources sources) {
        ValueSources out = sources;
        OptionalInt r = matrix.value(Lead.V5, MeasurementMatrix.MAX_R_AMP);
        OptionalInt stj = matrix.value(Lead.V5, MeasurementMatrix.STJ);
        OptionalInt t = matrix.value(Lead.V5, MeasurementMatrix.T_AMP);
        OptionalInt tPrime = matrix.value(Lead.V5, MeasurementMatrix.T_PRIME_AMP);
        if (t.isPresent() && tPrime.isPresent() && Math.abs(tPrime.getAsInt()) > Math.abs(t.getAsInt())) {
            t = tPrime;
        }
        OptionalInt[] device = {t, r, stj};
        for (int k = 0; k < V5_TARGETS.size(); k++) {
            if (device[k].isPresent()) {
                targets.put(V5_TARGETS.get(k), (double) device[k].getAsInt());
                out = out.with(V5_TARGETS.get(k), null);
            }
        }
        return out;
    }

    private static void putIfPresent(Map<String, String> meta, String key, String value) {
        if (value != null && !value.isBlank()) {
            meta.put(key, value.trim());
        }
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static double value(Map<String, String> m, String field) {
        String s = m.get(field);
        return s == null || s.isBlank() ? Double.NaN : MuseParser.number(field, s);
    }

    private static void measurement(Map<String, String> m, String field, Target t, Map<Target, Double> targets) {
        double v = value(m, field);
        if (!Double.isNaN(v)) {
            targets.put(t, v);
        }
    }

    private void check(Map<Target, Double> targets, Target t, int[] fid, Fiducial from, Fiducial to,
            double msPerSample, String what) {
        Double interval = targets.get(t);
        int a = fid[from.ordinal()];
        int b = fid[to.ordinal()];
        if (interval == null || a < 0 || b < 0) {
            return;
        }
        double fromFiducials = (b - a) * msPerSample;
        if (Math.abs(interval - fromFiducials) > toleranceMs) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s %s ms contradicts its fiducials: %s = %.1f "
                    + "ms (tolerance %.1f ms)", t.key(), fmt(interval), what, fromFiducials, toleranceMs));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Puts the V5 amplitudes measured on the median at the device's fiducials into {@code targets}.
     *
     * @return the R-peak sample, or -1
     */
    private static int measureV5(MuseDocument.Waveform median, int[] fid, Map<Target, Double> targets) {
        int qrsOn = fid[Fiducial.QRS_ON.ordinal()];
        int qrsOff = fid[Fiducial.QRS_OFF.ordinal()];
        int tOff = fid[Fiducial.T_OFF.ordinal()];
        if (!median.leads().contains(Lead.V5) || qrsOn < 0 || qrsOff < qrsOn) {
            return -1;
        }
        double base = median.value(Lead.V5, qrsOn);
        int rPeak = qrsOn;
        for (int i = qrsOn; i <= qrsOff; i++) {
            if (median.value(Lead.V5, i) > median.value(Lead.V5, rPeak)) {
                rPeak = i;
            }
        }
        targets.put(Target.R_AMP_V5, median.value(Lead.V5, rPeak) - base);
        targets.put(Target.STJ_V5, median.value(Lead.V5, qrsOff) - base);
        if (tOff >= qrsOff) {
            double best = 0;
            for (int i = qrsOff; i <= tOff; i++) {
                double v = median.value(Lead.V5, i) - base;
                if (Math.abs(v) > Math.abs(best)) {
                    best = v;
                }
            }
            targets.put(Target.T_AMP_V5, best);
        }
        return rPeak;
    }
}
