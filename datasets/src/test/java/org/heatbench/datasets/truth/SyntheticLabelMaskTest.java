package org.heatbench.datasets.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticBeat;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.junit.jupiter.api.Test;

/**
 * Every synthetic label's evidence mask against the generator's measured fiducials (issue 16: AVB1 the PR interval P
 * onset → QRS onset, wide QRS the QRS, long QT the T end, ST elevation the ST segment, T inversion the T wave,
 * bradycardia the tail after T, tachycardia the next beat), on beats of both generator models.
 */
class SyntheticLabelMaskTest {
    private static final int S = 600;
    private static final double HZ = 500;
    /** ±10 ms at 500 Hz. */
    private static final int W = 5;
    /** 80 ms at 500 Hz. */
    private static final int ST = 40;
    private static final List<Lead> L = Lead.STANDARD_12;
    private static final int V5 = L.indexOf(Lead.V5);

    /** Samples of a mask on one lead that are in [from, to), and the total on that lead. */
    private static boolean covers(RelevanceMask m, int lead, int from, int to) {
        for (int t = Math.max(0, from); t < Math.min(S, to); t++) {
            if (!m.contains(lead, t)) {
                return false;
            }
        }
        return true;
    }

    private static int onLead(RelevanceMask m, int lead) {
        int n = 0;
        for (int t = 0; t < S; t++) {
            n += m.contains(lead, t) ? 1 : 0;
        }
        return n;
    }

    private static void check(SyntheticBeat b) {
        Fiducials f = b.measurement().fiducials();
        Targets t = b.measurement().targets();
        String id = b.id() + " " + f;
        RelevanceMask avb = SyntheticLabel.AVB1.mask(f, t, L, S, HZ);
        RelevanceMask qrs = SyntheticLabel.WIDE_QRS.mask(f, t, L, S, HZ);
        RelevanceMask qt = SyntheticLabel.LONG_QT.mask(f, t, L, S, HZ);
        RelevanceMask ste = SyntheticLabel.ST_ELEVATION.mask(f, t, L, S, HZ);
        RelevanceMask tinv = SyntheticLabel.T_INVERSION.mask(f, t, L, S, HZ);
        RelevanceMask brady = SyntheticLabel.BRADYCARDIA.mask(f, t, L, S, HZ);
        for (int lead = 0; lead < L.size(); lead++) {
            // AVB1: the whole PR interval, not two points: every sample from P onset to QRS onset
            assertTrue(covers(avb, lead, f.pOn() - W, f.qrsOn() + W + 1), id);
            assertEquals(f.qrsOn() - f.pOn() + 2 * W + 1, onLead(avb, lead), id);
            assertTrue(covers(avb, lead, f.pOff(), f.pOff() + 1), "the P offset lies inside the PR span " + id);
            // wide QRS: the QRS complex
            assertTrue(covers(qrs, lead, f.qrsOn() - W, f.qrsOff() + W + 1), id);
            assertEquals(f.qrsOff() - f.qrsOn() + 2 * W + 1, onLead(qrs, lead), id);
            // long QT: the T end only
            assertTrue(covers(qt, lead, f.tOff() - W, Math.min(S, f.tOff() + W + 1)), id);
            assertFalse(qt.contains(lead, f.qrsOn()) || qt.contains(lead, f.tOff() - W - 1), id);
            // bradycardia: the tail after the T wave
            assertTrue(covers(brady, lead, f.tOff() + W + 1, S), id);
            assertEquals(Math.max(0, S - f.tOff() - W - 1), onLead(brady, lead), id);
            if (lead != V5) {
                assertEquals(0, onLead(ste, lead), "ST elevation is a V5 label " + id);
                assertEquals(0, onLead(tinv, lead), "T inversion is a V5 label " + id);
            }
        }
        int stEnd = Math.min(f.qrsOff() + ST, f.tOff());
        // ST elevation: J point to 80 ms after it (or the T end), in V5
        assertTrue(covers(ste, V5, f.qrsOff() - W, stEnd), id);
        assertEquals(stEnd - f.qrsOff() + W, onLead(ste, V5), id);
        // T inversion: the T wave from the end of the ST window to the T end, in V5; ST and T masks abut
        assertTrue(covers(tinv, V5, stEnd, Math.min(S, f.tOff() + W + 1)), id);
        assertEquals(Math.min(S, f.tOff() + W + 1) - stEnd, onLead(tinv, V5), id);
        assertFalse(tinv.contains(V5, f.qrsOff()), id);
        // tachycardia: the HR mask, the next beat's onsets at + RR
        RelevanceMask tachy = SyntheticLabel.TACHYCARDIA.mask(f, t, L, S, HZ);
        assertEquals(RelevanceMask.of(Target.HR, f, t, L, S, HZ).regions(), tachy.regions(), id);
        int rr = (int) Math.round(60000 / t.hr() * HZ / 1000);
        if (f.qrsOn() + rr < S) {
            assertTrue(tachy.contains(0, f.qrsOn() + rr), "the next QRS onset at +RR " + id);
        }
    }

    @Test
    void masksFollowTheGeneratorsFiducials() {
        for (GeneratorConfig g : List.of(GeneratorConfig.defaults(40, 5), GeneratorConfig.legacy(40, 5))) {
            SyntheticEcgGenerator gen = SyntheticEcgGenerator.of(g);
            for (int i = 0; i < 40; i++) {
                check(gen.beat(i));
            }
        }
    }

    @Test
    void avb1MaskSpansTheMeasuredPrOfPositiveBeats() {
        // on every AVB1-positive beat the mask length per lead is the measured PR (ms → samples) plus the two margins
        SyntheticEcgGenerator gen = SyntheticEcgGenerator.of(GeneratorConfig.defaults(400, 9));
        int positives = 0;
        for (int i = 0; i < 400; i++) {
            SyntheticBeat b = gen.beat(i);
            Targets t = b.measurement().targets();
            if (SyntheticLabel.AVB1.of(t) != 1) {
                continue;
            }
            positives++;
            RelevanceMask m = SyntheticLabel.AVB1.mask(b.measurement().fiducials(), t, L, S, HZ);
            assertEquals(Math.round(t.pr() * HZ / 1000) + 2 * W + 1, onLead(m, 0), 1, b.id());
            assertTrue(onLead(m, 0) > 100 + 2 * W, "PR > 200 ms = 100 samples " + b.id());
        }
        assertTrue(positives > 0, "the population has first-degree AV block");
    }

    @Test
    void unknownFiducialsOrNoV5LeaveTheMaskUndefined() {
        Fiducials noT = new Fiducials(140, 190, 218, 262, -1, 240);
        Targets t = Targets.MISSING.with(Target.HR, 70);
        assertFalse(SyntheticLabel.LONG_QT.mask(noT, t, L, S, HZ).isDefined());
        assertFalse(SyntheticLabel.T_INVERSION.mask(noT, t, L, S, HZ).isDefined());
        assertTrue(SyntheticLabel.AVB1.mask(noT, t, L, S, HZ).isDefined());
        Fiducials f = new Fiducials(140, 190, 218, 262, 420, 240);
        assertFalse(SyntheticLabel.ST_ELEVATION.mask(f, t, List.of(Lead.I, Lead.II), S, HZ).isDefined());
        assertTrue(SyntheticLabel.WIDE_QRS.mask(f, t, List.of(Lead.I, Lead.II), S, HZ).isDefined());
    }
}
