package org.heatbench.training;

import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Target;
import org.heatbench.methods.runtime.ExecutionOptions;

/**
 * Everything that determines a training run (with the dataset). Defaults follow the reference study: MSE, Adam
 * lr 0.008, ReduceLROnPlateau(factor 0.5, patience 10) on the validation loss, batch 32.
 *
 * @param arch the network
 * @param target what to regress
 * @param epochs maximum epochs
 * @param batch records per step
 * @param lr initial learning rate
 * @param lrFactor plateau factor
 * @param patience plateau patience in epochs
 * @param seed seed of the initial weights and of the per-epoch shuffles
 * @param maxTrain at most this many training records (first in store order; 0 = all)
 * @param maxVal at most this many validation records (0 = all)
 * @param maxMinutes wall-clock budget: no epoch is started that would end after it (0 = none)
 * @param threads ONNX Runtime intra-op threads (0 = its default)
 * @param bnBatches training batches over which the BatchNormalization running statistics are re-estimated at the
 *     end of every epoch, before validation ({@link Trainer#recalibrate}); 0 keeps PyTorch's momentum averages only
 * @param augmentation training-batch augmentation ({@link Augmentation#NONE} in the study's settings)
 */
public record TrainingConfig(Architecture arch, Target target, int epochs, int batch, double lr, double lrFactor,
        int patience, long seed, int maxTrain, int maxVal, double maxMinutes, int threads, int bnBatches,
        Augmentation augmentation) {

    /** Default {@link #bnBatches()}: 100 batches (3,200 records at batch 32). */
    public static final int DEFAULT_BN_BATCHES = 100;

    public TrainingConfig {
        if (epochs < 1 || batch < 2 || !(lr > 0) || !(lrFactor > 0 && lrFactor <= 1) || patience < 0 || maxTrain < 0
                || maxVal < 0 || maxMinutes < 0 || threads < 0 || bnBatches < 0) {
            throw new ConfigurationException("invalid training settings: epochs >= 1, batch >= 2, lr > 0, "
                    + "0 < factor <= 1, patience >= 0 and non-negative limits are required");
        }
        if (augmentation == null) {
            throw new ConfigurationException("augmentation must be given (Augmentation.NONE for none)");
        }
    }

    /** The study's settings for {@code arch} and {@code target}: 100 epochs, batch 32, lr 0.008, seed 1. */
    public static TrainingConfig study(Architecture arch, Target target) {
        return new TrainingConfig(arch, target, 100, 32, 0.008, 0.5, 10, 1, 0, 0, 0, 0, DEFAULT_BN_BATCHES,
                Augmentation.NONE);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(arch, target, e, batch, lr, lrFactor, patience, seed, maxTrain, maxVal, maxMinutes,
                threads, bnBatches, augmentation);
    }

    public TrainingConfig withBatch(int b) {
        return new TrainingConfig(arch, target, epochs, b, lr, lrFactor, patience, seed, maxTrain, maxVal, maxMinutes,
                threads, bnBatches, augmentation);
    }

    public TrainingConfig withLr(double l) {
        return new TrainingConfig(arch, target, epochs, batch, l, lrFactor, patience, seed, maxTrain, maxVal,
                maxMinutes, threads, bnBatches, augmentation);
    }

    public TrainingConfig withPatience(int p) {
        return new TrainingConfig(arch, target, epochs, batch, lr, lrFactor, p, seed, maxTrain, maxVal, maxMinutes,
                threads, bnBatches, augmentation);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(arch, target, epochs, batch, lr, lrFactor, patience, s, maxTrain, maxVal, maxMinutes,
                threads, bnBatches, augmentation);
    }

    public TrainingConfig withLimits(int train, int val) {
        return new TrainingConfig(arch, target, epochs, batch, lr, lrFactor, patience, seed, train, val, maxMinutes,
                threads, bnBatches, augmentation);
    }

    public TrainingConfig withMaxMinutes(double m) {
        return new TrainingConfig(arch, target, epochs, batch, lr, lrFactor, patience, seed, maxTrain, maxVal, m,
                threads, bnBatches, augmentation);
    }

    public TrainingConfig withThreads(int t) {
        return new TrainingConfig(arch, target, epochs, batch, lr, lrFactor, patience, seed, maxTrain, maxVal,
                maxMinutes, t, bnBatches, augmentation);
    }

    public TrainingConfig withBnBatches(int b) {
        return new TrainingConfig(arch, target, epochs, batch, lr, lrFactor, patience, seed, maxTrain, maxVal,
                maxMinutes, threads, b, augmentation);
    }

    public TrainingConfig withAugmentation(Augmentation a) {
        return new TrainingConfig(arch, target, epochs, batch, lr, lrFactor, patience, seed, maxTrain, maxVal,
                maxMinutes, threads, bnBatches, a);
    }

    public TrainingConfig withLrFactor(double f) {
        return new TrainingConfig(arch, target, epochs, batch, lr, f, patience, seed, maxTrain, maxVal, maxMinutes,
                threads, bnBatches, augmentation);
    }

    /** @return ONNX Runtime options for training and evaluation: {@code threads} intra-op threads, 0 = the default */
    public ExecutionOptions executionOptions() {
        return threads > 0 ? ExecutionOptions.defaults().withIntraOpThreads(threads) : ExecutionOptions.defaults();
    }
}
