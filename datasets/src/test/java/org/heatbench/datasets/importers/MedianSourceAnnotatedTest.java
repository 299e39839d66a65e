package org.heatbench.datasets.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.signal.MedianBeatBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link MedianSource} with an expert's intervals in the record metadata ({@code annotated_*}): they become the
 * median's targets ahead of the source's own and of the delineation; a malformed one rejects the record by name.
 */
class MedianSourceAnnotatedTest {
    static final double RATE = 500;

    /**
     * A 10-s 12-lead rhythm at 500 Hz, RR 800 ms, of Gaussian waves (P, q, R, s, T) scaled per lead; µV. Enough for
     * beat detection and a median; its intervals are irrelevant here (the expert's values are what is checked).
     */
    static float[] rhythm() {
        int n = 5000;
        float[] x = new float[12 * n];
        double[][] waves = {{-60, 10, 120}, {8, 3, -100}, {20, 5, 1000}, {32, 3, -250}, {150, 25, 260}};
        for (int k = 0; k < 12; k++) {
            double scale = (k == 3 ? -1 : 1) * (0.5 + 0.1 * k);
            for (int q = 150; q < n; q += 400) {
                for (double[] w : waves) {
                    for (int t = Math.max(0, q + (int) w[0] - 100); t < Math.min(n, q + (int) w[0] + 100); t++) {
                        double z = (t - q - w[0]) / w[1];
                        x[k * n + t] += (float) (scale * w[2] * Math.exp(-0.5 * z * z));
                    }
                }
            }
        }
        return x;
    }

    static SourceRecord record(String id, Targets targets, Map<String, String> meta) {
        return new SourceRecord("test:" + id, new EcgRecord(id, Lead.STANDARD_12, 5000, rhythm(), targets,
                Fiducials.UNKNOWN), RATE, meta);
    }

    static RecordSource of(SourceRecord... records) {
        return new RecordSource() {
            @Override
            public String description() {
                return "test";
            }

            @Override
            public void forEach(Consumer<SourceItem> sink) {
                for (SourceRecord r : records) {
                    sink.accept(new SourceItem.Accepted(r));
                }
            }
        };
    }

    @Test
    void annotatedIntervalsBecomeTheTargetsAheadOfDeviceAndDelineation() {
        double[] device = Targets.MISSING.toArray();
        device[Target.QT.ordinal()] = 999;
        device[Target.T_AMP_V5.ordinal()] = 123;
        SourceRecord expert = record("expert", Targets.of(device), Map.of("annotated_pr", "151.5", "annotated_qrs",
                "88.0", "annotated_qt", "402.0", "annotated_beats", "11", "annotated_beats_skipped", "2", "age", "51"));
        SourceRecord plain = record("plain", Targets.MISSING, Map.of());
        SourceRecord bad = record("bad", Targets.MISSING, Map.of("annotated_qt", "NaN"));
        MedianSource m = new MedianSource(of(expert, plain, bad), MedianBeatBuilder.muse());
        List<SourceItem> items = new ArrayList<>();
        m.forEach(items::add);
        SourceRecord e = assertInstanceOf(SourceItem.Accepted.class, items.get(0)).record();
        Targets t = e.record().targets();
        assertEquals(151.5, t.get(Target.PR));
        assertEquals(88.0, t.get(Target.QRS));
        assertEquals(402.0, t.get(Target.QT), "the expert's QT replaces the source's 999");
        assertEquals(123.0, t.get(Target.T_AMP_V5), "a device value without an annotation is kept");
        assertEquals(75.0, t.get(Target.HR), 0.5, "HR from the rhythm's RR (800 ms), as before");
        assertEquals("51", e.metadata().get("age"), "the record's metadata is passed on");
        MedianSource.Quality q = m.quality().get(0);
        assertEquals(List.of("pr", "qrs", "qt"), q.annotatedTargets());
        assertEquals(2, q.annotatedBeatsSkipped());
        assertFalse(q.measuredTargets().contains("qt") || q.measuredTargets().contains("pr"), q::toString);
        assertTrue(q.measuredTargets().contains("hr"), q::toString);

        SourceRecord p = assertInstanceOf(SourceItem.Accepted.class, items.get(1)).record();
        assertTrue(Double.isFinite(p.record().targets().get(Target.QT)), "no annotation: QT delineated");
        assertEquals(List.of(), m.quality().get(1).annotatedTargets());
        assertTrue(m.quality().get(1).measuredTargets().contains("qt"));

        SourceItem.Rejected r = assertInstanceOf(SourceItem.Rejected.class, items.get(2));
        assertTrue(r.reason().contains("bad") && r.reason().contains("annotated_qt"), r.reason());
        assertEquals(r.reason(), m.quality().get(2).error());
        assertNull(m.quality().get(0).error());
    }
}
