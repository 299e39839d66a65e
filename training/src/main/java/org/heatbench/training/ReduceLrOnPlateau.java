package org.heatbench.training;

/**
 * Learning-rate schedule as {@code torch.optim.lr_scheduler.ReduceLROnPlateau} (mode min, relative threshold
 * 1e-4, no cooldown, no minimum): after more than {@code patience} epochs without a validation loss below
 * {@code best × (1 − 1e-4)}, the rate is multiplied by {@code factor}.
 *
 * <p>Mutable, not thread-safe.
 */
public final class ReduceLrOnPlateau {
    private static final double THRESHOLD = 1e-4;
    private final double factor;
    private final int patience;
    private double lr;
    private double best = Double.POSITIVE_INFINITY;
    private int bad;

    public ReduceLrOnPlateau(double lr, double factor, int patience) {
        this.lr = lr;
        this.factor = factor;
        this.patience = patience;
    }

    /** Records an epoch's validation loss; returns the learning rate for the next epoch. */
    public double observe(double valLoss) {
        if (valLoss < best * (1 - THRESHOLD)) {
            best = valLoss;
            bad = 0;
        } else {
            bad++;
        }
        if (bad > patience) {
            lr *= factor;
            bad = 0;
        }
        return lr;
    }

    /** @return the current learning rate */
    public double lr() {
        return lr;
    }

    double best() {
        return best;
    }

    int bad() {
        return bad;
    }

    void restore(double rate, double bestLoss, int badEpochs) {
        lr = rate;
        best = bestLoss;
        bad = badEpochs;
    }
}
