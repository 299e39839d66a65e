package org.heatbench.harness.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.CliRun;
import org.heatbench.harness.attribute.AttributeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability suite, concern "loud non-finite and sane values": NaN/Inf attributions are skipped, counted and change
 * the exit status; duplicate ids and physiologically absurd values are refused at import with the record named.
 */
class NonFiniteReliabilityTest {
    static final Path CNN = Path.of("../examples/reference_cnn.onnx");
    static final Path ECGS = Path.of("../examples/reference_ecgs.h5");

    @TempDir
    Path tmp;

    @Test
    void aModelWithNaNWeightsIsAnErrorNotAFileOfNaN() throws Exception {
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(CNN));
        ModelProto.Builder b = proto.toBuilder();
        for (int i = 0; i < proto.getGraph().getInitializerCount(); i++) {
            TensorProto t = proto.getGraph().getInitializer(i);
            if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getRawData().size() > 64) {
                ByteBuffer nan = ByteBuffer.allocate(t.getRawData().size()).order(ByteOrder.LITTLE_ENDIAN);
                while (nan.hasRemaining()) {
                    nan.putFloat(Float.NaN);
                }
                b.getGraphBuilder().setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(nan.array())));
                break;
            }
        }
        Path model = tmp.resolve("nan.onnx");
        Files.write(model, b.build().toByteArray());
        Path out = tmp.resolve("a.h5");
        CliRun r = CliRun.of("attribute", "--model", model.toString(), "--input", ECGS.toString(), "--method",
                "saliency", "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("every attribution is NaN or infinite (16 of 16 records"), r.err());
        assertFalse(Files.exists(out), "no file that looks like a result");
    }

    @Test
    void recordsWithNonFiniteAttributionsAreSkippedCountedAndChangeTheExitStatus() throws Exception {
        float[][][] x;
        try (HdfFile f = new HdfFile(ECGS)) {
            x = (float[][][]) f.getDatasetByPath("/inputs").getData();
        }
        for (float[] lead : x[3]) {
            java.util.Arrays.fill(lead, 3e38f); // finite input, but the output overflows: LRP starts from it
        }
        Path in = tmp.resolve("overflow.h5");
        try (WritableHdfFile f = HdfFile.write(in)) {
            f.putDataset("inputs", x);
        }
        Path out = tmp.resolve("o.h5");
        CliRun r = CliRun.of("attribute", "--model", CNN.toString(), "--input", in.toString(), "--method",
                "lrp", "--out", out.toString());
        assertEquals(AttributeCommand.NON_FINITE, r.exit(), r.err());
        assertTrue(r.err().contains("WARNING: 1 of 16 records skipped because their attribution is NaN or infinite"),
                r.err());
        try (HdfFile f = new HdfFile(out)) {
            assertArrayEquals(new int[] {3}, (int[]) f.getDatasetByPath("/nonfinite_attribution_records").getData());
            assertEquals(1L, f.getDatasetByPath("/attributions").getAttribute("records_skipped").getData());
            float[][][] a = (float[][][]) f.getDatasetByPath("/attributions").getData();
            assertTrue(Float.isNaN(a[3][0][0]));
            assertTrue(Float.isFinite(a[2][0][0]));
        }
    }

    private static void studyH5(Path file, short value, String attr, int attrValue) throws Exception {
        Files.createDirectories(file.getParent());
        short[][] median = new short[600][12];
        for (short[] row : median) {
            java.util.Arrays.fill(row, value);
        }
        try (WritableHdfFile f = HdfFile.write(file)) {
            f.putDataset("median", median).putAttribute(attr, attrValue);
        }
    }

    @Test
    void duplicateIdsAndAbsurdValuesAreRejectedWithTheRecordNamed() throws Exception {
        Path in = tmp.resolve("h5");
        studyH5(in.resolve("a/p1.h5"), (short) 100, "qt", 400);
        studyH5(in.resolve("b/p1.h5"), (short) 100, "qt", 410);           // same id in another folder
        studyH5(in.resolve("p2.h5"), (short) 100, "qt", -420);            // QT of -420 ms
        studyH5(in.resolve("p3.h5"), (short) 30000, "qt", 400);           // 30000 x 2 uV = 60 mV
        studyH5(in.resolve("p4.h5"), (short) 100, "qt", 380);
        Path store = tmp.resolve("store");
        CliRun r = CliRun.of("dataset", "import", "--format", "study-h5", "--input", in.toString(), "--out",
                store.toString(), "--scale", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("imported 2, rejected 3 (of 5 read)"), r.out());
        assertTrue(r.out().contains("(p1): duplicate record id 'p1'"), r.out());
        assertTrue(r.out().contains("(p2): target qt = -420.0 ms is not plausible"), r.out());
        assertTrue(r.out().contains("(p3): lead I sample 0 is 6.000e+04 uV, beyond the plausible"), r.out());
        try (EcgStore s = EcgStore.open(store)) {
            assertEquals(2, s.size());
        }
        CliRun strict = CliRun.of("dataset", "import", "--format", "study-h5", "--input", in.toString(), "--out",
                store.toString(), "--scale", "2", "--overwrite", "--strict");
        assertEquals(3, strict.exit());
    }
}
