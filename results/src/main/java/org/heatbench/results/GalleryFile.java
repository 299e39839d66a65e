package org.heatbench.results;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.heatbench.core.InvalidInputException;

/**
 * The heatmap gallery of one target ({@code attributions/<target>.h5}, layout in {@code docs/RESULTS_FORMAT.md}):
 * the input ECGs of a few records, every method's attribution of them, truth, prediction and fiducials. Written
 * atomically (temporary name, then rename). Not thread-safe per instance; the static methods are.
 */
public final class GalleryFile {
    /** Fiducial columns, in {@code /fiducials} order. */
    public static final List<String> FIDUCIALS = List.of("p_on", "p_off", "qrs_on", "qrs_off", "t_off", "r_peak");

    private GalleryFile() {
    }

    /**
     * A gallery's content. Arrays are held without copying.
     *
     * @param target target key
     * @param unit the target's unit (ms, bpm, uV)
     * @param methods canonical method specs, in attribution order
     * @param leads lead labels
     * @param samplingRateHz sampling rate
     * @param samples samples per lead
     * @param recordIds record ids, n
     * @param recordIndices store indices, n
     * @param truth true values, n (NaN when missing)
     * @param prediction clean predictions, n
     * @param fiducials [n, 6] sample indices in {@link #FIDUCIALS} order, −1 unknown
     * @param ecg [n, leads, samples] model input, µV
     * @param attributions per method, [n, leads, samples]
     * @param model model path as given
     * @param modelSha256 model hash
     * @param seed the run's seed
     * @param version HeatBench version
     */
    public record Gallery(String target, String unit, List<String> methods, List<String> leads, double samplingRateHz,
            int samples, List<String> recordIds, int[] recordIndices, double[] truth, float[] prediction,
            int[] fiducials, float[] ecg, List<float[]> attributions, String model, String modelSha256, long seed,
            String version) {

        public Gallery {
            methods = List.copyOf(methods);
            leads = List.copyOf(leads);
            recordIds = List.copyOf(recordIds);
            attributions = List.copyOf(attributions);
            int n = recordIds.size();
            int item = leads.size() * samples;
            if (recordIndices.length != n || truth.length != n || prediction.length != n
                    || fiducials.length != n * FIDUCIALS.size() || ecg.length != n * item
                    || attributions.size() != methods.size()
                    || attributions.stream().anyMatch(a -> a.length != n * item)) {
                throw new IllegalArgumentException("gallery arrays do not agree with " + n + " records of "
                        + leads.size() + " x " + samples + " and " + methods.size() + " methods");
            }
        }

        /** @return the number of records */
        public int size() {
            return recordIds.size();
        }
    }

    /** Writes a gallery file, replacing any earlier one. */
    public static void write(Path file, Gallery g) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(tmp);
            int n = g.size();
            int leads = g.leads().size();
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                f.putAttribute("format", "heatbench-gallery");
                f.putAttribute("format_version", 1);
                f.putAttribute("target", g.target());
                f.putAttribute("unit", g.unit());
                f.putAttribute("methods", g.methods().toArray(String[]::new));
                f.putAttribute("leads", g.leads().toArray(String[]::new));
                f.putAttribute("sampling_rate_hz", g.samplingRateHz());
                f.putAttribute("model", g.model());
                f.putAttribute("model_sha256", g.modelSha256());
                f.putAttribute("seed", g.seed());
                f.putAttribute("heatbench_version", g.version());
                f.putDataset("ecg", cube(g.ecg(), n, leads, g.samples()));
                WritableGroup attr = f.putGroup("attributions");
                for (int m = 0; m < g.methods().size(); m++) {
                    WritableDataset d = attr.putDataset("m" + m, cube(g.attributions().get(m), n, leads, g.samples()));
                    d.putAttribute("method", g.methods().get(m));
                }
                f.putDataset("record_ids", g.recordIds().toArray(String[]::new));
                f.putDataset("record_indices", g.recordIndices());
                f.putDataset("truth", g.truth());
                f.putDataset("prediction", g.prediction());
                int[][] fid = new int[n][];
                for (int i = 0; i < n; i++) {
                    fid[i] = Arrays.copyOfRange(g.fiducials(), i * FIDUCIALS.size(), (i + 1) * FIDUCIALS.size());
                }
                WritableDataset fd = f.putDataset("fiducials", fid);
                fd.putAttribute("names", FIDUCIALS.toArray(String[]::new));
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write gallery " + file, e);
        }
    }

    /**
     * Reads a gallery file.
     *
     * @throws InvalidInputException naming the file when it is missing, not a gallery or inconsistent
     */
    public static Gallery read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("gallery file " + file + " does not exist");
        }
        try (HdfFile f = new HdfFile(file)) {
            if (!"heatbench-gallery".equals(attr(f, "format"))) {
                throw new InvalidInputException(file + " is not a HeatBench gallery file (no format attribute "
                        + "'heatbench-gallery')");
            }
            List<String> methods = List.of((String[]) f.getAttribute("methods").getData());
            List<String> leads = List.of((String[]) f.getAttribute("leads").getData());
            float[][][] ecg = (float[][][]) dataset(f, file, "ecg").getData();
            int n = ecg.length;
            int samples = n == 0 ? 0 : ecg[0][0].length;
            List<float[]> attributions = new ArrayList<>();
            for (int m = 0; m < methods.size(); m++) {
                attributions.add(flat((float[][][]) dataset(f, file, "attributions/m" + m).getData(), leads.size(),
                        samples));
            }
            int[][] fid = (int[][]) dataset(f, file, "fiducials").getData();
            int[] fiducials = new int[n * FIDUCIALS.size()];
            for (int i = 0; i < n; i++) {
                System.arraycopy(fid[i], 0, fiducials, i * FIDUCIALS.size(), FIDUCIALS.size());
            }
            Object seed = f.getAttribute("seed").getData();
            return new Gallery(attr(f, "target"), attr(f, "unit"), methods, leads,
                    ((Number) f.getAttribute("sampling_rate_hz").getData()).doubleValue(), samples,
                    List.of((String[]) dataset(f, file, "record_ids").getData()),
                    (int[]) dataset(f, file, "record_indices").getData(),
                    (double[]) dataset(f, file, "truth").getData(), (float[]) dataset(f, file, "prediction").getData(),
                    fiducials, flat(ecg, leads.size(), samples), attributions, attr(f, "model"),
                    attr(f, "model_sha256"), ((Number) seed).longValue(), attr(f, "heatbench_version"));
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("cannot read gallery file " + file + ": " + e, e);
        }
    }

    private static String attr(Node f, String name) {
        Attribute a = f.getAttribute(name);
        return a == null ? null : Objects.toString(a.getData());
    }

    private static Dataset dataset(HdfFile f, Path file, String path) {
        Node n = f.getByPath(path);
        if (!(n instanceof Dataset d)) {
            throw new InvalidInputException("gallery file " + file + " has no dataset /" + path);
        }
        return d;
    }

    private static float[][][] cube(float[] flat, int n, int leads, int samples) {
        float[][][] c = new float[n][leads][];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < leads; l++) {
                int o = (i * leads + l) * samples;
                c[i][l] = Arrays.copyOfRange(flat, o, o + samples);
            }
        }
        return c;
    }

    private static float[] flat(float[][][] c, int leads, int samples) {
        float[] f = new float[c.length * leads * samples];
        for (int i = 0; i < c.length; i++) {
            for (int l = 0; l < leads; l++) {
                System.arraycopy(c[i][l], 0, f, (i * leads + l) * samples, samples);
            }
        }
        return f;
    }
}
