package org.heatbench.datasets.importers.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.importers.InputFiles;

/**
 * A WFDB record read whole: its header, the signals that are standard ECG leads (in µV, float32, [leads, samples]),
 * its annotation files and, for per-lead annotation files (LUDB), the wave boundaries and beats of each lead. A
 * rhythm record for beat detection and delineation: {@link #signal()}, {@link #rateHz()},
 * {@link #delineations()}, {@link #beatAnnotations()}. Immutable (arrays are copied out).
 *
 * @param headerFile     the {@code .hea} file
 * @param header         the parsed header
 * @param leads          the standard leads found, in header order (signal names matched case-insensitively:
 *                       {@code i}, {@code AVR}, {@code aVR}, {@code V1}; {@code MLII} → II, {@code MLI} → I,
 *                       {@code MLIII} → III)
 * @param samples        samples per lead
 * @param signal         [leads, samples] µV ({@code (adc − baseline) / gain} in the header's units); WFDB's invalid
 *                       samples are NaN
 * @param annotations    annotation lists by file extension ({@code atr}, {@code i}, {@code ii}, ...)
 * @param delineations   per lead, the waves and beats of that lead's annotation file (LUDB layout)
 * @param ignoredSignals signal names that are not standard leads (Frank {@code vx}, {@code vy}, {@code vz}, ...)
 * @param problems       checksum or initial-value mismatches, one line each (empty when the data agree)
 */
