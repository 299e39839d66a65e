package org.heatbench.datasets.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.junit.jupiter.api.Test;

class RelevanceMaskTest {
    private static final Fiducials F = new Fiducials(140, 190, 218, 262, 420, 240);
    private static final Targets T = Targets.MISSING.with(Target.HR, 100); // RR = 600 ms = 300 samples

    @Test
    void intervalMasksCoverTheirTwoFiducialsOnEveryLead() {
        RelevanceMask qt = RelevanceMask.of(Target.QT, F, T, Lead.STANDARD_12, 600, 500);
        assertTrue(qt.isDefined());
        // ±10 ms at 500 Hz = ±5 samples around 218 and 420, on 12 leads
        assertEquals(12 * 2 * 11, qt.count());
        for (int lead = 0; lead < 12; lead++) {
            assertTrue(qt.contains(lead, 213) && qt.contains(lead, 223) && qt.contains(lead, 420));
            assertFalse(qt.contains(lead, 212) || qt.contains(lead, 224) || qt.contains(lead, 300));
        }
        RelevanceMask pr = RelevanceMask.of(Target.PR, F, T, Lead.INDEPENDENT_8, 600, 500, 4);
        assertTrue(pr.contains(3, 138) && pr.contains(3, 220) && !pr.contains(3, 190));
        assertEquals(8 * 2 * 5, pr.count());
    }

    @Test
    void v5TargetsLookOnlyAtV5() {
        RelevanceMask t = RelevanceMask.of(Target.T_AMP_V5, F, T, Lead.INDEPENDENT_8, 600, 500);
        boolean[] m = t.toArray();
        int v5 = Lead.INDEPENDENT_8.indexOf(Lead.V5);
        for (int lead = 0; lead < 8; lead++) {
            for (int s = 0; s < 600; s++) {
                boolean expected = lead == v5 && ((s >= 262 && s <= 420) || (s >= 213 && s <= 223));
                assertEquals(expected, m[lead * 600 + s], "lead " + lead + " sample " + s);
            }
        }
        RelevanceMask r = RelevanceMask.of(Target.R_AMP_V5, F, T, Lead.STANDARD_12, 600, 500);
        assertTrue(r.contains(Lead.STANDARD_12.indexOf(Lead.V5), 240));
        assertEquals(2 * 11, r.count());
        assertFalse(RelevanceMask.of(Target.STJ_V5, F, T, List.of(Lead.I, Lead.II), 600, 500).isDefined());
    }

    @Test
    void heartRateMaskMarksTheNextBeatWhereItIsVisible() {
        RelevanceMask hr = RelevanceMask.of(Target.HR, F, T, List.of(Lead.II), 600, 500);
        // next P on 440, next P off 490, next QRS on 518
        assertTrue(hr.contains(0, 440) && hr.contains(0, 490) && hr.contains(0, 518));
        assertFalse(hr.contains(0, 218));
        RelevanceMask slow = RelevanceMask.of(Target.HR, F, Targets.MISSING.with(Target.HR, 50), List.of(Lead.II),
                600, 500);
        assertTrue(slow.isDefined());
        assertEquals(0, slow.count()); // RR 1200 ms: no next-beat wave inside the window
        assertFalse(RelevanceMask.of(Target.HR, F, Targets.MISSING, List.of(Lead.II), 600, 500).isDefined());
    }

    @Test
    void unknownFiducialsMakeTheMaskUndefined() {
        Fiducials noT = new Fiducials(140, 190, 218, 262, -1, 240);
        RelevanceMask qt = RelevanceMask.of(Target.QT, noT, T, Lead.STANDARD_12, 600, 500);
        assertFalse(qt.isDefined());
        assertEquals(0, qt.count());
        assertTrue(RelevanceMask.of(Target.QRS, noT, T, Lead.STANDARD_12, 600, 500).isDefined());
    }
}
