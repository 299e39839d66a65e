package org.heatbench.harness.perturb;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.heatbench.core.HeatBenchVersion;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.GraphSession;
import org.heatbench.perturbation.run.RunResult;
import org.heatbench.perturbation.run.RunSpec;

/**
 * The {@code provenance} object of a {@code heatbench perturb} run's {@code summary.json} (docs/PERTURBATION.md):
 * tool and versions, the model and its SHA-256, output and target index, leads, target (and a class's settings),
 * methods, preset, parameters and seed, the dataset slice and the execution. Key names are part of the results
 * format.
 *
 * @param model {@code --model} as given
 * @param dataset {@code --dataset} as given
 * @param split {@code --split} as given
 * @param recordsLimit {@code --records}, or null for none
 */
record PerturbProvenance(Path model, Path dataset, String split, Integer recordsLimit) {

    /**
     * @param indices the store indices evaluated (at least one)
     * @param seconds the run's wall time, from before the results were opened to now
     * @return the provenance, in output order
     */
    Map<String, Object> toMap(OnnxModel onnx, EcgStore store, int[] indices, RunSpec s, RunResult r, double seconds) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", "heatbench perturb");
        p.put("heatbench_version", HeatBenchVersion.get());
        p.put("onnxruntime_version", GraphSession.onnxRuntimeVersion());
        p.put("java_version", System.getProperty("java.version"));
        p.put("created", Instant.now().toString());
        p.put("model", model.toString());
        p.put("model_sha256", onnx.sha256());
        p.put("output_index", s.outputIndex());
        p.put("target_index", s.targetIndex());
        p.put("leads", Lead.labels(r.leads()));
        p.put("target", s.key());
        if (s.classTarget() != null) {
            p.put("classification", ClassOptions.provenance(s));
        }
        p.put("methods", s.methodNames());
        p.put("preset", s.config().preset());
        p.put("parameters", s.config().parameters());
        p.put("seed", s.seed());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", dataset.toString());
        data.put("kind", store.spec().provenance().kind());
        data.put("source", store.spec().provenance().source());
        data.put("store_records", store.size());
        data.put("split", split);
        data.put("records_limit", recordsLimit);
        data.put("records", indices.length);
        data.put("first_index", indices[0]);
        data.put("last_index", indices[indices.length - 1]);
        p.put("dataset", data);
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("provider", r.provider());
        exec.put("threads", s.execution().intraOpThreads());
        exec.put("workers", s.workers());
        exec.put("chunk_records", s.chunkRecords());
        exec.put("batch_budget", s.budget().toString());
        exec.put("model_evaluations", r.modelEvaluations());
        exec.put("seconds", seconds);
        p.put("execution", exec);
        return p;
    }
}
