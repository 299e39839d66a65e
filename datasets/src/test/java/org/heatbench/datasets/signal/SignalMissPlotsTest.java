package org.heatbench.datasets.signal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.heatbench.datasets.importers.wfdb.WfdbRecord;
import org.junit.jupiter.api.Test;

/**
 * The miss plots of docs/SIGNALS.md: every real case where a default boundary misses the limit (or its mean
 * target), drawn with the leads around the boundary, our mark and the reference's. Writes PNGs to
 * {@code datasets/target/signal-plots/}; {@code scripts/signal-miss-plots.sh} runs this and copies them to
 * docs/images. Skips without ../shared.
 */
class SignalMissPlotsTest {
    private static final Path OUT = Path.of("target", "signal-plots");
    private static final Color MEDIAN_OF_LEADS = new Color(0, 140, 60);

    @Test
    void missPlots() throws IOException {
        Path real = RealData.dir();
        Delineator d = Delineator.standard();
        // 12SL P onset (mean −14 ms) and P offset (−28 ms) on MUSE's own medians
        for (int k = 1; k <= 2; k++) {
            SignalValidation.Muse m = SignalValidation.muse(real, k);
            double rr = QrsDetector.standard().detect(m.rhythm()).meanRrMs();
            Delineation x = d.delineate(m.median(), rr);
            int pOn = m.measurements().get("POnset");
            new BoundaryPlot(m.median(), pOn - 50, m.measurements().get("QOnset") - 2,
                    "MUSE example " + k + ": P wave, 12SL vs ours")
                    .reference("12SL P on", pOn).reference("12SL P off", m.measurements().get("POffset"))
                    .ours("our P on", x.pOn()).ours("our P off", x.pOff())
                    .write(OUT.resolve("miss-muse" + k + "-p.png"));
        }
        // aECG device median: QRS offset (−12 ms, a single case: mean −12); our median's T offset (+16 ms)
        Path dir = real.resolve("hl7_aecg_example");
        Recording rhythm = SignalValidation.csv(dir.resolve("rhythm_500Hz_uV.csv"), "aecg-rhythm", 500);
        double rr = QrsDetector.standard().detect(rhythm).meanRrMs();
        Recording median = SignalValidation.csv(dir.resolve("median_500Hz_uV.csv"), "aecg-median", 500);
        Delineation a = d.delineate(median, rr);
        new BoundaryPlot(median, 205, 320, "HL7 aECG device median: QRS offset, device vs ours")
                .reference("device QRS on", 217).reference("device QRS off", 277)
                .ours("our QRS on", a.qrsOn()).ours("our QRS off", a.qrsOff())
                .write(OUT.resolve("miss-aecg-qrs-off.png"));
        MedianBeat ours = SignalValidation.builder(d).build(rhythm);
        Delineation o = ours.delineation();
        double deviceTOff = o.qrsOn() + (854 - 434) / 2.0; // the device's T offset, placed by the QRS onset
        new BoundaryPlot(ours.beat(), o.qrsOff() + 60, (int) deviceTOff + 60,
                "HL7 aECG, our median from the rhythm: T offset, device vs ours")
                .reference("device T off", deviceTOff).ours("our T off", o.tOff())
                .write(OUT.resolve("miss-aecg-ours-t-off.png"));
        // LUDB: the worst beat per boundary against the earliest / latest of the 12 per-lead marks
        for (Path h : SignalValidation.ludbRecords(real)) {
            Recording rec = SignalValidation.recording(WfdbRecord.read(h));
            List<SignalValidation.LudbBeat> beats = SignalValidation.ludbBeats(h, d);
            String name = h.getFileName().toString().replace(".hea", "");
            ludbPlot(rec, beats, name, "QRS on", SignalValidation.LudbBeat::qrs, true,
                    b -> b.ours().qrsOn(), -40, 80);
            ludbPlot(rec, beats, name, "QRS off", SignalValidation.LudbBeat::qrs, false,
                    b -> b.ours().qrsOff(), -80, 40);
            ludbPlot(rec, beats, name, "P on", SignalValidation.LudbBeat::p, true, b -> b.ours().pOn(), -60, 120);
            ludbPlot(rec, beats, name, "T off", SignalValidation.LudbBeat::t, false, b -> b.ours().tOff(), -160, 80);
        }
        try (var files = Files.list(OUT)) {
            assertTrue(files.count() >= 4, "plots written to " + OUT.toAbsolutePath());
        }
    }

    private static void ludbPlot(Recording rec, List<SignalValidation.LudbBeat> beats, String name, String what,
            java.util.function.Function<SignalValidation.LudbBeat, List<SignalValidation.Wave>> waves, boolean onset,
            ToDoubleFunction<SignalValidation.LudbBeat> ours, int beforeMs, int afterMs) throws IOException {
        int field = onset ? 0 : 2;
        SignalValidation.LudbBeat worst = beats.stream()
                .filter(b -> !waves.apply(b).isEmpty() && ours.applyAsDouble(b) >= 0)
                .max(Comparator.comparingDouble(b -> Math.abs(ours.applyAsDouble(b)
                        - SignalValidation.ref(waves.apply(b), field, true, onset))))
                .orElse(null);
        if (worst == null) {
            return;
        }
        double extreme = SignalValidation.ref(waves.apply(worst), field, true, onset);
        double med = SignalValidation.ref(waves.apply(worst), field, false, onset);
        double ms = 1000 / rec.rateHz();
        BoundaryPlot p = new BoundaryPlot(rec, (int) (extreme + beforeMs / ms), (int) (extreme + afterMs / ms),
                "LUDB " + name + ", beat " + worst.id() + ": " + what + " — 12 cardiologist marks (blue ticks, one per lead)")
                .reference((onset ? "earliest" : "latest") + " of the 12 marks", extreme)
                .mark("median of the 12 marks", med, MEDIAN_OF_LEADS, true)
                .ours("ours", ours.applyAsDouble(worst));
        for (SignalValidation.Wave w : waves.apply(worst)) {
            p.leadMark(w.lead(), onset ? w.on() : w.off());
        }
        p.write(OUT.resolve("miss-ludb" + name + "-" + what.toLowerCase(java.util.Locale.ROOT).replace(' ', '-')
                + ".png"));
    }
}
