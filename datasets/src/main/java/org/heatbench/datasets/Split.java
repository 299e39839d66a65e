package org.heatbench.datasets;

import java.util.Locale;
import org.heatbench.core.InvalidInputException;

/** The partition a record belongs to. The store writes the {@link #code()} as an int8. */
public enum Split {
    TRAIN(0, "train"), VAL(1, "val"), TEST(2, "test");

    private final byte code;
    private final String label;

    Split(int code, String label) {
        this.code = (byte) code;
        this.label = label;
    }

    /** @return 0 train, 1 val, 2 test */
    public byte code() {
        return code;
    }

    /** @return {@code train}, {@code val} or {@code test} */
    public String label() {
        return label;
    }

    /** @throws InvalidInputException for a code other than 0, 1, 2 */
    public static Split ofCode(int code) {
        for (Split s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new InvalidInputException("unknown split code " + code + " (0 train, 1 val, 2 test)");
    }

    /** Parses {@code train}, {@code val}/{@code validation} or {@code test}, case-insensitive. */
    public static Split parse(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "train" -> TRAIN;
            case "val", "validation" -> VAL;
            case "test" -> TEST;
            default -> throw new InvalidInputException("unknown split '" + name + "' (train, val, test)");
        };
    }
}
