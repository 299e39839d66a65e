package org.heatbench.harness.compile;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heatbench.core.ConfigurationException;
import org.heatbench.harness.OutputGuard;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.attribution.AttributionGraphExport;
import org.heatbench.methods.onnx.OnnxModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heatbench compile}: writes a method's attribution graph for one model as a standalone ONNX model (see
 * {@link AttributionGraphExport}) that Python, C++ or GPU runtimes run without Java. Refuses to overwrite an existing
 * file and to write over the model; writes to a temporary file and renames it.
 */
@Command(name = "compile", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write an attribution method's compiled graph as a standalone ONNX model "
                + "(input: the ECG batch, plus 'noise' [samples, N, ...] for smoothgrad and gradient_shap, "
                + "'baselines' and 'alpha' for gradient_shap; output: 'attribution').")
public final class CompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file (opset 13+)")
    Path model;

    @Option(names = "--method", required = true, description = "method name, optionally with parameters: NAME[:key=value,...]")
    String method;

    @Option(names = {"--target-index", "--target"}, defaultValue = "0",
            description = "index of the explained value within one record's output (default: ${DEFAULT-VALUE})")
    int target;

    @Option(names = "--output-index", defaultValue = "0", description = "which model output (default: ${DEFAULT-VALUE})")
    int outputIndex;

    @Option(names = "--item-shape", split = ",", description = "input shape without the batch, e.g. 12,2500 (default: the model's declared input shape)")
    long[] itemShape;

    @Option(names = "--out", required = true, description = "ONNX file to write (must not exist)")
    Path out;

    private final MethodRegistry methods;

    public CompileCommand(MethodRegistry methods) {
        this.methods = methods;
    }

    @Override
    public Integer call() {
        MethodSpec m = methods.resolve(method);
        // never the model, never an existing file (there is no --overwrite: a compiled graph is cheap to rewrite
        // under a new name)
        OutputGuard.check("--out", out, false, Map.of("--model", model));
        OnnxModel onnx = OnnxModel.load(model);
        long[] item = itemShape != null ? itemShape : declaredItem(onnx);
        OnnxModel graph = AttributionGraphExport.export(m, onnx, new AttributionTarget(outputIndex, target, item));
        Path dir = out.toAbsolutePath().getParent();
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
            try {
                graph.write(tmp);
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %s: %s on %s, target %d, input '%s' [N, %s]%s -> '%s' [N, %s]%n", out, m, model, target,
                onnx.inputName(), join(item), extraInputs(m.name(), item),
                AttributionGraphExport.OUTPUT, join(item));
        w.flush();
        return 0;
    }

    private static String extraInputs(String method, long[] item) {
        String noise = " and '" + AttributionGraphExport.NOISE + "' [samples, N, " + join(item) + "] (standard normal)";
        return switch (method) {
            case "smoothgrad" -> noise;
            case "gradient_shap" -> noise + ", '" + AttributionGraphExport.BASELINES + "' [samples, N, " + join(item)
                    + "], '" + AttributionGraphExport.ALPHA + "' [samples, N] (uniform on [0, 1])";
            default -> "";
        };
    }

    private static String join(long[] item) {
        return String.join(", ", Arrays.stream(item).mapToObj(Long::toString).toList());
    }

    private long[] declaredItem(OnnxModel onnx) {
        long[] d = onnx.declaredInputShape();
        long[] item = Arrays.copyOfRange(d, 1, d.length);
        for (long v : item) {
            if (v <= 0) {
                throw new ConfigurationException("input '" + onnx.inputName() + "' of " + model
                        + " has a dynamic dimension " + Arrays.toString(d) + "; give --item-shape, e.g. 12,2500");
            }
        }
        return item;
    }
}
