package org.heatbench.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.heatbench.core.InvalidInputException;
import org.heatbench.results.GalleryFile;

/**
 * Expert ratings of the blinded gallery panels: reading and checking the page's JSON export, storing it in the run
 * directory ({@code ratings/<rater>.json}) and reading the stored ratings back.
 *
 * <p>Export format ({@code heatbench-ratings/1}): {@code {"format", "run", "rater", "exported", "ratings": [{"rater",
 * "target", "record", "panel", "score" (integer 1–5), "best" (boolean), "time" (ISO-8601)}]}}. A panel is named by
 * its letter in the blinded page; {@link BlindingKey} maps it to a method. Stateless.
 */
public final class ExpertRatings {
    /** The ratings folder inside a run directory. */
    public static final String DIR = "ratings";
    static final String FORMAT = "heatbench-ratings/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExpertRatings() {
    }

    /**
     * One rating of one panel.
     *
     * @param method the panel's method, resolved with the blinding key
     */
    public record Rating(String rater, String target, String record, String panel, int score, boolean best,
            String time, String method) {
    }

    /**
     * Reads an export, checks every entry against the run's galleries and stores it as {@code ratings/<rater>.json}
     * (replacing an earlier import of the same rater: an export holds all of that rater's ratings).
     *
     * @return the stored file
     * @throws InvalidInputException naming the file and entry when something does not fit the run
     */
    public static Path importFile(Path runDir, Path file) {
        RunData data = RunData.read(runDir);
        List<Rating> ratings = parse(file, data);
        String rater = ratings.isEmpty() ? "" : ratings.get(0).rater();
        Path dir = runDir.resolve(DIR);
        Path out = dir.resolve(rater.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("run", data.runId());
        root.put("rater", rater);
        root.put("source", file.getFileName().toString());
        ArrayNode a = root.putArray("ratings");
        for (Rating r : ratings) {
            a.addObject().put("rater", r.rater()).put("target", r.target()).put("record", r.record())
                    .put("panel", r.panel()).put("score", r.score()).put("best", r.best()).put("time", r.time());
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + out.getFileName() + ".partial");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return out;
    }

    /** The stored ratings of a run (none when the folder is absent); entries that no longer fit are errors. */
    public static List<Rating> read(RunData data) {
        Path dir = data.runDir().resolve(DIR);
        List<Rating> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                all.addAll(parse(f, data));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return all;
    }

    static List<Rating> parse(Path file, RunData data) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("ratings file " + file + " is not readable JSON: " + e.getMessage());
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new InvalidInputException("ratings file " + file + " is not a HeatBench ratings export (format must be '"
                    + FORMAT + "')");
        }
        String run = root.path("run").asText("");
        if (!run.isEmpty() && !run.equals(data.runId())) {
            throw new InvalidInputException("ratings file " + file + " rates run '" + run + "', not '" + data.runId()
                    + "'");
        }
        String rater = root.path("rater").asText("").trim();
        if (rater.isEmpty()) {
            throw new InvalidInputException("ratings file " + file + " has no rater id");
        }
        long seed = BlindingKey.runSeed(data);
        List<Rating> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonNode list = root.path("ratings");
        if (!list.isArray()) {
            throw new InvalidInputException("ratings file " + file + " has no 'ratings' list");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String where = "ratings file " + file + ", entry " + i + ": ";
            String target = r.path("target").asText("");
            String record = r.path("record").asText("");
            String panel = r.path("panel").asText("");
            if (!rater.equals(r.path("rater").asText(rater))) {
                throw new InvalidInputException(where + "rater '" + r.path("rater").asText() + "' differs from the "
                        + "file's rater '" + rater + "'");
            }
            GalleryFile.Gallery g = data.targets().stream().filter(t -> t.target().equals(target)).findFirst()
                    .map(RunData.TargetData::gallery).orElse(null);
            if (g == null) {
                throw new InvalidInputException(where + "target '" + target + "' has no gallery in this run");
            }
            if (!g.recordIds().contains(record)) {
                throw new InvalidInputException(where + "record '" + record + "' is not in the " + target + " gallery");
            }
            int k = -1;
            for (int p = 0; p < g.methods().size(); p++) {
                k = BlindingKey.panelId(p).equals(panel) ? p : k;
            }
            if (k < 0) {
                throw new InvalidInputException(where + "panel '" + panel + "' does not exist (" + g.methods().size()
                        + " panels)");
            }
            JsonNode s = r.path("score");
            if (!s.canConvertToInt() || s.asInt() < 1 || s.asInt() > 5 || s.asDouble() != s.asInt()) {
                throw new InvalidInputException(where + "score must be an integer 1-5, got " + s);
            }
            if (!seen.add(target + "\u0000" + record + "\u0000" + panel)) {
                throw new InvalidInputException(where + "panel " + panel + " of " + record + " (" + target
                        + ") rated twice");
            }
            int m = BlindingKey.order(seed, target, record, g.methods().size())[k];
            out.add(new Rating(rater, target, record, panel, s.asInt(), r.path("best").asBoolean(false),
                    r.path("time").asText(""), g.methods().get(m)));
        }
        return out;
    }
}
