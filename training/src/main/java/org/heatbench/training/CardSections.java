package org.heatbench.training;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.GraphSession;

/**
 * The sections a regressor's and a classifier's model card share (docs in models/README.md), built in one place so
 * both cards say the same things in the same words. Each method returns a new mutable, insertion-ordered map that the
 * caller may extend. Stateless, thread-safe.
 */
final class CardSections {
    private CardSections() {
    }

    /** format, version, the model file and its SHA-256, the versions of HeatBench and ONNX Runtime, time, command. */
    static Map<String, Object> header(Path out, OnnxModel model, String command) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("format", "heatbench-model-card");
        c.put("format_version", 1);
        c.put("model", out.getFileName().toString());
        c.put("sha256", model.sha256());
        c.put("heatbench_version", HeatBenchVersion.get());
        c.put("onnxruntime_version", GraphSession.onnxRuntimeVersion());
        c.put("created", Instant.now().toString());
        c.put("command", command);
        return c;
    }

    static Map<String, Object> architecture(Architecture a) {
        Map<String, Object> ar = new LinkedHashMap<>();
        ar.put("name", a.name());
        ar.put("spec", a.toString());
        ar.put("parameters", a.parameterCount());
        ar.put("forward_flops_per_record", a.forwardFlops());
        return ar;
    }

    /** The training store: path, size, provenance (generator parameters or import source) and split policy. */
    static Map<String, Object> dataset(EcgStore store) {
        Map<String, Object> ds = new LinkedHashMap<>();
        ds.put("path", store.directory().toString());
        ds.put("records", store.size());
        ds.put("provenance", store.spec().provenance());
        ds.put("split_policy", store.spec().splitPolicy());
        return ds;
    }

    /**
     * The optimisation settings and how the run ended.
     *
     * @param loss the loss, in words
     * @param monitored the validation quantity the learning-rate schedule and the model selection follow
     * @param initialisedFrom the warm start's model and SHA-256, or null
     * @param augmentation the augmentation: its settings, or "none"
     */
    static Map<String, Object> training(TrainingConfig cfg, String loss, String monitored, int epochsCompleted,
            String stopReason, int bestEpoch, Map<String, Object> initialisedFrom, Object augmentation,
            double trainSeconds, double totalSeconds) {
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("loss", loss);
        tr.put("optimizer", "Adam (Kingma & Ba 2015), betas 0.9/0.999, eps 1e-8");
        tr.put("lr", cfg.lr());
        tr.put("schedule", "ReduceLROnPlateau on " + monitored + ", factor " + cfg.lrFactor() + ", patience "
                + cfg.patience());
        tr.put("batch", cfg.batch());
        tr.put("seed", cfg.seed());
        tr.put("epochs_requested", cfg.epochs());
        tr.put("epochs_completed", epochsCompleted);
        tr.put("stop_reason", stopReason);
        tr.put("best_epoch", bestEpoch);
        tr.put("kept", "best validation epoch (lowest " + monitored + ")");
        tr.put("batchnorm", "batch statistics in training (Ioffe & Szegedy 2015); running statistics momentum 0.1"
                + (cfg.bnBatches() > 0 ? ", re-estimated after every epoch over " + cfg.bnBatches()
                        + " training batches (precise BN, Wu & Johnson 2021)" : ""));
        if (initialisedFrom != null) {
            tr.put("initialised_from", initialisedFrom);
        }
        tr.put("augmentation", augmentation);
        tr.put("max_minutes", cfg.maxMinutes());
        tr.put("threads", cfg.threads());
        tr.put("training_seconds", trainSeconds);
        tr.put("total_seconds_this_invocation", totalSeconds);
        return tr;
    }
}
