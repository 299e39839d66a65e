package org.heatbench.methods.runtime;

import org.heatbench.core.ConfigurationException;

/**
 * How compiled graphs are executed. Immutable; use the withers.
 *
 * @param provider the requested execution provider; CUDA falls back to CPU with a logged warning when unavailable
 *     (see {@link GraphSession#provider()} for the provider actually used)
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (all cores)
 * @param deviceId CUDA device index
 * @param maxBatchRows upper bound on rows sent to one session run by sampling methods (steps × records), which caps
 *     the activation memory of a run
 */
public record ExecutionOptions(Provider provider, int intraOpThreads, int deviceId, int maxBatchRows) {

    public ExecutionOptions {
        if (provider == null) {
            throw new ConfigurationException("execution provider must be given");
        }
        if (intraOpThreads < 0) {
            throw new ConfigurationException("threads must be >= 0 (0 = all cores), got " + intraOpThreads);
        }
        if (deviceId < 0) {
            throw new ConfigurationException("CUDA device id must be >= 0, got " + deviceId);
        }
        if (maxBatchRows < 1) {
            throw new ConfigurationException("max batch rows must be >= 1, got " + maxBatchRows);
        }
    }

    /** CPU, ONNX Runtime's default thread count, at most 512 rows per run. */
    public static ExecutionOptions defaults() {
        return new ExecutionOptions(Provider.CPU, 0, 0, 512);
    }

    public ExecutionOptions withProvider(Provider p) {
        return new ExecutionOptions(p, intraOpThreads, deviceId, maxBatchRows);
    }

    public ExecutionOptions withIntraOpThreads(int n) {
        return new ExecutionOptions(provider, n, deviceId, maxBatchRows);
    }

    public ExecutionOptions withDeviceId(int id) {
        return new ExecutionOptions(provider, intraOpThreads, id, maxBatchRows);
    }

    public ExecutionOptions withMaxBatchRows(int rows) {
        return new ExecutionOptions(provider, intraOpThreads, deviceId, rows);
    }
}
