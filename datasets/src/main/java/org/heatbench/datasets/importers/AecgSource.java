package org.heatbench.datasets.importers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.ValueSource;
import org.heatbench.datasets.ValueSources;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * HL7 v3 annotated ECG (aECG) XML files: one record per file, the <em>representative beat</em> (the
 * {@code derivedSeries} coded {@code REPRESENTATIVE_BEAT}). The record id is the file name without {@code .xml}.
 *
 * <ul>
 *   <li>Signal: each {@code sequence} coded {@code MDC_ECG_LEAD_*} with an {@code SLIST_PQ} value:
 *       µV = (origin + scale × digit) in the given unit (uV, mV or V); rate from the {@code GLIST} time
 *       increment.</li>
 *   <li>Fiducials from the representative beat's first annotation set: {@code MDC_ECG_WAVC_PWAVE} low/high → P on/off,
 *       {@code MDC_ECG_WAVC_QRSWAVE} → QRS on/off, {@code MDC_ECG_WAVC_TWAVE} high → T off; times relative to the
 *       beat's start, converted to the nearest sample. R peak: unknown.</li>
 *   <li>Targets: {@code MDC_ECG_TIME_PD_PR}, {@code _QRS}, {@code _QT} (ms); heart rate from
 *       {@code MDC_ECG_HEART_RATE} when present (source device), else 60000 / mean RR of the QRS onsets annotated in
 *       the rhythm series' first annotation set (source {@link ValueSource#MEASURED}: computed by HeatBench from the
 *       device's annotations; the HL7 example states no rate). The V5 amplitudes are not part of aECG global
 *       measurements: missing.</li>
 * </ul>
 * Rejected per file, with the reason: malformed XML, not an aECG document, no representative beat, unknown lead
 * codes, leads of unequal length. The XML parser refuses DTDs and external entities.
 */
public final class AecgSource implements RecordSource {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final Path input;

    /** @param input one .xml file or a folder of them (searched recursively) */
    public AecgSource(Path input) {
        this.input = input;
    }

    @Override
    public String description() {
        return "aecg " + input;
    }

    @Override
    public void forEach(Consumer<SourceItem> sink) {
        for (Path file : DelimitedText.files(input, ".xml")) {
            String id = DelimitedText.stem(file);
            try {
                sink.accept(new SourceItem.Accepted(read(file, id)));
            } catch (InvalidInputException e) {
                sink.accept(new SourceItem.Rejected(file.toString(), id, e.getMessage()));
            }
        }
    }

