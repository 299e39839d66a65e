package org.heatbench.training;

import java.nio.file.Path;
import java.util.Objects;
import org.heatbench.core.ConfigurationException;

/**
 * A second store whose training records join every epoch of a regression training, {@code repeat} times each —
 * typically a few dozen real medians with expert or device intervals beside tens of thousands of synthetic ones
 * (domain adaptation by mixing). Its {@code train} split is read (records with a finite target); the target
 * standardisation and model selection stay those of the main store.
 *
 * @param store the store directory
 * @param repeat how many times each record enters an epoch (≥ 1): a weight that keeps a small real set from
 *               being drowned by the synthetic one
 */
public record AddedTraining(Path store, int repeat) {

    /** Checks the arguments. */
    public AddedTraining {
        Objects.requireNonNull(store, "store");
        if (repeat < 1 || repeat > 10_000) {
            throw new ConfigurationException("the repeat of an added training store must be 1..10000, got " + repeat,
                    "repeat");
        }
    }

    /** @return the store, each record once per epoch */
    public static AddedTraining of(Path store) {
        return new AddedTraining(store, 1);
    }

    /** @return this with another repeat */
    public AddedTraining withRepeat(int times) {
        return new AddedTraining(store, times);
    }
}
