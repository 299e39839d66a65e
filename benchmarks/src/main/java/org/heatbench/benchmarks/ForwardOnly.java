package org.heatbench.benchmarks;

import java.util.List;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;

/** The plain forward pass through the same session code: the peer every method is measured against. */
final class ForwardOnly implements AutoCloseable {
    private final GraphSession session;
    private final String input;
    private final List<String> outputs;

    ForwardOnly(OnnxModel model, ExecutionOptions options) {
        this.session = GraphSession.create(model, options);
        this.input = model.inputName();
        this.outputs = model.outputNames();
    }

    float[] run(FloatTensor x) {
        return session.run(input, x, outputs).get(outputs.get(0)).data();
    }

    @Override
    public void close() {
        session.close();
    }
}
