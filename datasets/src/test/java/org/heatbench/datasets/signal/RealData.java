package org.heatbench.datasets.signal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared/data/real} (or {@code $HEATBENCH_SHARED/data/real}); tests skip with a reason without it. */
final class RealData {
    private RealData() {
    }

    /** @return the folder, or skips the calling test (printing why) when it is absent */
    static Path dir() {
        String env = System.getenv("HEATBENCH_SHARED");
        if (env != null && Files.isDirectory(Path.of(env, "data", "real"))) {
            return Path.of(env, "data", "real");
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path c = p.resolve("shared").resolve("data").resolve("real");
            if (Files.isDirectory(c)) {
                return c;
            }
            Path sib = p.resolveSibling("shared").resolve("data").resolve("real");
            if (Files.isDirectory(sib)) {
                return sib;
            }
            p = p.getParent();
        }
        String reason = "skipped: ../shared/data/real (real ECG files) not found; set HEATBENCH_SHARED";
        System.out.println(reason);
        Assumptions.assumeTrue(false, reason);
        return null;
    }
}
