package org.heatbench.datasets.importers.code15;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Targets;
import org.heatbench.datasets.importers.InputFiles;
import org.heatbench.datasets.importers.RecordSource;
import org.heatbench.datasets.importers.SourceItem;
import org.heatbench.datasets.importers.SourceRecord;
import org.heatbench.datasets.importers.tables.CsvTable;
import org.heatbench.datasets.store.Hdf5Integrity;

/**
 * CODE-15% HDF5 files ({@code exams_part*.hdf5}, {@code .h5}) and single-record MATLAB files ({@code .mat}, see
 * {@link Code15Mat}): dataset {@code tracings} [N, 4096, 12] float32 at
 * {@value #RATE_HZ} Hz, leads I, II, III, aVR, aVL, aVF, V1–V6, and {@code exam_id} [N]; the record id is the exam id.
 * Amplitudes × {@code uvPerUnit} (1000: the tracings are in mV scale, as the shared CODE-15% samples are).
 *
 * <p>Shorter exams (7.3 s) are zero-padded at both ends to 4096 samples: with {@code trimPadding} the record keeps
 * the samples from the first to the last sample at which any lead is non-zero; otherwise all 4096.
 *
 * <p>Labels from {@code exams.csv} (joined by {@code exam_id}): {@code 1dAVb}, {@code RBBB}, {@code LBBB},
 * {@code SB}, {@code ST}, {@code AF}, {@code normal_ecg} as binary labels ({@code True} → 1, {@code False} → 0);
 * {@code age}, {@code is_male} (→ {@code sex} male/female), {@code patient_id} as metadata. A row of the HDF5 file
 * whose {@code exam_id} is 0 (CODE-15%'s padding row) or that is all zeros is rejected and reported. Not
 * thread-safe.
 */
public final class Code15Source implements RecordSource {
    /** CODE-15%'s sampling rate. */
    public static final double RATE_HZ = 400;
    /** The labels of {@code exams.csv}. */
    public static final String[] LABELS = {"1dAVb", "RBBB", "LBBB", "SB", "ST", "AF", "normal_ecg"};

    private final Path input;
    private final Path examsCsv;
    private final boolean trimPadding;
    private final double uvPerUnit;

    /**
     * @param input       an HDF5 file or a folder of them
     * @param examsCsv    the labels table, or null (then {@code exams.csv} beside the input is used if present)
     * @param trimPadding cut the zero padding of shorter exams
     * @param uvPerUnit   µV per stored unit
     */
    public Code15Source(Path input, Path examsCsv, boolean trimPadding, double uvPerUnit) {
        this.input = input;
        Path sibling = (input.toFile().isDirectory() ? input : input.toAbsolutePath().getParent())
                .resolve("exams.csv");
        this.examsCsv = examsCsv != null ? examsCsv : sibling.toFile().isFile() ? sibling : null;
        this.trimPadding = trimPadding;
        this.uvPerUnit = uvPerUnit;
    }

    @Override
    public String description() {
        return "code15 " + input + (examsCsv == null ? "" : " + " + examsCsv);
    }

    private record Exam(Map<String, Double> labels, Map<String, String> metadata) {
    }

