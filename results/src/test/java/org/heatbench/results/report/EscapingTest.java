package org.heatbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heatbench.results.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything from the run that reaches the page is escaped: method specs, record ids, targets, provenance. */
class EscapingTest {
    static final String EVIL_METHOD = "evil<script>alert(\"m\")</script>:x='1',y=\"2\"&z=<b>";
    static final String EVIL_ID = "</script><script>alert('id')</script>\"'<!--";

    @TempDir
    Path tmp;

    @Test
    void hostileMethodRecordAndTargetNames() throws IOException {
        List<String> methods = List.of("saliency:abs=false", EVIL_METHOD, "random");
        Path run = RunFixtures.write(tmp.resolve("run"), methods, EVIL_ID, 8, 2);
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = (ObjectNode) json.readTree(new RunLayout(run).run().toFile());
        node.put("run_id", "<img src=x onerror=alert(1)>");
        ((ObjectNode) node.get("dataset")).put("path", "data/\"><script>alert(2)</script>");
        ((com.fasterxml.jackson.databind.node.ArrayNode) node.get("targets")).addObject()
                .put("target", "<svg onload=alert(3)>").put("unit", "<i>");
        json.writeValue(new RunLayout(run).run().toFile(), node);

        ReportGenerator.Report r = ReportGenerator.generate(run, tmp.resolve("out"));
        String html = Files.readString(r.index(), StandardCharsets.UTF_8);

        Matcher scripts = Pattern.compile("<script\\b", Pattern.CASE_INSENSITIVE).matcher(html);
        int n = 0;
        while (scripts.find()) {
            n++;
        }
        assertEquals(2, n, "only the page's own two script elements");
        assertEquals(2, count(html, "</script>"));
        assertFalse(html.contains("<img src=x"));
        assertFalse(html.contains("<svg onload"));
        assertFalse(html.contains("z=<b>"));
        assertFalse(html.contains("<!--"));
        assertTrue(html.contains(Html.esc(EVIL_METHOD)), "the method is shown, escaped");
        assertTrue(html.contains("title=\"" + Html.esc(EVIL_METHOD) + "\""), "escaped in attributes");
        assertTrue(html.contains("&lt;svg onload=alert(3)&gt;"));
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("not a valid target key")));

        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"gallery-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        assertFalse(m.group(1).contains("<"), "no '<' inside the JSON block");
        JsonNode data = json.readTree(m.group(1));
        JsonNode qt = data.get("targets").get(0);
        assertEquals(EVIL_ID + "0", qt.get("records").get(0).get("id").asText(), "ids survive the escaping");
        assertFalse(m.group(1).contains("spec"), "no method in the blinded gallery data");
        String key = Files.readString(tmp.resolve("out").resolve(BlindingKey.FILE), StandardCharsets.UTF_8);
        assertFalse(key.contains("<"), "no '<' in the blinding key script");
        String keyJson = key.substring(key.indexOf('=') + 1, key.lastIndexOf(';'));
        assertEquals(EVIL_METHOD, json.readTree(keyJson).get("qt").get("methods").get(1).get("spec").asText());
    }

    private static int count(String s, String sub) {
        int c = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            c++;
        }
        return c;
    }
}