    /** Reads one aECG file. */
    static SourceRecord read(Path file, String id) {
        Document doc = parse(file);
        Element root = doc.getDocumentElement();
        if (!"AnnotatedECG".equals(local(root))) {
            throw new InvalidInputException("not an HL7 aECG document (root element <" + local(root) + ">)");
        }
        Element beat = null;
        for (Element d : descendants(root, "derivedSeries")) {
            if ("REPRESENTATIVE_BEAT".equals(codeOf(d))) {
                beat = d;
                break;
            }
        }
        if (beat == null) {
            throw new InvalidInputException("has no representative beat (derivedSeries coded REPRESENTATIVE_BEAT)");
        }
        Element set = descendants(beat, "sequenceSet").stream().findFirst().orElseThrow(
                () -> new InvalidInputException("the representative beat has no sequenceSet"));
        double incrementMs = Double.NaN;
        double headMs = 0;
        List<Lead> leads = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (Element seq : descendants(set, "sequence")) {
            String code = codeOf(seq);
            Element value = child(seq, "value");
            if (code == null || value == null) {
                continue;
            }
            if (code.startsWith("TIME_")) {
                Element inc = child(value, "increment");
                if (inc != null) {
                    incrementMs = toMs(number(inc, "value"), inc.getAttribute("unit"));
                }
                Element head = child(value, "head");
                if (head != null && code.equals("TIME_RELATIVE")) {
                    headMs = toMs(number(head, "value"), head.getAttribute("unit"));
                }
            } else if (code.startsWith("MDC_ECG_LEAD_")) {
                Lead lead;
                try {
                    lead = Lead.parse(code);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("representative beat has an unknown lead: " + e.getMessage());
                }
                if (leads.contains(lead)) {
                    throw new InvalidInputException("representative beat has lead " + lead.label() + " twice");
                }
                leads.add(lead);
                values.add(digits(value, code));
            }
        }
        if (leads.isEmpty()) {
            throw new InvalidInputException("the representative beat has no lead sequences");
        }
        if (!(incrementMs > 0)) {
            throw new InvalidInputException("the representative beat has no time increment (GLIST head/increment)");
        }
        int samples = values.get(0).length;
        float[] signal = new float[leads.size() * samples];
        for (int k = 0; k < leads.size(); k++) {
            if (values.get(k).length != samples) {
                throw new InvalidInputException("lead " + leads.get(k).label() + " has " + values.get(k).length
                        + " samples, lead " + leads.get(0).label() + " " + samples);
            }
            System.arraycopy(values.get(k), 0, signal, k * samples, samples);
        }
        double rateHz = 1000 / incrementMs;

        Element beatAnnotations = firstAnnotationSet(beat);
        int[] fid = {-1, -1, -1, -1, -1, -1};
        Map<Target, Double> targets = new EnumMap<>(Target.class);
        if (beatAnnotations != null) {
            for (Element a : descendants(beatAnnotations, "annotation")) {
                String code = codeOf(a);
                Element value = child(a, "value");
                if (code == null || value == null) {
                    continue;
                }
                String wave = value.getAttribute("code");
                if ("MDC_ECG_WAVC".equals(code)) {
                    double[] lowHigh = boundary(a);
                    int on = toSample(lowHigh[0], headMs, incrementMs, samples);
                    int off = toSample(lowHigh[1], headMs, incrementMs, samples);
                    switch (wave) {
                        case "MDC_ECG_WAVC_PWAVE" -> {
                            fid[0] = first(fid[0], on);
                            fid[1] = first(fid[1], off);
                        }
                        case "MDC_ECG_WAVC_QRSWAVE" -> {
                            fid[2] = first(fid[2], on);
                            fid[3] = first(fid[3], off);
                        }
                        case "MDC_ECG_WAVC_TWAVE" -> fid[4] = first(fid[4], off);
                        default -> {
                        }
                    }
                } else {
                    measurement(code, value, targets);
                }
            }
        }
        ValueSources sources = ValueSources.DEFAULT;
        if (!targets.containsKey(Target.HR)) {
            double hr = rhythmRate(root);
            if (!Double.isNaN(hr)) {
                targets.put(Target.HR, hr);
                // our arithmetic on the device's beat annotations, not a rate the device stated
                sources = sources.with(Target.HR, ValueSource.MEASURED);
            }
        }
        return SourceRecord.of(file.toString(), id, leads, samples, signal, rateHz, Targets.of(targets),
                Fiducials.of(fid)).withSources(sources);
    }

    private static int first(int current, int value) {
        return current >= 0 ? current : value;
    }

    private static void measurement(String code, Element value, Map<Target, Double> targets) {
        Target t = switch (code) {
            case "MDC_ECG_TIME_PD_PR" -> Target.PR;
            case "MDC_ECG_TIME_PD_QRS" -> Target.QRS;
            case "MDC_ECG_TIME_PD_QT" -> Target.QT;
            case "MDC_ECG_HEART_RATE" -> Target.HR;
            default -> null;
        };
        if (t != null && !targets.containsKey(t) && value.hasAttribute("value")) {
            double v = number(value, "value");
            targets.put(t, t == Target.HR ? v : toMs(v, value.getAttribute("unit")));
        }
    }

    /** Heart rate from the QRS onsets of the rhythm series' first annotation set, NaN if fewer than two. */
    private static double rhythmRate(Element root) {
        for (Element series : descendants(root, "series")) {
            if (!"RHYTHM".equals(codeOf(series))) {
                continue;
            }
            Element set = firstAnnotationSet(series);
            if (set == null) {
                return Double.NaN;
            }
            List<Double> onsets = new ArrayList<>();
            for (Element a : descendants(set, "annotation")) {
                Element value = child(a, "value");
                if ("MDC_ECG_WAVC".equals(codeOf(a)) && value != null
                        && "MDC_ECG_WAVC_QRSWAVE".equals(value.getAttribute("code"))) {
                    double on = boundary(a)[0];
                    if (!Double.isNaN(on)) {
                        onsets.add(on);
                    }
                }
            }
            if (onsets.size() < 2) {
                return Double.NaN;
            }
            onsets.sort(Double::compare);
            double meanRr = (onsets.get(onsets.size() - 1) - onsets.get(0)) / (onsets.size() - 1);
            return 60000 / meanRr;
        }
        return Double.NaN;
    }