    private Map<String, Exam> exams() {
        Map<String, Exam> out = new HashMap<>();
        if (examsCsv == null) {
            return out;
        }
        CsvTable t = CsvTable.read(examsCsv);
        int id = t.require("exam_id");
        int[] cols = new int[LABELS.length];
        for (int k = 0; k < LABELS.length; k++) {
            cols[k] = t.require(LABELS[k]);
        }
        int age = t.optional("age");
        int male = t.optional("is_male");
        int patient = t.optional("patient_id");
        for (int i = 0; i < t.rows().size(); i++) {
            String[] row = t.rows().get(i);
            Map<String, Double> labels = new LinkedHashMap<>();
            for (int k = 0; k < LABELS.length; k++) {
                labels.put(LABELS[k], bool(row[cols[k]], t, i, LABELS[k]));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            if (age >= 0 && !row[age].isBlank()) {
                meta.put("age", row[age].strip());
            }
            if (male >= 0 && !row[male].isBlank()) {
                meta.put("sex", bool(row[male], t, i, "is_male") == 1 ? "male" : "female");
            }
            if (patient >= 0 && !row[patient].isBlank()) {
                meta.put("patient_id", row[patient].strip());
            }
            out.put(row[id].strip(), new Exam(labels, meta));
        }
        return out;
    }

    private static double bool(String v, CsvTable t, int row, String column) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "1.0" -> 1.0;
            case "false", "0", "0.0" -> 0.0;
            default -> throw new InvalidInputException("table " + t.file().getFileName() + " row " + (row + 2)
                    + " column " + column + ": '" + v + "' is not True/False");
        };
    }

    @Override
    public void forEach(Consumer<SourceItem> sink) {
        Map<String, Exam> exams = exams();
        for (Path file : InputFiles.list(input, ".hdf5", ".h5", ".mat")) {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mat")) {
                String id = Code15Mat.id(file);
                try {
                    double[] rate = new double[1];
                    EcgRecord r = Code15Mat.read(file, uvPerUnit, rate);
                    sink.accept(new SourceItem.Accepted(withExam(new SourceRecord(file.toString(), r, rate[0]),
                            exams)));
                } catch (InvalidInputException e) {
                    sink.accept(new SourceItem.Rejected(file.toString(), id, e.getMessage()));
                }
                continue;
            }
            try (HdfFile h5 = new HdfFile(file)) {
                Hdf5Integrity.requireComplete(h5, file);
                Dataset tracings = dataset(h5, "tracings", file);
                Dataset ids = dataset(h5, "exam_id", file);
                int[] dims = tracings.getDimensions();
                if (dims.length != 3 || dims[2] != 12) {
                    throw new InvalidInputException("'tracings' has shape " + Arrays.toString(dims)
                            + ", expected [N, samples, 12]");
                }
                if (ids.getDimensions().length != 1 || ids.getDimensions()[0] != dims[0]) {
                    throw new InvalidInputException("'exam_id' has shape " + Arrays.toString(ids.getDimensions())
                            + ", 'tracings' " + dims[0] + " exams");
                }
                long[] examIds = longs(ids.getData(), file);
                for (int i = 0; i < dims[0]; i++) {
                    String where = file + " [" + i + "]";
                    String id = Long.toString(examIds[i]);
                    try {
                        sink.accept(new SourceItem.Accepted(exam(tracings, i, dims[1], id, where, exams)));
                    } catch (InvalidInputException e) {
                        sink.accept(new SourceItem.Rejected(where, id, e.getMessage()));
                    }
                }
            } catch (InvalidInputException e) {
                sink.accept(new SourceItem.Rejected(file.toString(), null, e.getMessage()));
            } catch (RuntimeException e) {
                sink.accept(new SourceItem.Rejected(file.toString(), null, "cannot be read as CODE-15% HDF5: "
                        + e.getMessage()));
            }
        }
    }

    private SourceRecord exam(Dataset tracings, int i, int samples, String id, String where, Map<String, Exam> exams) {
        if (id.equals("0")) {
            throw new InvalidInputException("exam_id 0: a padding row, not an exam");
        }
        Object data = tracings.getData(new long[] {i, 0, 0}, new int[] {1, samples, 12});
        if (!(data instanceof float[][][] x)) {
            throw new InvalidInputException("'tracings' is not float32");
        }
        float[][] t = x[0];
        int first = 0;
        int last = samples - 1;
        if (trimPadding) {
            while (first < samples && allZero(t[first])) {
                first++;
            }
            while (last >= first && allZero(t[last])) {
                last--;
            }
            if (first > last) {
                throw new InvalidInputException("every sample is 0: an empty tracing");
            }
        }
        int n = last - first + 1;
        float[] signal = new float[12 * n];
        for (int k = 0; k < 12; k++) {
            for (int s = 0; s < n; s++) {
                signal[k * n + s] = (float) (t[first + s][k] * uvPerUnit);
            }
        }
        EcgRecord r = new EcgRecord(id, Lead.STANDARD_12, n, signal, Targets.MISSING, Fiducials.UNKNOWN);
        return withExam(new SourceRecord(where, r, RATE_HZ, Map.of("padding_trimmed", Integer.toString(samples - n))),
                exams);
    }

    private SourceRecord withExam(SourceRecord sr, Map<String, Exam> exams) {
        Exam e = exams.get(sr.record().id());
        if (e == null) {
            return examsCsv == null ? sr : sr.withMetadata(Map.of("warnings", "no row in " + examsCsv));
        }
        return sr.withMetadata(e.metadata()).withLabels(e.labels());
    }

    private static boolean allZero(float[] row) {
        for (float v : row) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static Dataset dataset(HdfFile h5, String name, Path file) {
        Node n = h5.getChildren().get(name);
        if (!(n instanceof Dataset d)) {
            throw new InvalidInputException("has no dataset '" + name + "' (has " + h5.getChildren().keySet() + ")");
        }
        return d;
    }

    private static long[] longs(Object data, Path file) {
        if (data instanceof long[] l) {
            return l;
        }
        if (data instanceof int[] a) {
            return Arrays.stream(a).asLongStream().toArray();
        }
        throw new InvalidInputException("'exam_id' is not an integer dataset");
    }
}
