package org.heatbench.datasets.importers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the project's shared real recordings ({@code ../shared/data/real} next to the repository, or
 * {@code $HEATBENCH_SHARED/data/real}). They are never copied into the project (the MUSE files are GPL); tests that
 * need them skip, printing why, when they are absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** @return {@code data/real/<relative>} of the shared folder; skips the calling test when it is absent */
    public static Path real(String relative) {
        Path found = null;
        String env = System.getenv("HEATBENCH_SHARED");
        if (env != null && Files.isDirectory(Path.of(env, "data", "real"))) {
            found = Path.of(env, "data", "real");
        }
        for (Path dir = Path.of("").toAbsolutePath(); found == null && dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("data").resolve("real");
            if (dir.getParent() != null && Files.isDirectory(candidate)) {
                found = candidate;
            }
        }
        Path p = found == null ? null : found.resolve(relative);
        if (p == null || !Files.exists(p)) {
            String why = "skipped: shared real data '" + relative + "' not found (looked for ../shared/data/real "
                    + "beside the repository and $HEATBENCH_SHARED)";
            System.err.println(why);
            assumeTrue(false, why);
        }
        return p;
    }
}