public record WfdbRecord(Path headerFile, WfdbHeader header, List<Lead> leads, int samples, float[] signal,
        Map<String, List<Annotation>> annotations, Map<Lead, LeadDelineation> delineations,
        List<String> ignoredSignals, List<String> problems) {

    /** Largest header read, bytes: a larger ".hea" is not a header. */
    public static final long MAX_HEADER_BYTES = 1 << 20;

    public WfdbRecord {
        leads = List.copyOf(leads);
        signal = signal.clone();
        annotations = Map.copyOf(annotations);
        delineations = Map.copyOf(delineations);
        ignoredSignals = List.copyOf(ignoredSignals);
        problems = List.copyOf(problems);
    }

    @Override
    public float[] signal() {
        return signal.clone();
    }

    /** @return the record's sampling rate, Hz */
    public double rateHz() {
        return header.rateHz();
    }

    /** @return the beat annotations of the {@code .atr} file (R-peak labels N, V, A, ...), empty when absent */
    public List<Annotation> beatAnnotations() {
        return annotations.getOrDefault("atr", List.of()).stream().filter(Annotation::isBeat).toList();
    }

    /** @return the standard lead named by a WFDB signal description, or null when it names none */
    public static Lead leadOf(String description) {
        String s = description.strip().toUpperCase(Locale.ROOT);
        if (s.startsWith("ML") && s.length() > 2) {
            s = s.substring(2);
        }
        try {
            return Lead.parse(s);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /**
     * Reads a record: header, signal files, and every annotation file {@code <record>.<ext>} beside it whose
     * extension is {@code atr} or a lead name.
     *
     * @throws InvalidInputException naming what is wrong (header, file, format, length)
     */
    public static WfdbRecord read(Path headerFile) {
        WfdbHeader header;
        try {
            if (Files.size(headerFile) > MAX_HEADER_BYTES) {
                throw new InvalidInputException("is larger than " + MAX_HEADER_BYTES + " bytes: not a WFDB header");
            }
            header = WfdbHeader.parse(new String(Files.readAllBytes(headerFile), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read: " + e.getMessage(), e);
        }
        String stem = InputFiles.stem(headerFile);
        if (!header.recordName().equals(stem)) {
            throw new InvalidInputException("record line names '" + header.recordName() + "' but the file is "
                    + stem + ".hea (inconsistent header)");
        }
        Path folder = headerFile.toAbsolutePath().getParent();
        List<WfdbSignal> sigs = header.signals();
        List<Lead> leads = new ArrayList<>();
        List<Integer> which = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int s = 0; s < sigs.size(); s++) {
            WfdbSignal sig = sigs.get(s);
            Lead lead = leadOf(sig.description());
            if (lead == null) {
                ignored.add(sig.description().isEmpty() ? "signal " + (s + 1) : sig.description());
                continue;
            }
            if (leads.contains(lead)) {
                throw new InvalidInputException("signals " + (which.get(leads.indexOf(lead)) + 1) + " and " + (s + 1)
                        + " are both lead " + lead.label() + " (inconsistent header)");
            }
            if (Double.isNaN(sig.microvoltsPerUnit())) {
                throw new InvalidInputException("signal " + (s + 1) + " (" + sig.description() + ") has units '"
                        + sig.units() + "'; supported: mV, uV, V");
            }
            leads.add(lead);
            which.add(s);
        }
        if (leads.isEmpty()) {
            throw new InvalidInputException("has no standard ECG lead among its signals " + ignored);
        }
        boolean[] wanted = new boolean[sigs.size()];
        which.forEach(s -> wanted[s] = true);
        int[][] adc = WfdbSignalReader.read(folder, header, wanted);
        for (int s = 0; s < sigs.size(); s++) {
            WfdbSignal sig = sigs.get(s);
            String name = sig.description().isEmpty() ? "signal " + (s + 1) : sig.description();
            if (adc[s] == null) {
                continue;
            }
            if (sig.checksum() != null && header.samples() >= 0) {
                int sum = WfdbSignalReader.checksum(adc[s], sig.format());
                if (sum != (sig.checksum() & 0xffff)) {
                    problems.add(name + ": checksum of the samples is " + (short) sum + ", the header says "
                            + sig.checksum());
                }
            }
            if (sig.initialValue() != null && adc[s].length > 0 && adc[s][0] != sig.initialValue()
                    && adc[s][0] != WfdbSignalReader.INVALID) {
                problems.add(name + ": first sample is " + adc[s][0] + ", the header's initial value "
                        + sig.initialValue());
            }
        }
        int n = adc[which.get(0)].length;
        float[] signal = new float[leads.size() * n];
        for (int k = 0; k < leads.size(); k++) {
            WfdbSignal sig = sigs.get(which.get(k));
            int[] a = adc[which.get(k)];
            for (int t = 0; t < n; t++) {
                signal[k * n + t] = a[t] == WfdbSignalReader.INVALID ? Float.NaN : (float) sig.toMicrovolts(a[t]);
            }
        }
        Map<String, List<Annotation>> annotations = new LinkedHashMap<>();
        Map<Lead, LeadDelineation> delineations = new LinkedHashMap<>();
        for (Path f : annotationFiles(folder, stem)) {
            String ext = f.getFileName().toString().substring(stem.length() + 1);
            List<Annotation> list = WfdbAnnotations.read(f);
            annotations.put(ext, list);
            Lead lead = ext.equalsIgnoreCase("atr") ? null : leadOf(ext);
            if (lead != null) {
                delineations.put(lead, LeadDelineation.of(lead, list));
            }
        }
        return new WfdbRecord(headerFile, header, leads, n, signal, annotations, delineations, ignored, problems);
    }

    /** Annotation extensions probed beside a header: {@code atr} and the lead names in lower case (LUDB). */
    private static final List<String> ANNOTATION_EXTENSIONS = annotationExtensions();

    private static List<String> annotationExtensions() {
        List<String> e = new ArrayList<>();
        e.add("atr");
        for (Lead l : Lead.values()) {
            e.add(l.label().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(e);
    }

    /**
     * Probes the known names instead of listing the folder: a PTB-XL folder holds 2,000 files, and listing it for
     * each of its 1,000 records would make a folder's import quadratic.
     */
    private static List<Path> annotationFiles(Path folder, String stem) {
        List<Path> out = new ArrayList<>();
        for (String ext : ANNOTATION_EXTENSIONS) {
            Path p = folder.resolve(stem + "." + ext);
            if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
