package org.heatbench.datasets.store;

import java.util.Locale;
import org.heatbench.core.ConfigurationException;

/** How a store holds signal samples on disk. Readers always return float32 µV. */
public enum SampleType {
    /** IEEE float32, little-endian, in µV; exact for float32 sources. */
    FLOAT32("float32", 4),
    /** Signed 16-bit integers; µV = value × the store's {@code scale_uv}. Half the size; lossy unless the source is int16. */
    INT16("int16", 2);

    private final String label;
    private final int bytes;

    SampleType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** @return {@code float32} or {@code int16}, as written in the manifest and shard attributes */
    public String label() {
        return label;
    }

    /** @return bytes per sample on disk, before compression */
    public int bytes() {
        return bytes;
    }

    /** Parses {@code float32} / {@code int16}, case-insensitive. */
    public static SampleType parse(String s) {
        for (SampleType t : values()) {
            if (t.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new ConfigurationException("unknown sample type '" + s + "' (float32, int16)");
    }
}