    /** The first annotationSet under a series' own subjectOf (not under its derived series). */
    private static Element firstAnnotationSet(Element series) {
        for (Element subjectOf : children(series, "subjectOf")) {
            Element set = child(subjectOf, "annotationSet");
            if (set != null) {
                return set;
            }
        }
        return null;
    }

    /** @return {low, high} of an annotation's boundary in ms (absolute times: ms since the epoch), NaN if absent */
    private static double[] boundary(Element annotation) {
        double[] out = {Double.NaN, Double.NaN};
        for (Element b : descendants(annotation, "boundary")) {
            Element value = child(b, "value");
            if (value == null) {
                continue;
            }
            boolean absolute = "TIME_ABSOLUTE".equals(codeOf(b));
            Element low = child(value, "low");
            Element high = child(value, "high");
            if (low != null) {
                out[0] = absolute ? timestampMs(low.getAttribute("value")) : toMs(number(low, "value"),
                        low.getAttribute("unit"));
            }
            if (high != null) {
                out[1] = absolute ? timestampMs(high.getAttribute("value")) : toMs(number(high, "value"),
                        high.getAttribute("unit"));
            }
            return out;
        }
        return out;
    }

    private static int toSample(double ms, double headMs, double incrementMs, int samples) {
        if (Double.isNaN(ms)) {
            return -1;
        }
        long s = Math.round((ms - headMs) / incrementMs);
        return s >= 0 && s < samples ? (int) s : -1;
    }

    private static double timestampMs(String ts) {
        String s = ts.trim();
        int plus = Math.max(s.indexOf('+'), s.indexOf('-', 8));
        if (plus > 0) {
            s = s.substring(0, plus);
        }
        String whole = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
        String frac = s.contains(".") ? s.substring(s.indexOf('.') + 1) : "";
        if (whole.length() < 14) {
            throw new InvalidInputException("timestamp '" + ts + "' is shorter than yyyyMMddHHmmss");
        }
        LocalDateTime t = LocalDateTime.parse(whole.substring(0, 14), TS);
        double ms = t.toInstant(ZoneOffset.UTC).toEpochMilli();
        if (!frac.isEmpty()) {
            ms += Double.parseDouble("0." + frac) * 1000;
        }
        return ms;
    }

    private static float[] digits(Element value, String code) {
        Element origin = child(value, "origin");
        Element scale = child(value, "scale");
        Element digits = child(value, "digits");
        if (digits == null) {
            throw new InvalidInputException("lead " + code + " has no <digits>");
        }
        double o = origin == null ? 0 : toUv(number(origin, "value"), origin.getAttribute("unit"));
        double s = scale == null ? 1 : toUv(number(scale, "value"), scale.getAttribute("unit"));
        String[] parts = digits.getTextContent().trim().split("\\s+");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = (float) (o + s * Double.parseDouble(parts[i]));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("lead " + code + " digit " + (i + 1) + " '" + parts[i]
                        + "' is not a number");
            }
        }
        return v;
    }

    private static double toUv(double v, String unit) {
        return switch (unit == null ? "" : unit.trim()) {
            case "", "uV", "µV" -> v;
            case "mV" -> v * 1000;
            case "V" -> v * 1e6;
            case "nV" -> v / 1000;
            default -> throw new InvalidInputException("unsupported amplitude unit '" + unit + "'");
        };
    }

    private static double toMs(double v, String unit) {
        return switch (unit == null ? "" : unit.trim()) {
            case "", "ms" -> v;
            case "s" -> v * 1000;
            case "us" -> v / 1000;
            default -> throw new InvalidInputException("unsupported time unit '" + unit + "'");
        };
    }

    private static double number(Element e, String attribute) {
        String s = e.getAttribute(attribute);
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException ex) {
            throw new InvalidInputException("<" + local(e) + " " + attribute + "=\"" + s + "\"> is not a number");
        }
    }

    private static Document parse(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(file.toFile());
        } catch (SAXException e) {
            throw new InvalidInputException("is not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be configured securely", e);
        }
    }

    private static String local(Node n) {
        String name = n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(colon + 1) : name;
    }

    private static String codeOf(Element e) {
        Element code = child(e, "code");
        return code == null ? null : code.getAttribute("code").trim().toUpperCase(Locale.ROOT);
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(local(e))) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(local(e))) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> descendants(Element parent, String name) {
        NodeList all = parent.getElementsByTagNameNS("*", name);
        List<Element> out = new ArrayList<>(all.getLength());
        for (int i = 0; i < all.getLength(); i++) {
            out.add((Element) all.item(i));
        }
        return out;
    }
}
