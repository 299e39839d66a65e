package org.heatbench.datasets.importers;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.Hdf5Integrity;

/**
 * The reference study's layout: a folder (searched recursively) of {@code {patid}.h5} files, each with one dataset
 * {@code median} of shape (samples, 12) — time × lead, leads I, II, III, aVR, aVL, aVF, V1–V6, usually int16 µV —
 * whose attributes carry the targets ({@code VentRate, pr, qrs, qt, STJ_v5, T_PeakAmpl_v5, R_PeakAmpl_v5}; see
 * {@link StudyFields}). The record id is the file name without {@code .h5}.
 *
 * <p>Rejected per file, with the reason: not HDF5 or truncated, no {@code median} dataset, another shape, a
 * non-numeric dataset or target attribute.
 */
public final class StudyH5Source implements RecordSource {
    private final Path input;
    private final double rateHz;
    private final double scaleUv;

    /**
     * @param input   a folder of .h5 files, or one file
     * @param rateHz  the sampling rate of the medians (the study: 500)
     * @param scaleUv µV per stored unit (the study: 1)
     */
    public StudyH5Source(Path input, double rateHz, double scaleUv) {
        this.input = input;
        this.rateHz = rateHz;
        this.scaleUv = scaleUv;
    }

    @Override
    public String description() {
        return "study-h5 " + input;
    }

    @Override
    public void forEach(Consumer<SourceItem> sink) {
        for (Path file : DelimitedText.files(input, ".h5", ".hdf5")) {
            String id = DelimitedText.stem(file);
            sink.accept(read(file, id));
        }
    }

    private SourceItem read(Path file, String id) {
        try (HdfFile h5 = new HdfFile(file)) {
            Hdf5Integrity.requireComplete(h5, file);
            Node node = h5.getChildren().get("median");
            if (!(node instanceof Dataset median)) {
                return new SourceItem.Rejected(file.toString(), id, "has no dataset 'median'");
            }
            int[] dims = median.getDimensions();
            if (dims.length != 2 || dims[1] != 12 || dims[0] < 1) {
                return new SourceItem.Rejected(file.toString(), id, "dataset median has shape "
                        + Arrays.toString(dims) + ", expected [samples, 12] (time x lead)");
            }
            Object data = median.getData();
            if (!data.getClass().isArray() || !Array.get(data, 0).getClass().isArray()
                    || !Array.get(data, 0).getClass().getComponentType().isPrimitive()) {
                return new SourceItem.Rejected(file.toString(), id, "dataset median holds "
                        + median.getJavaType().getSimpleName() + ", not numbers");
            }
            int samples = dims[0];
            float[] signal = new float[12 * samples];
            for (int t = 0; t < samples; t++) {
                Object row = Array.get(data, t);
                for (int k = 0; k < 12; k++) {
                    signal[k * samples + t] = (float) (Array.getDouble(row, k) * scaleUv);
                }
            }
            Map<String, Object> attrs = new LinkedHashMap<>();
            for (Map.Entry<String, Attribute> e : median.getAttributes().entrySet()) {
                attrs.put(e.getKey(), e.getValue().getData());
            }
            StudyFields fields = new StudyFields(attrs);
            return new SourceItem.Accepted(SourceRecord.of(file.toString(), id, Lead.STANDARD_12, samples, signal,
                    rateHz, fields.targets(), fields.fiducials()));
        } catch (InvalidInputException e) {
            return new SourceItem.Rejected(file.toString(), id, e.getMessage());
        } catch (RuntimeException e) {
            return new SourceItem.Rejected(file.toString(), id, "not a readable HDF5 file (truncated or corrupt?): "
                    + e.getMessage());
        }
    }
}
