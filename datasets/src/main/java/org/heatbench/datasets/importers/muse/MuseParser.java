package org.heatbench.datasets.importers.muse;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;

/**
 * Streams a MUSE {@code <RestingECG>} document into a {@link MuseDocument} with StAX.
 *
 * <p>Safety: DTD processing is off ({@code SUPPORT_DTD = false}: MUSE files declare
 * {@code <!DOCTYPE RestingECG SYSTEM "restecg.dtd">}, which is neither loaded nor needed), external entities are
 * off and external DTD/schema access is refused, so an XXE attempt cannot read a file and a "billion laughs"
 * entity bomb cannot expand (its entities are never declared; a reference to one is an error).
 *
 * <p>Each lead's {@code <WaveFormData>} is strict base64 (whitespace ignored, any other character outside the
 * alphabet is an error) of little-endian int16 samples; the decoded byte count must equal
 * {@code LeadByteCountTotal} and, when given, the CRC-32 of the decoded bytes {@code LeadDataCRC32}.
 * Thread-safe (the factory is shared; each call has its own reader).
 */
public final class MuseParser {
    private static final XMLInputFactory FACTORY = secureFactory();

    private MuseParser() {
    }

    private static XMLInputFactory secureFactory() {
        // the JDK's own StAX implementation, whatever else is on the class path (Hadoop ships a shaded Woodstox that
        // would be found first by newFactory() and that knows other properties)
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external resource " + systemId + " refused");
        });
        return f;
    }

    /**
     * @throws InvalidInputException for malformed XML, a root other than {@code <RestingECG>}, entity references,
     *                               bad base64, a byte count or CRC mismatch, an unknown lead or amplitude unit
     */
    public static MuseDocument parse(InputStream in) {
        return parse(in, null);
    }

    /**
     * As {@link #parse(InputStream)}, decoding only the waveforms whose type is in {@code decode} (null: all); the
     * others are skipped unchecked (a median import need not decode the 10-s rhythm).
     */
    public static MuseDocument parse(InputStream in, Set<String> decode) {
        Map<String, String> measurements = new HashMap<>();
        Map<String, String> demographics = new HashMap<>();
        List<String> statements = new ArrayList<>();
        Map<String, MuseDocument.Waveform> waveforms = new HashMap<>();
        String matrix = null;
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(in);
            Deque<String> path = new ArrayDeque<>();
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new InvalidInputException("contains an entity reference &" + r.getLocalName()
                            + "; (entities are not expanded)");
                }
                if (ev == XMLStreamConstants.END_ELEMENT) {
                    path.pop();
                    continue;
                }
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                String parent = path.peek();
                if (parent == null && !name.equals("RestingECG")) {
                    throw new InvalidInputException("is not a GE MUSE RestingECG document (root element <" + name
                            + ">)");
                }
                if ("RestingECGMeasurements".equals(parent)) {
                    measurements.put(name, text(r));
                } else if ("PatientDemographics".equals(parent)) {
                    demographics.put(name, text(r));
                } else if (name.equals("StmtText") && path.contains("Diagnosis")) {
                    String s = text(r);
                    if (!s.isBlank()) {
                        statements.add(s.trim());
                    }
                } else if (name.equals("MeasurementMatrix") && "RestingECG".equals(parent)) {
                    matrix = text(r);
                } else if (name.equals("Waveform")) {
                    MuseDocument.Waveform w = waveform(r, decode);
                    if (w != null && waveforms.putIfAbsent(w.type(), w) != null) {
                        throw new InvalidInputException("has two " + w.type() + " waveforms");
                    }
                } else {
                    path.push(name);
                }
            }
        } catch (XMLStreamException e) {
            throw new InvalidInputException("is not well-formed or safe XML: " + oneLine(e.getMessage()), e);
        } finally {
            close(r);
        }
        return new MuseDocument(measurements, demographics, statements, waveforms, matrix);
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException e) {
                // nothing to release beyond the stream the caller closes
            }
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** Text of the current element (nested elements skipped); leaves the reader on its end tag. */
    private static String text(XMLStreamReader r) throws XMLStreamException {
        StringBuilder sb = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (depth == 1) {
                        sb.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidInputException(
                        "contains an entity reference &" + r.getLocalName() + "; (entities are not expanded)");
                default -> {
                }
            }
        }
        return sb.toString().trim();
    }

    /** @return the waveform, or null when its type is not to be decoded (the reader is then past its end tag) */
    private static MuseDocument.Waveform waveform(XMLStreamReader r, Set<String> decode)
            throws XMLStreamException {
        String type = null;
        double base = Double.NaN;
        int exponent = 0;
        List<Lead> leads = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (ev != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (r.getLocalName()) {
                case "WaveformType" -> {
                    type = text(r);
                    if (decode != null && !decode.contains(type)) {
                        skipRest(r);
                        return null;
                    }
                }
                case "SampleBase" -> base = number("SampleBase", text(r));
                case "SampleExponent" -> exponent = (int) number("SampleExponent", text(r));
                case "LeadData" -> lead(r, leads, values);
                default -> text(r);
            }
        }
        if (type == null || type.isEmpty()) {
            throw new InvalidInputException("a <Waveform> has no <WaveformType>");
        }
        if (!(base > 0)) {
            throw new InvalidInputException(type + " waveform has no positive <SampleBase>");
        }
        if (leads.isEmpty()) {
            throw new InvalidInputException(type + " waveform has no <LeadData>");
        }
        int samples = values.get(0).length;
        float[] signal = new float[leads.size() * samples];
        for (int k = 0; k < leads.size(); k++) {
            if (values.get(k).length != samples) {
                throw new InvalidInputException(type + " lead " + leads.get(k).label() + " has "
                        + values.get(k).length + " samples, lead " + leads.get(0).label() + " " + samples);
            }
            System.arraycopy(values.get(k), 0, signal, k * samples, samples);
        }
        return new MuseDocument.Waveform(type, base * Math.pow(10, exponent), leads, samples, signal);
    }

    /** Skips to the end tag of the element whose child the reader has just finished. */
    private static void skipRest(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static void lead(XMLStreamReader r, List<Lead> leads, List<float[]> values) throws XMLStreamException {
        Map<String, String> f = new HashMap<>();
        String data = null;
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                String name = r.getLocalName();
                if (name.equals("WaveFormData")) {
                    data = text(r);
                } else {
                    f.put(name, text(r));
                }
            }
        }
        String id = f.get("LeadID");
        Lead lead;
        try {
            lead = Lead.parse(id);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("<LeadData> has an unknown <LeadID>: " + e.getMessage());
        }
        if (leads.contains(lead)) {
            throw new InvalidInputException("lead " + lead.label() + " appears twice in one waveform");
        }
        if (data == null) {
            throw new InvalidInputException("lead " + lead.label() + " has no <WaveFormData>");
        }
        String size = f.getOrDefault("LeadSampleSize", "2");
        if (!size.equals("2")) {
            throw new InvalidInputException("lead " + lead.label() + ": LeadSampleSize " + size
                    + " is not supported (only 2-byte samples)");
        }
        byte[] bytes = decode(data, lead);
        if (f.containsKey("LeadByteCountTotal")) {
            long expected = (long) number("LeadByteCountTotal", f.get("LeadByteCountTotal"));
            if (expected != bytes.length) {
                throw new InvalidInputException("lead " + lead.label() + ": <WaveFormData> decodes to " + bytes.length
                        + " bytes, LeadByteCountTotal says " + expected + " (truncated or corrupted)");
            }
        }
        if (f.containsKey("LeadDataCRC32")) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            long expected = (long) number("LeadDataCRC32", f.get("LeadDataCRC32"));
            if (crc.getValue() != expected) {
                throw new InvalidInputException("lead " + lead.label() + ": CRC-32 of the waveform data is "
                        + crc.getValue() + ", LeadDataCRC32 says " + expected + " (corrupted)");
            }
        }
        if (bytes.length % 2 != 0) {
            throw new InvalidInputException("lead " + lead.label() + ": odd byte count " + bytes.length);
        }
        double uv = number("LeadAmplitudeUnitsPerBit", f.getOrDefault("LeadAmplitudeUnitsPerBit", "1"))
                * unit(f.getOrDefault("LeadAmplitudeUnits", "MICROVOLTS"), lead);
        float[] v = new float[bytes.length / 2];
        for (int i = 0; i < v.length; i++) {
            short s = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
            v[i] = (float) (s * uv);
        }
        leads.add(lead);
        values.add(v);
    }

    private static byte[] decode(String data, Lead lead) {
        char[] c = new char[data.length()];
        int n = 0;
        for (int i = 0; i < data.length(); i++) {
            char ch = data.charAt(i);
            if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
                c[n++] = ch;
            }
        }
        byte[] ascii = new byte[n];
        for (int i = 0; i < n; i++) {
            if (c[i] > 127) {
                throw new InvalidInputException("lead " + lead.label() + ": <WaveFormData> is not base64 (character '"
                        + c[i] + "' at " + i + ")");
            }
            ascii[i] = (byte) c[i];
        }
        try {
            return Base64.getDecoder().decode(ascii);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("lead " + lead.label() + ": <WaveFormData> is not valid base64: "
                    + e.getMessage());
        }
    }

    private static double unit(String unit, Lead lead) {
        return switch (unit.trim().toUpperCase(Locale.ROOT)) {
            case "MICROVOLTS", "UV" -> 1;
            case "MILLIVOLTS", "MV" -> 1000;
            case "VOLTS", "V" -> 1e6;
            default -> throw new InvalidInputException("lead " + lead.label() + ": unknown LeadAmplitudeUnits '"
                    + unit + "'");
        };
    }

    static double number(String field, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidInputException("<" + field + "> '" + text + "' is not a number");
        }
    }
}
