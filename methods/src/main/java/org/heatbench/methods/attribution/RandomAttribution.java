package org.heatbench.methods.attribution;

import java.util.Arrays;
import org.heatbench.core.InvalidInputException;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * The floor every method must beat: i.i.d. N(0, 1) per input value, from each record's own seed. The model is not
 * run (but its input shape is checked).
 */
public final class RandomAttribution implements AttributionMethod {
    private static final long SALT = 0x5261_6e64_6f6d_0001L;
    private final MethodSpec spec;

    RandomAttribution(MethodSpec spec) {
        this.spec = spec;
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    @Override
    public Attributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
        long[] declared = model.declaredInputShape();
        long[] item = target.itemShape();
        if (declared.length != item.length + 1) {
            throw new InvalidInputException("model '" + model.source() + "' expects inputs of rank " + declared.length
                    + ", data items have shape " + Arrays.toString(item));
        }
        return new Attributor() {
            @Override
            public MethodSpec spec() {
                return spec;
            }

            @Override
            public Attribution attribute(FloatTensor x, long[] seeds) {
                if (!Arrays.equals(x.itemShape(), item)) {
                    throw new InvalidInputException("random: input items have shape " + Arrays.toString(x.itemShape())
                            + ", expected " + Arrays.toString(item));
                }
                x.requireFinite("random input");
                int n = x.batchSize();
                int size = x.itemSize();
                float[] out = new float[x.data().length];
                for (int r = 0; r < n; r++) {
                    RecordRandom rnd = new RecordRandom(seeds[r], SALT);
                    for (int j = 0; j < size; j++) {
                        out[r * size + j] = (float) rnd.gaussian();
                    }
                }
                return new Attribution(new FloatTensor(out, x.shape()), null, null);
            }

            @Override
            public String provider() {
                return "none";
            }

            @Override
            public void close() {
                // nothing to free
            }
        };
    }
}
