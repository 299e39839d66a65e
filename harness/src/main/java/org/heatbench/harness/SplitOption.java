package org.heatbench.harness;

import java.util.Arrays;
import java.util.Locale;
import org.heatbench.core.ConfigurationException;
import org.heatbench.datasets.Split;
import org.heatbench.datasets.store.EcgStore;

/** The {@code --split} option of every command that selects records: {@code train}, {@code val}, {@code test} or {@code all}. */
public final class SplitOption {
    /** The value that selects every record of a store. */
    public static final String ALL = "all";

    private SplitOption() {
    }

    /** @return the label as written to outputs: train, val, test or all */
    public static String label(String split) {
        return split.trim().equalsIgnoreCase(ALL) ? ALL : parse(split).label();
    }

    private static Split parse(String split) {
        try {
            return Split.parse(split);
        } catch (RuntimeException e) {
            throw new ConfigurationException("--split must be train, val, test or all, got '" + split + "'");
        }
    }

    /**
     * @return the store indices of the split in store order (all of them for {@code all})
     * @throws ConfigurationException when the split holds no record
     */
    public static int[] indices(EcgStore store, String split, String storeName) {
        if (split.trim().toLowerCase(Locale.ROOT).equals(ALL)) {
            int[] all = new int[store.size()];
            Arrays.setAll(all, i -> i);
            if (all.length == 0) {
                throw new ConfigurationException("the store at " + storeName + " holds no records");
            }
            return all;
        }
        Split s = parse(split);
        int[] idx = store.indicesOf(s);
        if (idx.length == 0) {
            throw new ConfigurationException("the store at " + storeName + " has no " + s.label() + " records; "
                    + "choose another --split (train, val, test, all)");
        }
        return idx;
    }
}
