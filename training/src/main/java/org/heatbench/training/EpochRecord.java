package org.heatbench.training;

/**
 * One epoch of a training run.
 *
 * @param epoch 1-based
 * @param trainLoss mean training MSE over the epoch's steps (normalised scale)
 * @param valLoss validation MSE (normalised scale, eval mode)
 * @param valMae validation MAE in the target's unit
 * @param lr learning rate used during the epoch
 * @param seconds wall-clock time of the epoch (training + validation)
 * @param samplesPerSecond training samples per second of the epoch's training part
 */
public record EpochRecord(int epoch, double trainLoss, double valLoss, double valMae, double lr, double seconds,
        double samplesPerSecond) {
}
