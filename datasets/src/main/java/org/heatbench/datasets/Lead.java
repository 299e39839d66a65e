package org.heatbench.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.heatbench.core.InvalidInputException;

/**
 * The twelve standard ECG leads, in the conventional 12-lead order I, II, III, aVR, aVL, aVF, V1–V6.
 *
 * <p>Eight leads are independent ({@link #INDEPENDENT_8}: I, II, V1–V6); the other four limb leads follow exactly
 * from I and II (Einthoven and Goldberger): III = II − I, aVR = −(I + II)/2, aVL = I − II/2, aVF = II − I/2.
 * {@link LeadMapping} applies these relations.
 */
public enum Lead {
    I("I"), II("II"), III("III"), AVR("aVR"), AVL("aVL"), AVF("aVF"),
    V1("V1"), V2("V2"), V3("V3"), V4("V4"), V5("V5"), V6("V6");

    /** I, II, III, aVR, aVL, aVF, V1–V6: the study's and MUSE's 12-lead order. */
    public static final List<Lead> STANDARD_12 = List.of(values());

    /** I, II, V1–V6: the eight independent leads, the input of the shared 8-lead ONNX models. */
    public static final List<Lead> INDEPENDENT_8 = List.of(I, II, V1, V2, V3, V4, V5, V6);

    private final String label;

    Lead(String label) {
        this.label = label;
    }

    /** @return the conventional name: {@code I}, {@code aVR}, {@code V5}, ... (what the store writes) */
    public String label() {
        return label;
    }

    /** @return true for III, aVR, aVL and aVF, which are exact combinations of I and II */
    public boolean isDerivedLimbLead() {
        return this == III || this == AVR || this == AVL || this == AVF;
    }

    /**
     * Parses a lead name as found in files: case-insensitive, with or without an HL7/MDC prefix
     * ({@code MDC_ECG_LEAD_AVR}), a {@code lead} prefix ({@code lead_V1}, {@code Lead II}) or spaces.
     *
     * @throws InvalidInputException naming the unknown name and the accepted ones
     */
    public static Lead parse(String name) {
        if (name == null) {
            throw new InvalidInputException("lead name is missing");
        }
        String s = name.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("MDC_ECG_LEAD_")) {
            s = s.substring("MDC_ECG_LEAD_".length());
        }
        s = s.replace(" ", "").replace("_", "").replace("-", "");
        if (s.startsWith("LEAD") && s.length() > 4) {
            s = s.substring(4);
        }
        for (Lead lead : values()) {
            if (lead.label.toUpperCase(Locale.ROOT).equals(s)) {
                return lead;
            }
        }
        throw new InvalidInputException("unknown lead name '" + name + "'; known leads: "
                + Arrays.stream(values()).map(Lead::label).collect(Collectors.joining(", ")));
    }

    /**
     * Parses a list of lead names ({@link #parse}) and checks that none repeats.
     *
     * @throws InvalidInputException on an unknown or repeated name
     */
    public static List<Lead> parseAll(List<String> names) {
        List<Lead> leads = new ArrayList<>(names.size());
        Set<Lead> seen = EnumSet.noneOf(Lead.class);
        for (String name : names) {
            Lead lead = parse(name);
            if (!seen.add(lead)) {
                throw new InvalidInputException("lead " + lead.label + " is listed twice in " + names);
            }
            leads.add(lead);
        }
        return List.copyOf(leads);
    }

    /** @return the labels of {@code leads}, in order */
    public static List<String> labels(List<Lead> leads) {
        return leads.stream().map(Lead::label).toList();
    }
}
