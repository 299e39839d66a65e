package org.heatbench.methods.modified;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.methods.Attribution;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodSpec;
import org.heatbench.methods.attribution.CompiledAttributor;
import org.heatbench.methods.backward.BackwardCompiler;
import org.heatbench.methods.backward.BackwardPass;
import org.heatbench.methods.backward.CompiledGradient;
import org.heatbench.methods.backward.GraphAnalysis;
import org.heatbench.methods.backward.GradientRequest;
import org.heatbench.methods.backward.RuleSet;
import org.heatbench.methods.backward.TensorInfo;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017) for 1-D (and 2-D) convolutional layers, Captum's {@code LayerGradCam}:
 * w_c = mean over positions of ∂f/∂A_c, cam = Σ_c w_c A_c (ReLU with {@code relu=true}), upsampled to the input's
 * length ({@code interpolation=nearest|linear}, align_corners=False) and repeated over leads. {@code guided=true} is
 * Guided Grad-CAM: guided backprop ⊙ upsampled ReLU(cam), both from ONE compiled graph: a guided backward pass to the
 * input and a plain backward pass from the output down to the layer only.
 *
 * <p>The layer is an ONNX tensor name ({@code layer=}); the default is the output of the last Conv node.
 */
public final class GradCam implements AttributionMethod {
    private final MethodSpec spec;
    private final boolean guided;

    GradCam(MethodSpec spec, boolean guided) {
        this.spec = spec;
        this.guided = guided;
    }

    @Override
    public MethodSpec spec() {
        return spec;
    }

    /** @return the output of the last Conv node on the path, the default Grad-CAM layer */
    public static String lastConv(OnnxModel model) {
        String last = null;
        for (NodeProto n : model.graph().getNodeList()) {
            if (n.getOpType().equals("Conv")) {
                last = n.getOutput(0);
            }
        }
        if (last == null) {
            throw new ConfigurationException("model '" + model.source() + "' has no Conv node; name a layer with layer=");
        }
        return last;
    }

    @Override
    public GradCamAttributor compile(OnnxModel model, AttributionTarget target, ExecutionOptions options) {
        String layer = spec.get("layer").isEmpty() ? lastConv(model) : spec.get("layer");
        GradientRequest request = new GradientRequest(target.outputIndex(), target.target(), List.of(layer));
        GraphAnalysis analysis = BackwardCompiler.analyse(model, target.itemShape(), request);
        checkConvLike(analysis, model, layer);

        List<BackwardPass> passes = new ArrayList<>();
        passes.add(BackwardPass.toLayers("cam", RuleSet.gradient(), layer, List.of(layer)));
        if (guided) {
            passes.add(BackwardPass.toInput("guided", ModifiedRules.guidedBackprop()));
        }
        CompiledGradient cg = BackwardCompiler.compile(analysis, request, passes, Map.of());
        return new GradCamAttributor(spec, cg, target, options, layer, analysis.info(layer), guided);
    }

    private static void checkConvLike(GraphAnalysis analysis, OnnxModel model, String layer) {
        boolean exists = analysis.has(layer);
        if (exists) {
            TensorInfo t = analysis.info(layer);
            if (t.isFloating() && t.rank() >= 3 && t.isBatchDim(0) && !t.isBatchDim(1)) {
                return;
            }
        }
        // candidates come from the user's model as given (the analysis may have folded Conv outputs away)
        GraphAnalysis original = GraphAnalysis.of(model, analysis.itemShape());
        List<String> convs = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (NodeProto n : original.model().graph().getNodeList()) {
            for (String o : n.getOutputList()) {
                if (original.has(o)) {
                    TensorInfo i = original.info(o);
                    if (i.isFloating() && i.rank() >= 3 && i.isBatchDim(0) && !i.isBatchDim(1)) {
                        (n.getOpType().equals("Conv") ? convs : others).add(o);
                    }
                }
            }
        }
        convs.addAll(others);
        throw new ConfigurationException("Grad-CAM layer '" + layer + "' "
                + (exists ? "of '" + model.source() + "' has shape " + analysis.info(layer)
                        + "; it needs a convolutional activation [N, channels, positions...]"
                        : "is not a tensor of '" + model.source() + "'")
                + ". Candidate tensors (Conv outputs first): " + convs);
    }

    /** The compiled method; {@link #rawCam} gives the layer-resolution CAM. */
    public static final class GradCamAttributor extends CompiledAttributor {
        private final String layer;
        private final TensorInfo layerInfo;
        private final boolean guided;
        private final boolean relu;
        private final String interpolation;

        GradCamAttributor(MethodSpec spec, CompiledGradient cg, AttributionTarget target, ExecutionOptions options,
                String layer, TensorInfo layerInfo, boolean guided) {
            super(spec, cg, target, options);
            this.layer = layer;
            this.layerInfo = layerInfo;
            this.guided = guided;
            this.relu = guided || spec.getBoolean("relu");
            this.interpolation = spec.get("interpolation");
        }

        /** @return the layer's tensor name */
        public String layer() {
            return layer;
        }

        /** @return the CAM at the layer's resolution, {@code [N, positions]} (ReLU applied if configured) */
        public synchronized FloatTensor rawCam(FloatTensor x) {
            check(x);
            Map<String, FloatTensor> out = runOutputs(x);
            return cam(out, x.batchSize());
        }

        private FloatTensor cam(Map<String, FloatTensor> out, int n) {
            CompiledGradient.LayerOutputs lo = compiled().pass("cam").layers().get(layer);
            FloatTensor act = out.get(lo.activation());
            FloatTensor grad = out.get(lo.gradient());
            int c = (int) layerInfo.dim(1);
            int t = act.data().length / (n * c);
            return FloatTensor.of(CamMath.cam(act.data(), grad.data(), n, c, t, relu), n, t);
        }

        @Override
        protected Attribution compute(FloatTensor x, long[] seeds) {
            int n = x.batchSize();
            Map<String, FloatTensor> out = runOutputs(x);
            FloatTensor cam = cam(out, n);
            long[] item = x.itemShape();
            int samples = (int) item[item.length - 1];
            int leads = x.itemSize() / samples;
            int t = (int) cam.dim(1);
            if (layerInfo.rank() != 3) {
                throw new ConfigurationException("Grad-CAM upsampling to the input is implemented for 1-D layers; "
                        + "layer '" + layer + "' is " + layerInfo + " (use rawCam)");
            }
            float[] up = CamMath.upsample(cam.data(), n, t, samples, interpolation);
            float[] map = CamMath.broadcastLeads(up, n, leads, samples);
            if (guided) {
                float[] gb = out.get(compiled().pass("guided").inputGrad()).data();
                for (int i = 0; i < map.length; i++) {
                    map[i] *= gb[i];
                }
            }
            float[] y = predictions(out, n);
            return new Attribution(new FloatTensor(map, x.shape()), y, null);
        }

        @Override
        protected List<String> outputs() {
            List<String> o = new ArrayList<>();
            o.add(compiled().outputName());
            CompiledGradient.LayerOutputs lo = compiled().pass("cam").layers().get(layer);
            o.add(lo.activation());
            o.add(lo.gradient());
            if (guided) {
                o.add(compiled().pass("guided").inputGrad());
            }
            return o;
        }

        @Override
        public String toString() {
            return spec() + " on " + layer + " " + Arrays.toString(layerInfo.dims());
        }
    }
}
