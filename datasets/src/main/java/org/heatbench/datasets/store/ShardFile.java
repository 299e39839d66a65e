package org.heatbench.datasets.store;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OrderedDataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.heatbench.core.InvalidInputException;
import org.heatbench.datasets.Fiducial;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.Target;

/**
 * One shard file: writing it (to a temporary name, then an atomic rename) and reading it back.
 *
 * <p>A reading handle holds the open {@link HdfFile} and the shard's small per-record arrays (ids, splits, targets,
 * fiducials: about 100 bytes per record). Signal chunks are read on demand, one chunk per record, so any batch read
 * decompresses exactly the records it returns (jhdf keeps no chunk cache: STACK.md pitfall 6). Reading is safe from
 * several threads: jhdf reads chunks with positional reads and initialises its chunk index lazily and thread-safely.
 */
final class ShardFile implements AutoCloseable {
    static final String SIGNALS = "signals";
    static final String IDS = "ids";
    static final String SPLIT = "split";
    static final String TARGETS = "targets";
    static final String FIDUCIALS = "fiducials";
    static final String TARGET_SOURCES = "target_sources";
    static final String FIDUCIAL_SOURCES = "fiducial_sources";

    private final Path path;
    private final HdfFile hdf;
    private final ChunkedDataset signals;
    private final ByteOrder order;
    private final SampleType sampleType;
    private final double scale;
    private final int values;
    private final String[] ids;
    private final byte[] splits;
    private final double[] targets;
    private final int[] fiducials;

    private ShardFile(Path path, HdfFile hdf, ChunkedDataset signals, ByteOrder order, StoreSpec spec, String[] ids,
            byte[] splits, double[] targets, int[] fiducials) {
        this.path = path;
        this.hdf = hdf;
        this.signals = signals;
        this.order = order;
        this.sampleType = spec.sampleType();
        this.scale = spec.scaleUv();
        this.values = spec.valuesPerRecord();
        this.ids = ids;
        this.splits = splits;
        this.targets = targets;
        this.fiducials = fiducials;
    }

    /**
     * Writes a shard file. The data go to {@code file + ".tmp"} first (deleted beforehand if an interrupted run left
     * it) and the file is renamed to its final name only once closed, so a crash never leaves a file under the final
     * name that is incomplete.
     */
    static void write(Path file, StoreSpec spec, int shardIndex, long firstIndex, ShardBuffer buffer) {
        write(file, spec, shardIndex, firstIndex, buffer, null, null);
    }

