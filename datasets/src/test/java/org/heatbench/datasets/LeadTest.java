package org.heatbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class LeadTest {

    @Test
    void parsesTheSpellingsFoundInFiles() {
        assertEquals(Lead.AVR, Lead.parse("aVR"));
        assertEquals(Lead.AVR, Lead.parse("AVR"));
        assertEquals(Lead.AVR, Lead.parse("MDC_ECG_LEAD_AVR"));
        assertEquals(Lead.V1, Lead.parse(" lead_V1 "));
        assertEquals(Lead.II, Lead.parse("Lead II"));
        assertEquals(Lead.III, Lead.parse("iii"));
    }

    @Test
    void unknownOrRepeatedNamesAreErrorsNamingTheLead() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Lead.parse("V7"));
        assertTrue(e.getMessage().contains("'V7'"), e.getMessage());
        InvalidInputException twice = assertThrows(InvalidInputException.class,
                () -> Lead.parseAll(List.of("I", "II", "i")));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    }

    @Test
    void einthovenAndGoldbergerRelationsHoldExactlyForDerivedLeads() {
        EcgRecord eight = TestRecords.random("x", Lead.INDEPENDENT_8, 600, 7);
        float[] twelve = LeadMapping.of(Lead.INDEPENDENT_8, Lead.STANDARD_12).apply(eight.signal(), 600);
        for (int t = 0; t < 600; t++) {
            float i = twelve[t];
            float ii = twelve[600 + t];
            assertEquals(ii - i, twelve[2 * 600 + t], 0f);
            assertEquals(-(i + ii) / 2f, twelve[3 * 600 + t], 0f);
            assertEquals(i - ii / 2f, twelve[4 * 600 + t], 0f);
            assertEquals(ii - i / 2f, twelve[5 * 600 + t], 0f);
            // and the relations between derived leads themselves: aVR + aVL + aVF = 0 up to rounding
            assertEquals(0, twelve[3 * 600 + t] + twelve[4 * 600 + t] + twelve[5 * 600 + t], 1e-3);
        }
    }

    @Test
    void selectsReordersAndRoundTrips12To8To12() {
        EcgRecord twelve = TestRecords.consistent12("x", 50, 3);
        EcgRecord eight = twelve.withLeads(Lead.INDEPENDENT_8);
        assertEquals(Lead.INDEPENDENT_8, eight.leads());
        for (Lead l : Lead.INDEPENDENT_8) {
            assertArrayEqualsExactly(twelve.lead(l), eight.lead(l));
        }
        assertEquals(twelve, eight.withLeads(Lead.STANDARD_12));
        EcgRecord reordered = twelve.withLeads(List.of(Lead.V6, Lead.I));
        assertArrayEqualsExactly(twelve.lead(Lead.V6), reordered.lead(Lead.V6));
        assertEquals(2 * 50, reordered.signal().length);
    }

    @Test
    void aLeadThatCannotBeMadeIsAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> LeadMapping.of(List.of(Lead.II, Lead.V1), List.of(Lead.AVF)));
        assertTrue(e.getMessage().contains("needs leads I and II"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> LeadMapping.of(Lead.INDEPENDENT_8, List.of(Lead.I, Lead.I)));
    }

    private static void assertArrayEqualsExactly(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]), "at " + i);
        }
    }
}
