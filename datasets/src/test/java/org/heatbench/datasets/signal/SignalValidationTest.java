package org.heatbench.datasets.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The validation tables of docs/SIGNALS.md on the real files of ../shared/data/real (skipped, with a printed reason,
 * without them). Prints the tables and writes them to {@code datasets/target/signals-validation.md}:
 * <pre>mvn -o -q -pl datasets -am test -Dtest=SignalValidationTest -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * The assertions check the targets where the figures meet them, and guard the other figures against
 * regressions (bounds stated next to them).
 */
class SignalValidationTest {
    private static final StringBuilder REPORT = new StringBuilder();

    @Test
    void medianFromRhythmMatchesMuse() throws IOException {
        Path real = RealData.dir();
        line("### Median from the 10-s rhythm vs MUSE's median (2 records, 8 stored leads each)");
        line("");
        line("| record | lead | r as placed | RMS as placed (µV) | r aligned | RMS aligned (µV) |");
        line("|---|---|---|---|---|---|");
        List<String> placement = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            SignalValidation.MedianRow row = SignalValidation.museMedian(real, k);
            for (SignalValidation.LeadRow l : row.leads()) {
                line(String.format(Locale.ROOT, "| %s | %s | %.4f | %.1f | %.4f | %.1f |", l.record(), l.lead(), l.r(),
                        l.rmsUv(), l.rAligned(), l.rmsAlignedUv()));
                assertTrue(l.rAligned() >= 0.98, l + ": aligned r below 0.98");
                assertTrue(l.rmsAlignedUv() <= 40, l + ": aligned RMS above 40 µV");
            }
            placement.add(String.format(Locale.ROOT, "| %s | %d | %+d samples | %d | %d | %d |", row.record(),
                    216, row.lagSamples(), row.beatsFound(), row.beatsUsed(), row.rejected()));
            // the target: within 5 samples of MUSE's placement
            assertTrue(Math.abs(row.lagSamples()) <= 5, row.record() + ": placement off by " + row.lagSamples());
        }
        line("");
        line("| record | QRS onset sample | placement vs MUSE (best shift) | beats found | used | left out |");
        line("|---|---|---|---|---|---|");
        placement.forEach(SignalValidationTest::line);
        line("");
        flush();
    }

    @Test
    void delineationAgainstDevicesAndCardiologists() throws IOException {
        Path real = RealData.dir();
        Map<String, Delineator> sets = new LinkedHashMap<>();
        sets.put("default (Martínez's QRS and P thresholds, ξ_Tend 0.2)", Delineator.standard());
        sets.put("all of Martínez et al. 2004's thresholds (ξ_Tend 0.4)", Delineator.of(Delineator.Thresholds.MARTINEZ));
        sets.put("the synthetic grid's best (0.3, 0.4, 0.3, 0.5, 0.2)", Delineator.of(Delineator.Thresholds.SYNTHETIC));
        for (Map.Entry<String, Delineator> set : sets.entrySet()) {
            List<SignalValidation.Error> all = new ArrayList<>();
            for (int k = 1; k <= 2; k++) {
                all.addAll(SignalValidation.museDelineation(real, k, false, set.getValue()));
                all.addAll(SignalValidation.museDelineation(real, k, true, set.getValue()));
            }
            all.addAll(SignalValidation.aecg(real, false, set.getValue()));
            all.addAll(SignalValidation.aecg(real, true, set.getValue()));
            all.addAll(SignalValidation.ludb(real, set.getValue()));
            line("### Delineation error (ours − reference, ms), " + set.getKey());
            line("");
            line("| reference | fiducial | cases | mean | SD | max abs | median | p95 abs | within the issue's limit |");
            line("|---|---|---|---|---|---|---|---|---|");
            Map<String, List<Double>> groups = new LinkedHashMap<>();
            for (SignalValidation.Error e : all) {
                if (Double.isNaN(e.errorMs())) {
                    line("skipped: " + e.source() + " " + e.record() + ": " + e.fiducial());
                    continue;
                }
                groups.computeIfAbsent(e.source() + "|" + e.fiducial(), x -> new ArrayList<>()).add(e.errorMs());
            }
            for (Map.Entry<String, List<Double>> g : groups.entrySet()) {
                double[] v = g.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                double mean = 0;
                double max = 0;
                for (double x : v) {
                    mean += x / v.length;
                    max = Math.max(max, Math.abs(x));
                }
                double sd = 0;
                for (double x : v) {
                    sd += (x - mean) * (x - mean);
                }
                sd = v.length > 1 ? Math.sqrt(sd / (v.length - 1)) : Double.NaN;
                String[] key = g.getKey().split("\\|");
                double[] sorted = v.clone();
                java.util.Arrays.sort(sorted);
                double[] abs = java.util.Arrays.stream(v).map(Math::abs).sorted().toArray();
                double limit = limit(key[1]);
                long within = java.util.Arrays.stream(v).filter(x -> Math.abs(x) <= limit).count();
                line(String.format(Locale.ROOT, "| %s | %s | %d | %+.1f | %s | %.0f | %+.0f | %.0f | %s |", key[0], key[1],
                        v.length, mean, Double.isNaN(sd) ? "–" : String.format(Locale.ROOT, "%.1f", sd), max,
                        sorted[sorted.length / 2], abs[(int) Math.min(abs.length - 1, Math.ceil(0.95 * abs.length) - 1)],
                        Double.isNaN(limit) ? "–" : String.format(Locale.ROOT, "%.0f%%", 100.0 * within / v.length)));
                // the checks hold the shared cases; an extra LUDB folder (HEATBENCH_LUDB) is reported, not asserted
                if (set.getKey().startsWith("default") && !(key[0].startsWith("LUDB") && !key[0].contains("(1 record)"))) {
                    checkDefault(key[0], key[1], mean, max);
                }
            }
            line("");
            if (set.getKey().startsWith("default")) {
                line("Per case (MUSE and aECG; LUDB beats are summarised above), default:");
                line("");
                line("| reference | record | P on | P off | QRS on | QRS off | T off |");
                line("|---|---|---|---|---|---|---|");
                Map<String, Map<String, Double>> cases = new LinkedHashMap<>();
                for (SignalValidation.Error e : all) {
                    if (!e.source().startsWith("LUDB")) {
                        cases.computeIfAbsent(e.source() + " | " + e.record(), x -> new LinkedHashMap<>())
                                .put(e.fiducial(), e.errorMs());
                    }
                }
                for (Map.Entry<String, Map<String, Double>> c : cases.entrySet()) {
                    StringBuilder row = new StringBuilder("| " + c.getKey() + " |");
                    for (String f : new String[] {"P on", "P off", "QRS on", "QRS off", "T off"}) {
                        Double v = c.getValue().get(f);
                        row.append(v == null ? " – |" : String.format(Locale.ROOT, " %+.0f |", v));
                    }
                    line(row.toString());
                }
                line("");
            }
        }
        flush();
    }

    /**
     * The limits (QRS on/off 12 ms, P on 20 ms, T off 30 ms) where the default meets them, and regression
     * bounds on the documented misses (docs/SIGNALS.md shows each with a plot): the extremes of LUDB's 12 independent
     * per-lead marks, and the mean errors above ±8 ms.
     */
    /** The limit for a fiducial, ms; NaN for P off (none set). */
    private static double limit(String fiducial) {
        return switch (fiducial) {
            case "QRS on", "QRS off" -> 12;
            case "P on" -> 20;
            case "T off" -> 30;
            default -> Double.NaN;
        };
    }

    private static void checkDefault(String source, String fiducial, double mean, double max) {
        String what = source + " | " + fiducial + ": mean " + mean + ", max " + max;
        double limit = limit(fiducial);
        if (Double.isNaN(limit)) {
            assertTrue(max <= 40, what); // regression bound on the documented figure (12SL's P offset: −28 ms)
        } else if (source.contains("earliest/latest")) {
            assertTrue(max <= 60, what); // documented miss: the most extreme of 12 independent marks
        } else {
            assertTrue(max <= limit, what);
            assertTrue(Math.abs(mean) <= 16, what); // documented: means up to ±16 ms (the ±8 target is missed there)
        }
    }

    /**
     * The placement rule of docs/SIGNALS.md, measured on MUSE's own medians: 12SL's QRS onset at sample 216 of 600 in
     * both exports, every stored lead exactly 0 µV there (referenced to the QRS onset), and no blanking of the window's
     * ends — what {@code MedianConfig.muse()} reproduces.
     */
    @Test
    void museMedianPlacementRule() throws IOException {
        Path real = RealData.dir();
        for (int k = 1; k <= 2; k++) {
            SignalValidation.Muse m = SignalValidation.muse(real, k);
            Recording med = m.median();
            int q = m.measurements().get("QOnset");
            assertEquals(600, med.samples());
            assertEquals(500, med.rateHz());
            assertEquals(216, q, "example" + k + ": QOnset");
            assertEquals(q * 2.0, MedianConfig.muse().onsetMs(), 1e-9, "MedianConfig.muse() puts the onset where MUSE does");
            assertEquals(600 * 2.0, MedianConfig.muse().windowMs(), 1e-9);
            boolean endsNonZero = false;
            for (int l = 0; l < med.leadCount(); l++) {
                assertEquals(0f, med.signal()[l * 600 + q], "example" + k + " lead " + med.leads().get(l) + " at QOnset");
                endsNonZero |= med.signal()[l * 600] != 0 || med.signal()[l * 600 + 599] != 0;
            }
            assertTrue(endsNonZero, "example" + k + ": the window's ends are not blanked");
        }
    }

    @Test
    void qrsDetectionOnMitBih100() throws IOException {
        Path real = RealData.dir();
        int[] m = SignalValidation.mitbih100(real);
        double se = 100.0 * m[0] / (m[0] + m[1]);
        double ppv = 100.0 * m[0] / (m[0] + m[2]);
        line("### QRS detection, MIT-BIH record 100 vs 100.atr (±50 ms, whole 30-min record, both leads)");
        line("");
        line("| reference beats | detected | TP | FN | FP | sensitivity | positive predictivity |");
        line("|---|---|---|---|---|---|---|");
        line(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %.2f%% | %.2f%% |", m[3], m[0] + m[2], m[0], m[1],
                m[2], se, ppv));
        line("");
        flush();
        assertEquals(2273, m[3], "100.atr holds 2273 beat annotations");
        assertTrue(se >= 99.5 && ppv >= 99.5, "Se " + se + " +P " + ppv);
    }

    private static void line(String s) {
        System.out.println(s);
        REPORT.append(s).append('\n');
    }

    private static synchronized void flush() throws IOException {
        Path out = Path.of("target", "signals-validation.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, REPORT.toString());
    }
}
