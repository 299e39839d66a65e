package org.heatbench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heatbench.core.ConfigurationException;

/**
 * The rule every writing command checks before any work: an output never replaces one of the command's inputs (or
 * its model), and never replaces an existing file unless the user passed {@code --overwrite}. Defaults (an output
 * path the user did not type) never overwrite either.
 */
public final class OutputGuard {
    private OutputGuard() {
    }

    /**
     * @param flag      the output's option, for the message (e.g. {@code --out})
     * @param out       the output path
     * @param overwrite whether {@code --overwrite} was given
     * @param inputs    option name → input path (files or directories) the output must not be
     * @throws ConfigurationException when the output is an input, or exists and {@code overwrite} is false
     */
    public static void check(String flag, Path out, boolean overwrite, Map<String, Path> inputs) {
        notAnInput(flag, out, inputs);
        if (Files.exists(out) && !overwrite) {
            throw new ConfigurationException(flag + " " + out + " already exists; choose another path or pass "
                    + "--overwrite to replace it");
        }
        if (Files.isDirectory(out)) {
            throw new ConfigurationException(flag + " " + out + " is a directory; give a file path");
        }
    }

    /**
     * @throws ConfigurationException when {@code out} is one of {@code inputs}, or lies inside an input directory
     *                                given as {@code --input}/{@code --dataset}... whose files it would mix with
     */
    public static void notAnInput(String flag, Path out, Map<String, Path> inputs) {
        for (Map.Entry<String, Path> e : inputs.entrySet()) {
            if (e.getValue() != null && same(out, e.getValue())) {
                throw new ConfigurationException(flag + " " + out + " is the same path as " + e.getKey()
                        + ": HeatBench never writes over its inputs; choose another output path");
            }
        }
    }

    /**
     * For a command that writes fixed file names into an output folder.
     *
     * @param files the names it writes into {@code dir}
     * @throws ConfigurationException when the folder is an input or a regular file, or one of the files exists and
     *                                {@code overwrite} is false
     */
    public static void checkFolder(String flag, Path dir, List<String> files, boolean overwrite,
            Map<String, Path> inputs) {
        notAnInput(flag, dir, inputs);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigurationException(flag + " " + dir + " exists and is not a directory");
        }
        for (String f : files) {
            Path p = dir.resolve(f);
            notAnInput(flag, p, inputs);
            if (Files.exists(p) && !overwrite) {
                throw new ConfigurationException(flag + " " + dir + " already holds " + f + "; choose another folder "
                        + "or pass --overwrite to replace it");
            }
        }
    }

    static boolean same(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            // links and different spellings of one file
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
