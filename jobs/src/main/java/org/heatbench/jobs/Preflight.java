package org.heatbench.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.datasets.Fiducials;
import org.heatbench.datasets.store.EcgBatch;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.perturbation.run.ChunkEvaluator;
import org.heatbench.results.GalleryFile;
import org.heatbench.results.RunLayout;

/**
 * The driver's checks before Spark starts: every method is compiled for every target's model (an unsupported
 * operator or a bad layer fails here, in seconds, naming the target), the gallery's attributions are saved, and the
 * forward rate of one task slot is measured for the estimate. Stateless.
 */
final class Preflight {
    private Preflight() {
    }

    /**
     * Runs the checks and writes the gallery files that are missing.
     *
     * @param models model bytes by SHA-256
     * @return forwards per second of one task slot (the first target's model)
     * @throws ConfigurationException naming the target when a method cannot be compiled for its model
     */
    static double run(RunPlan plan, MethodRegistry registry, Map<String, byte[]> models) {
        RunLayout layout = plan.layout();
        double rate = Double.NaN;
        try (EcgStore store = EcgStore.open(Path.of(plan.storePath()))) {
            for (RunPlan.TargetPlan t : plan.targets()) {
                OnnxModel model = OnnxModel.fromBytes(models.get(t.sha256()), t.model());
                try (ChunkEvaluator pipeline = compile(plan, registry, t, model, store)) {
                    if (Double.isNaN(rate)) {
                        rate = forwardRate(plan, t, pipeline, store);
                    }
                    if (plan.gallery().length > 0 && !Files.exists(layout.gallery(t.target()))) {
                        writeGallery(plan, t, pipeline, store, plan.gallery());
                    }
                }
            }
        }
        return rate;
    }

    private static ChunkEvaluator compile(RunPlan plan, MethodRegistry registry, RunPlan.TargetPlan t,
            OnnxModel model, EcgStore store) {
        try {
            return ChunkEvaluator.create(model, plan.runSpec(t, registry), t.leadList(), store.samples(),
                    store.samplingRateHz(), plan.executionOptions());
        } catch (HeatBenchException e) {
            throw new ConfigurationException("targets." + t.target() + " (model " + t.model() + "): "
                    + e.getMessage(), e);
        }
    }

    private static double forwardRate(RunPlan plan, RunPlan.TargetPlan t, ChunkEvaluator pipeline, EcgStore store) {
        int[] idx = new int[64];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = plan.indices()[i % plan.indices().length];
        }
        EcgBatch b = store.read(idx, t.leadList());
        pipeline.predict(b);
        long t0 = System.nanoTime();
        int reps = 0;
        while (reps < 3 || System.nanoTime() - t0 < 300_000_000L) {
            pipeline.predict(b);
            reps++;
        }
        return reps * idx.length / ((System.nanoTime() - t0) / 1e9);
    }

    private static void writeGallery(RunPlan plan, RunPlan.TargetPlan t, ChunkEvaluator pipeline, EcgStore store,
            int[] indices) {
        EcgBatch b = store.read(indices, t.leadList());
        List<RecordInput> inputs = pipeline.attribute(b);
        float[] prediction = pipeline.predict(b);
        int n = b.size();
        if (pipeline.classification() != null) {
            // a class is shown as its followed score (probability or logit: the target's unit), its truth the label
            for (int i = 0; i < n; i++) {
                prediction[i] = (float) pipeline.classification().score(prediction[i]);
            }
        }
        List<float[]> attributions = new ArrayList<>();
        int item = t.leads().size() * store.samples();
        for (String m : pipeline.methodNames()) {
            float[] a = new float[n * item];
            for (int i = 0; i < n; i++) {
                System.arraycopy(inputs.get(i).attributions().get(m), 0, a, i * item, item);
            }
            attributions.add(a);
        }
        double[] truth = new double[n];
        int[] fid = new int[n * GalleryFile.FIDUCIALS.size()];
        for (int i = 0; i < n; i++) {
            truth[i] = inputs.get(i).truth();
            Fiducials f = b.fiducials(i);
            System.arraycopy(f.toArray(), 0, fid, i * GalleryFile.FIDUCIALS.size(), GalleryFile.FIDUCIALS.size());
        }
        GalleryFile.write(plan.layout().gallery(t.target()), new GalleryFile.Gallery(t.target(), t.unit(),
                pipeline.methodNames(), t.leads(), store.samplingRateHz(), store.samples(), b.ids(), b.indices(), truth,
                prediction, fid, b.signals(), attributions, t.model(), t.sha256(), plan.spec().seed(),
                HeatBenchVersion.get()));
    }
}
