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
 * <p>Records whose reference QRS duration is 120 ms or wider (complete bundle-branch block, pacing, ventricular
 * conduction delay: {@link QrsStrata}) can be weighted apart with {@code wideRepeat}: they are a tenth of a typical
 * real set (LUDB: 20 of 199) and the group every model trained so far reads worst, so a user may give them more
 * weight than their share. Records without a QRS reference count as not wide.
 *
 * @param store the store directory
 * @param repeat how many times each record enters an epoch (≥ 1): a weight that keeps a small real set from
 *               being drowned by the synthetic one
 * @param wideRepeat how many times each record with a reference QRS ≥ 120 ms enters an epoch (≥ 1), or 0: as
 *                   {@code repeat}
 */
public record AddedTraining(Path store, int repeat, int wideRepeat) {

    /** Checks the arguments. */
    public AddedTraining {
        Objects.requireNonNull(store, "store");
        if (repeat < 1 || repeat > 10_000) {
            throw new ConfigurationException("the repeat of an added training store must be 1..10000, got " + repeat,
                    "repeat");
        }
        if (wideRepeat < 0 || wideRepeat > 10_000) {
            throw new ConfigurationException("the wide-QRS repeat of an added training store must be 1..10000 (or 0: "
                    + "as the repeat), got " + wideRepeat, "wide_repeat");
        }
    }

    /** @return the store, each record once per epoch */
    public static AddedTraining of(Path store) {
        return new AddedTraining(store, 1, 0);
    }

    /** @return this with another repeat (records of every QRS width unless {@link #withWideRepeat} is set) */
    public AddedTraining withRepeat(int times) {
        return new AddedTraining(store, times, wideRepeat);
    }

    /** @return this with another repeat for records whose reference QRS is 120 ms or wider (0: as the repeat) */
    public AddedTraining withWideRepeat(int times) {
        return new AddedTraining(store, repeat, times);
    }

    /** @return copies per epoch of a record whose reference QRS duration is {@code qrsMs} (NaN: unknown, not wide) */
    public int repeatFor(double qrsMs) {
        return wideRepeat > 0 && QrsStrata.isWide(qrsMs) ? wideRepeat : repeat;
    }
}
