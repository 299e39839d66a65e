package org.heatbench.datasets.signal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.heatbench.datasets.Lead;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Test-only, minimal reader of a GE MUSE {@code <RestingECG>} export: the Median and Rhythm waveforms (base64
 * little-endian int16 × LeadAmplitudeUnitsPerBit µV) and {@code <RestingECGMeasurements>}. External DTDs and
 * entities are never loaded. Not a product importer (issue 13 writes that); enough to validate the signal algorithms.
 */
final class MuseTestReader {
    final Recording median;
    final Recording rhythm;
    final Map<String, Integer> measurements = new HashMap<>();

    MuseTestReader(Path file) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // MUSE exports declare <!DOCTYPE RestingECG SYSTEM "restecg.dtd">: allow the declaration, never load it
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            Document doc = b.parse(file.toFile());
            Element m = (Element) doc.getElementsByTagName("RestingECGMeasurements").item(0);
            NodeList kids = m.getChildNodes();
            for (int i = 0; i < kids.getLength(); i++) {
                if (kids.item(i) instanceof Element e) {
                    try {
                        measurements.put(e.getTagName(), Integer.parseInt(e.getTextContent().trim()));
                    } catch (NumberFormatException ignored) {
                        // non-numeric measurement fields are not needed here
                    }
                }
            }
            Recording med = null;
            Recording rhy = null;
            NodeList waves = doc.getElementsByTagName("Waveform");
            String name = file.getFileName().toString().replace(".xml", "");
            for (int w = 0; w < waves.getLength(); w++) {
                Element wave = (Element) waves.item(w);
                String type = text(wave, "WaveformType");
                double rate = Double.parseDouble(text(wave, "SampleBase"));
                NodeList leadData = wave.getElementsByTagName("LeadData");
                List<Lead> leads = new ArrayList<>();
                List<float[]> data = new ArrayList<>();
                for (int k = 0; k < leadData.getLength(); k++) {
                    Element ld = (Element) leadData.item(k);
                    leads.add(Lead.parse(text(ld, "LeadID")));
                    double scale = Double.parseDouble(text(ld, "LeadAmplitudeUnitsPerBit"));
                    byte[] raw = Base64.getMimeDecoder().decode(text(ld, "WaveFormData"));
                    float[] v = new float[raw.length / 2];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) ((short) ((raw[2 * i] & 0xff) | (raw[2 * i + 1] << 8)) * scale);
                    }
                    data.add(v);
                }
                int n = data.get(0).length;
                float[] sig = new float[leads.size() * n];
                for (int k = 0; k < leads.size(); k++) {
                    System.arraycopy(data.get(k), 0, sig, k * n, n);
                }
                Recording r = new Recording(name + "-" + type.toLowerCase(java.util.Locale.ROOT), leads, n, rate, sig);
                if (type.equals("Median")) {
                    med = r;
                } else if (type.equals("Rhythm")) {
                    rhy = r;
                }
            }
            median = med;
            rhythm = rhy;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
