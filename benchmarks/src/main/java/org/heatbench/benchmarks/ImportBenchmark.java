package org.heatbench.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.heatbench.datasets.importers.SourceRecord;
import org.heatbench.datasets.importers.muse.MuseSource;
import org.heatbench.datasets.importers.wfdb.WfdbRecord;
import org.heatbench.datasets.importers.wfdb.WfdbSource;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Import speed of the real-recording readers, one record per operation (ops/s = records/s, one thread):
 * <ul>
 *   <li>{@code museXml}: parse a GE MUSE file the size of the real exports (8 leads, 600-sample median + 5,000-sample
 *       rhythm, base64 int16, ~140 kB) from memory into a median record with targets, fiducials, V5 amplitudes;</li>
 *   <li>{@code wfdbFormat16}: read a PTB-XL-sized WFDB record from disk (header + 12 × 1,000 format-16 samples,
 *       24 kB; page cache warm) and turn it into a source record.</li>
 * </ul>
 * The data are written by the benchmark (no real file is needed). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar ImportBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ImportBenchmark {
    private static final String[] LEADS = {"I", "II", "V1", "V2", "V3", "V4", "V5", "V6"};
    private static final int RECORDS = 64;

    private byte[] muse;
    private MuseSource museSource;
    private Path dir;
    private Path[] headers;
    private WfdbSource wfdbSource;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        muse = syntheticMuseXml().getBytes(StandardCharsets.ISO_8859_1);
        museSource = new MuseSource(Path.of("bench.xml"), MuseSource.Waveform.MEDIAN, 10);
        dir = Files.createTempDirectory("heatbench-import-bench");
        headers = new Path[RECORDS];
        for (int r = 0; r < RECORDS; r++) {
            headers[r] = writeWfdb(dir, String.format(Locale.ROOT, "%05d_lr", r + 1), r);
        }
        wfdbSource = new WfdbSource(dir, WfdbSource.ChecksumPolicy.REJECT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * CPU time of the benchmark thread, so that records per CPU-second can be read off even when the shared machine
     * is overloaded (wall-clock ops/s then mostly measures the other processes): records / (cpuMicros / 1e6).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuCounter {
        public long cpuMicros;
        public long records;
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Benchmark
    public SourceRecord museXml(CpuCounter c) {
        long t0 = CPU.getCurrentThreadCpuTime();
        SourceRecord r = museSource.read(muse, "bench.xml", "bench");
        c.cpuMicros += (CPU.getCurrentThreadCpuTime() - t0) / 1000;
        c.records++;
        return r;
    }

    @Benchmark
    public SourceRecord wfdbFormat16(CpuCounter c) {
        long t0 = CPU.getCurrentThreadCpuTime();
        Path h = headers[next++ % RECORDS];
        SourceRecord r = wfdbSource.toSource(WfdbRecord.read(h));
        c.cpuMicros += (CPU.getCurrentThreadCpuTime() - t0) / 1000;
        c.records++;
        return r;
    }

    private static String lead(String id, int samples, int seed) {
        ByteBuffer b = ByteBuffer.allocate(2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        for (int t = 0; t < samples; t++) {
            b.putShort((short) (200 * Math.sin((t + seed) / 40.0) + (t % 7)));
        }
        CRC32 crc = new CRC32();
        crc.update(b.array());
        return "<LeadData><LeadByteCountTotal>" + 2 * samples + "</LeadByteCountTotal><LeadSampleCountTotal>" + samples
                + "</LeadSampleCountTotal><LeadAmplitudeUnitsPerBit>4.88</LeadAmplitudeUnitsPerBit>"
                + "<LeadAmplitudeUnits>MICROVOLTS</LeadAmplitudeUnits><LeadID>" + id + "</LeadID>"
                + "<LeadSampleSize>2</LeadSampleSize><LeadDataCRC32>" + crc.getValue() + "</LeadDataCRC32>"
                + "<WaveFormData>\n" + Base64.getMimeEncoder().encodeToString(b.array()) + "\n</WaveFormData></LeadData>\n";
    }

    static String syntheticMuseXml() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                + "<!DOCTYPE RestingECG SYSTEM \"restecg.dtd\">\n<RestingECG><RestingECGMeasurements>"
                + "<VentricularRate>60</VentricularRate><PRInterval>160</PRInterval><QRSDuration>90</QRSDuration>"
                + "<QTInterval>400</QTInterval><POnset>138</POnset><POffset>190</POffset><QOnset>218</QOnset>"
                + "<QOffset>263</QOffset><TOffset>418</TOffset><ECGSampleBase>500</ECGSampleBase>"
                + "</RestingECGMeasurements>\n");
        for (String type : new String[] {"Median", "Rhythm"}) {
            int n = type.equals("Median") ? 600 : 5000;
            sb.append("<Waveform><WaveformType>").append(type).append("</WaveformType><SampleBase>500</SampleBase>");
            for (int k = 0; k < LEADS.length; k++) {
                sb.append(lead(LEADS[k], n, k));
            }
            sb.append("</Waveform>\n");
        }
        return sb.append("</RestingECG>\n").toString();
    }

    private static Path writeWfdb(Path dir, String name, int seed) {
        String[] names = {"I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6"};
        int n = 1000;
        ByteBuffer b = ByteBuffer.allocate(2 * 12 * n).order(ByteOrder.LITTLE_ENDIAN);
        int[] sums = new int[12];
        int[] first = new int[12];
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < 12; k++) {
                short v = (short) (300 * Math.sin((t + seed + k) / 30.0));
                b.putShort(v);
                sums[k] += v;
                first[k] = t == 0 ? v : first[k];
            }
        }
        StringBuilder h = new StringBuilder(name + " 12 100 " + n + "\n");
        for (int k = 0; k < 12; k++) {
            h.append(name).append(".dat 16 1000.0(0)/mV 16 0 ").append(first[k]).append(' ').append((short) sums[k])
                    .append(" 0 ").append(names[k]).append('\n');
        }
        try {
            Files.write(dir.resolve(name + ".dat"), b.array());
            Path hea = dir.resolve(name + ".hea");
            Files.writeString(hea, h.toString(), StandardCharsets.US_ASCII);
            return hea;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