    /**
     * As {@link #write(Path, StoreSpec, int, long, ShardBuffer)}, with the optional value sources ([n][7] and [n][6]
     * {@link org.heatbench.datasets.ValueSource} codes; null writes none).
     */
    static void write(Path file, StoreSpec spec, int shardIndex, long firstIndex, ShardBuffer buffer,
            byte[][] targetSources, byte[][] fiducialSources) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            // jhdf does not truncate an existing file: never write over one
            Files.deleteIfExists(tmp);
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                f.putAttribute("format", StoreManifest.FORMAT);
                f.putAttribute("format_version", StoreManifest.FORMAT_VERSION);
                f.putAttribute("lead_names", Lead.labels(spec.leads()).toArray(String[]::new));
                f.putAttribute("sampling_rate_hz", spec.samplingRateHz());
                f.putAttribute("samples", spec.samples());
                f.putAttribute("units", "uV");
                f.putAttribute("sample_type", spec.sampleType().label());
                f.putAttribute("scale_uv", spec.scaleUv());
                f.putAttribute("shard_index", shardIndex);
                f.putAttribute("first_record_index", firstIndex);
                f.putAttribute("record_count", buffer.count());
                f.putAttribute("target_names", Target.ALL.stream().map(Target::key).toArray(String[]::new));
                f.putAttribute("target_units", Target.ALL.stream().map(Target::unit).toArray(String[]::new));
                f.putAttribute("fiducial_names", Fiducial.ALL.stream().map(Fiducial::key).toArray(String[]::new));
                f.putAttribute("split_codes", new String[] {"0=train", "1=val", "2=test"});
                f.putAttribute("provenance", StoreManifest.provenanceText(spec.provenance()));
                DatasetCreationOptions.Builder options = DatasetCreationOptions.builder()
                        .chunkDimensions(1, spec.leads().size(), spec.samples());
                if (spec.deflateLevel() > 0) {
                    options = options.shuffle().deflate(spec.deflateLevel());
                }
                f.putDataset(SIGNALS, buffer.signals(), options.build());
                f.putDataset(IDS, buffer.ids());
                f.putDataset(SPLIT, buffer.splits());
                f.putDataset(TARGETS, buffer.targets());
                f.putDataset(FIDUCIALS, buffer.fiducials());
                if (targetSources != null) {
                    f.putDataset(TARGET_SOURCES, targetSources);
                    f.putDataset(FIDUCIAL_SOURCES, fiducialSources);
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write shard " + file, e);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            // jhdf wraps a full disk or a read-only folder in its own exception: surface the I/O cause with the path
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof IOException io) {
                    throw new UncheckedIOException("cannot write shard " + file, io);
                }
            }
            throw e;
        }
    }

    /**
     * Opens a shard and checks it against the manifest's entry and spec.
     *
     * @throws InvalidInputException naming the file when it is missing, truncated, not HDF5, or of another shape
     */
    static ShardFile open(Path path, ShardEntry entry, StoreSpec spec) {
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException("shard file " + path + " listed in the manifest is missing");
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(path);
        } catch (RuntimeException e) {
            throw new InvalidInputException("shard file " + path + " is not a readable HDF5 file (truncated or "
                    + "corrupt?): " + e.getMessage(), e);
        }
        try {
            Hdf5Integrity.requireComplete(hdf, path);
            int n = entry.recordCount();
            int leads = spec.leads().size();
            Dataset sig = dataset(hdf, path, SIGNALS);
            expectShape(path, SIGNALS, sig, n, leads, spec.samples());
            if (!(sig instanceof ChunkedDataset chunked)
                    || !Arrays.equals(chunked.getChunkDimensions(), new int[] {1, leads, spec.samples()})) {
                throw new InvalidInputException("shard file " + path + ": dataset signals must be chunked one record "
                        + "per chunk [1, " + leads + ", " + spec.samples() + "]");
            }
            DataType type = sig.getDataType();
            boolean typeOk = spec.sampleType() == SampleType.FLOAT32
                    ? type instanceof FloatingPoint && type.getSize() == 4
                    : type instanceof FixedPoint fp && fp.isSigned() && type.getSize() == 2;
            if (!typeOk) {
                throw new InvalidInputException("shard file " + path + ": signals are " + sig.getJavaType()
                        + " of " + type.getSize() + " bytes, the manifest says " + spec.sampleType().label());
            }
            ByteOrder order = ((OrderedDataType) type).getByteOrder();

            Dataset idDs = dataset(hdf, path, IDS);
            expectShape(path, IDS, idDs, n);
            String[] ids = (String[]) idDs.getData();
            Dataset splitDs = dataset(hdf, path, SPLIT);
            expectShape(path, SPLIT, splitDs, n);
            byte[] splits = (byte[]) splitDs.getData();
            for (int i = 0; i < n; i++) {
                Split.ofCode(splits[i]);
            }
            Dataset tDs = dataset(hdf, path, TARGETS);
            expectShape(path, TARGETS, tDs, n, Target.ALL.size());
            double[] targets = flatten((double[][]) tDs.getData(), Target.ALL.size());
            Dataset fDs = dataset(hdf, path, FIDUCIALS);
            expectShape(path, FIDUCIALS, fDs, n, Fiducial.ALL.size());
            int[] fiducials = flatten((int[][]) fDs.getData(), Fiducial.ALL.size());
            return new ShardFile(path, hdf, chunked, order, spec, ids, splits, targets, fiducials);
        } catch (InvalidInputException e) {
            hdf.close();
            throw e;
        } catch (RuntimeException e) {
            hdf.close();
            throw new InvalidInputException("shard file " + path + " cannot be read: " + e, e);
        }
    }

    private static Dataset dataset(HdfFile hdf, Path path, String name) {
        Node node = hdf.getChildren().get(name);
        if (!(node instanceof Dataset ds)) {
            throw new InvalidInputException("shard file " + path + " has no dataset '" + name + "'");
        }
        return ds;
    }

    private static void expectShape(Path path, String name, Dataset ds, int... shape) {
        if (!Arrays.equals(ds.getDimensions(), shape)) {
            throw new InvalidInputException("shard file " + path + ": dataset " + name + " has shape "
                    + Arrays.toString(ds.getDimensions()) + ", expected " + Arrays.toString(shape));
        }
    }

    private static double[] flatten(double[][] rows, int width) {
        double[] flat = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    private static int[] flatten(int[][] rows, int width) {
        int[] flat = new int[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    Path path() {
        return path;
    }

    int count() {
        return ids.length;
    }

    String id(int local) {
        return ids[local];
    }

    String[] ids() {
        return ids;
    }

    byte splitCode(int local) {
        return splits[local];
    }

    double target(int local, int column) {
        return targets[local * Target.ALL.size() + column];
    }

    int fiducial(int local, int column) {
        return fiducials[local * Fiducial.ALL.size() + column];
    }

    /**
     * Decodes record {@code local}'s signal, in the stored lead layout, into {@code dst} as µV.
     *
     * @return bytes decompressed (the record's chunk)
     */
    int readSignal(int local, float[] dst, int offset) {
        byte[] chunk;
        try {
            chunk = signals.getDecompressedChunk(new int[] {local, 0, 0});
        } catch (RuntimeException e) {
            throw new InvalidInputException("shard file " + path + ": cannot read record " + local + " ("
                    + ids[local] + "): " + e.getMessage(), e);
        }
        ByteBuffer bytes = ByteBuffer.wrap(chunk).order(order);
        if (sampleType == SampleType.FLOAT32) {
            bytes.asFloatBuffer().get(dst, offset, values);
        } else {
            ShortBuffer s = bytes.asShortBuffer();
            for (int i = 0; i < values; i++) {
                dst[offset + i] = (float) (s.get(i) * scale);
            }
        }
        return chunk.length;
    }

    @Override
    public void close() {
        hdf.close();
    }
}
