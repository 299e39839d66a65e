package org.heatbench.methods.backward;

import static org.heatbench.methods.backward.TestGraph.i;
import static org.heatbench.methods.backward.TestGraph.ints;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.InvalidInputException;
import org.heatbench.methods.onnx.InvalidModelException;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.onnx.TensorProtos;
import org.heatbench.methods.onnx.UnsupportedOperatorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs to the compiler fail at compile time with the documented exception and a message that names what is
 * wrong: unsupported operators (type, node, supported list), unsupported attribute values, targets and outputs out
 * of range, truncated model files, inputs whose rank or length contradicts the model.
 */
class CompilerErrorTest {
    private static final long[] ITEM = {3, 4};

    /** x [N,3,4] → MatMul → [N,3,2] → Flatten → Gemm → y [N,3]. */
    private static OnnxModel small() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 1, ITEM);
        String h = g.op("Flatten", g.op("MatMul", g.input(), g.weight(1, 4, 2)));
        return g.output(g.op("Gemm", List.of(h, g.weight(1, 6, 3)))).build("small.onnx");
    }

    @Test
    void unsupportedOperatorOnThePathFailsAtCompileTime() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 1, ITEM);
        String h = g.op("Hardmax", List.of(g.op("MatMul", g.input(), g.weight(1, 4, 4))), i("axis", -1));
        OnnxModel model = g.output(g.op("Mul", h, g.weight(1, 3, 4))).build("hardmax.onnx");
        // the model itself is fine: ONNX Runtime runs it, only differentiating it is impossible
        assertDoesNotThrow(() -> GraphAnalysis.of(model, ITEM));
        UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class,
                () -> BackwardCompiler.gradient().compile(model, ITEM, GradientRequest.of()));
        assertEquals("Hardmax", e.opType());
        assertEquals("Hardmax_2", e.nodeName());
        assertTrue(e.getMessage().contains("Hardmax") && e.getMessage().contains("'Hardmax_2'"), e.getMessage());
        for (String op : List.of("Conv", "MaxPool", "Gemm", "Relu", "Softmax")) {
            assertTrue(e.getMessage().contains(op), "supported list lacks " + op + ": " + e.getMessage());
        }
    }

    /** Every unsupported node that consumes a tensor depending on the input is listed, not only the first. */
    @Test
    void allUnsupportedOperatorsAreListed() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 1, ITEM);
        // LSTM reads x as [seq = N, batch = 3, input = 4]; Y is [N, 1, 3, 2]
        String y = g.opN("LSTM", List.of(g.input(), g.weight(0.5, 1, 8, 4), g.weight(0.5, 1, 8, 2)), 1,
                i("hidden_size", 2))[0];
        String lstm = g.op("MatMul", g.op("Squeeze", y, g.longs(1)), g.weight(1, 2, 4));
        String h = g.op("Hardmax", List.of(g.input()), i("axis", -1));
        OnnxModel model = g.output(g.op("Add", lstm, h)).build("lstm.onnx");
        UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class,
                () -> BackwardCompiler.gradient().compile(model, ITEM, GradientRequest.of()));
        assertEquals("LSTM", e.opType());
        assertEquals("LSTM_2", e.nodeName());
        assertTrue(e.getMessage().contains("Hardmax_7"), e.getMessage());
    }

    /** An operator without a rule is fine where no gradient flows through it. */
    @Test
    void unsupportedOperatorOffThePathIsAccepted() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 1, ITEM);
        String mask = g.op("Hardmax", List.of(g.weight(1, 3, 4)), i("axis", -1));
        String masked = g.op("Mul", g.op("Tanh", g.input()), mask);
        OnnxModel model = g.output(g.op("ReduceSum", masked, g.longs(-1))).build("hardmax-constant.onnx");
        GradientCheck.verify(model, GradientCheck.Precision.F32_SMOOTH, ITEM, GradientCheck.uniform(3, 24));
    }

    /** An attribute value a rule cannot handle is also a compile-time UnsupportedOperatorException. */
    @Test
    void unsupportedAttributeFailsAtCompileTime() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 1, ITEM);
        String s = g.op("Slice", g.input(), g.longs(-1), g.longs(-100), g.longs(2), g.longs(-1));
        OnnxModel model = g.output(s).build("reverse-slice.onnx");
        UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class,
                () -> BackwardCompiler.gradient().compile(model, ITEM, GradientRequest.of()));
        assertEquals("Slice", e.opType());
        assertTrue(e.getMessage().contains("step"), e.getMessage());
    }

    @Test
    void targetOutOfRangeNamesTheOutput() {
        OnnxModel model = small();
        String out = model.outputNames().get(0);
        assertDoesNotThrow(() -> BackwardCompiler.gradient().compile(model, ITEM, GradientRequest.target(2)));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> BackwardCompiler.gradient().compile(model, ITEM, GradientRequest.target(3)));
        assertTrue(e.getMessage().contains("'" + out + "'") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(ConfigurationException.class,
                () -> BackwardCompiler.gradient().compile(model, ITEM, GradientRequest.of().withOutputIndex(1)));
        assertTrue(e.getMessage().contains(out), e.getMessage());
        assertThrows(ConfigurationException.class, () -> GradientRequest.target(-1));
    }

    @Test
    void truncatedModelIsInvalid(@TempDir Path dir) throws IOException {
        byte[] bytes = small().toBytes();
        for (int n : new int[] {bytes.length / 2, bytes.length / 3, bytes.length - 1, 10}) {
            InvalidModelException e = assertThrows(InvalidModelException.class,
                    () -> OnnxModel.fromBytes(Arrays.copyOf(bytes, n), "truncated.onnx"), "cut at " + n);
            assertTrue(e.getMessage().contains("truncated.onnx"), e.getMessage());
        }
        Path file = dir.resolve("half.onnx");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> OnnxModel.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void inputRankOrLengthMismatch() {
        OnnxModel model = small();
        InvalidInputException rank = assertThrows(InvalidInputException.class,
                () -> BackwardCompiler.gradient().compile(model, new long[] {12}, GradientRequest.of()));
        assertTrue(rank.getMessage().contains("rank 3"), rank.getMessage());
        InvalidInputException length = assertThrows(InvalidInputException.class,
                () -> BackwardCompiler.gradient().compile(model, new long[] {3, 5}, GradientRequest.of()));
        assertTrue(length.getMessage().contains("5") && length.getMessage().contains("4"), length.getMessage());
    }

    @Test
    void outputNotDependingOnTheInput() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 1, ITEM);
        // only the shape of x reaches the output
        String n = g.op("Cast", List.of(g.op("Shape", g.input())), i("to", TensorProtos.FLOAT));
        OnnxModel model = g.output(g.op("Mul", n, g.weight(1, 3))).build("shape-only.onnx");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> BackwardCompiler.gradient().compile(model, ITEM, GradientRequest.of()));
        assertTrue(e.getMessage().contains("does not depend"), e.getMessage());
    }

    /** Reducing over the batch axis would mix records: refused at compile time. */
    @Test
    void reductionOverTheBatchIsRefused() {
        TestGraph g = new TestGraph(TensorProtos.FLOAT, 1, ITEM);
        OnnxModel model = g.output(g.op("ReduceSum", List.of(g.input()), i("keepdims", 1))).build("all.onnx");
        assertThrows(UnsupportedOperatorException.class,
                () -> BackwardCompiler.gradient().compile(model, ITEM, GradientRequest.of()));
        TestGraph g2 = new TestGraph(TensorProtos.FLOAT, 1, ITEM);
        OnnxModel m2 = g2.output(g2.op("ReduceMean", List.of(g2.input()), ints("axes", 0, 2))).build("batch.onnx");
        assertThrows(UnsupportedOperatorException.class,
                () -> BackwardCompiler.gradient().compile(m2, ITEM, GradientRequest.of()));
    }
}
