package org.heatbench.methods.backward;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.methods.runtime.GraphSession;

/** Values of every floating tensor of a model for one input batch (e.g. DeepLIFT's baseline activations). */
public final class ForwardValues {
    private ForwardValues() {
    }

    /**
     * Runs the analysed model on {@code input} and returns every floating tensor's value by name (the model input
     * included).
     */
    public static Map<String, FloatTensor> of(GraphAnalysis analysis, FloatTensor input) {
        List<String> names = new ArrayList<>();
        for (String t : analysis.tensorNames()) {
            if (analysis.info(t).isFloating() && !t.endsWith("__hb_probe")) {
                names.add(t);
            }
        }
        try (GraphSession s = GraphSession.create(GraphAnalysis.exposeAll(analysis.model()),
                ExecutionOptions.defaults().withIntraOpThreads(1))) {
            Map<String, FloatTensor> values = new java.util.HashMap<>(s.run(analysis.model().inputName(), input, names));
            values.put(analysis.model().inputName(), input);
            return values;
        }
    }
}
