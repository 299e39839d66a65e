package org.heatbench.datasets.importers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.heatbench.core.InvalidInputException;

/** How importers find their input files: a file, or a folder searched recursively, in sorted path order. */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * @param extensions lower-case endings such as {@code .xml}; a file named directly is returned whatever its name
     * @return {@code input} itself when it is a file, else the files under it ending in one of the extensions, sorted
     * @throws InvalidInputException when {@code input} does not exist or cannot be listed
     */
    public static List<Path> list(Path input, String... extensions) {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new InvalidInputException("input " + input + " does not exist");
        }
        try (Stream<Path> s = Files.walk(input)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                for (String e : extensions) {
                    if (n.endsWith(e)) {
                        return true;
                    }
                }
                return false;
            }).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list " + input + ": " + e.getMessage(), e);
        }
    }

    /** @return the file name without its (last) extension */
    public static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
