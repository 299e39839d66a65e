package org.heatbench.harness.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/RELIABILITY.md against the code: the figures of its "Count" section are the numbers of table rows (every row one
 * kind of case), the run folder rows are numbered R1, R2, … without a gap, and every test a row names exists as a test
 * method in some module — so the page cannot claim a count or a test that is no longer true.
 */
class DocumentedCasesReliabilityTest {
    private static final Path ROOT = Path.of("..");
    private static final Path DOC = ROOT.resolve("docs/RELIABILITY.md");
    private static final String RUN_FOLDER = "## Run folder and jobs";
    /** A test named in a row: {@code `ClassTest`} or {@code `ClassTest.method`}. */
    private static final Pattern TEST = Pattern.compile("`([A-Z]\\w*Test)(?:\\.(\\w+))?`");
    /** A table cell boundary: a '|' not escaped as "\|" (escaped ones are text, e.g. |relevance|). */
    private static final Pattern CELL = Pattern.compile("(?<!\\\\)\\|");

    /** A data row of a table: its line number (1-based), first cell and last cell (the tests). */
    private record Row(int line, boolean runFolder, String first, String tests) {
    }

    private static String doc;
    private static List<Row> rows;

    @BeforeAll
    static void read() throws IOException {
        doc = Files.readString(DOC);
        rows = new ArrayList<>();
        List<String> lines = doc.lines().toList();
        boolean runFolder = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("## ")) {
                runFolder = l.equals(RUN_FOLDER);
            }
            boolean header = i + 1 < lines.size() && lines.get(i + 1).startsWith("|---");
            if (!l.startsWith("|") || l.startsWith("|---") || header) {
                continue;
            }
            String[] cells = CELL.split(l.substring(1, l.lastIndexOf('|')), -1);
            rows.add(new Row(i + 1, runFolder, cells[0].strip(), cells[cells.length - 1].strip()));
        }
    }

    @Test
    void theCountsAreTheRowsOfTheTables() {
        long above = rows.stream().filter(r -> !r.runFolder()).count();
        // the run folder section also holds the standalone-cluster checks C1..C4: runs, not kinds of case
        List<Row> numbered = rows.stream().filter(r -> r.runFolder() && r.first().matches("R\\d+")).toList();
        for (int k = 0; k < numbered.size(); k++) {
            assertEquals("R" + (k + 1), numbered.get(k).first(),
                    "line " + numbered.get(k).line() + ": R rows in order");
        }
        assertTrue(rows.stream().filter(Row::runFolder).allMatch(r -> r.first().matches("[RC]\\d+")),
                "every run folder row is numbered R (a case) or C (a cluster check)");
        assertTrue(above > 0 && !numbered.isEmpty(), "the page has its tables");
        assertEquals(above, figure("\\*\\*(\\d+) kinds above the run folder\\*\\*"),
                "docs/RELIABILITY.md 'Count': the kinds above the run folder are its table rows");
        assertEquals(numbered.size(), figure("\\*\\*(\\d+) in it\\*\\*"),
                "docs/RELIABILITY.md 'Count': the run folder kinds are the rows R1..Rn");
        assertEquals(above + numbered.size(), figure("\\*\\*(\\d+) kinds in all\\*\\*"),
                "docs/RELIABILITY.md 'Count': the total");
    }

    @Test
    void everyRowNamesTestsThatExist() throws IOException {
        Map<String, List<String>> sources = testSources();
        int named = 0;
        for (Row r : rows) {
            if (r.first().matches("C\\d+")) {
                continue;
            }
            Matcher m = TEST.matcher(r.tests());
            boolean any = false;
            while (m.find()) {
                any = true;
                named++;
                String cls = m.group(1);
                List<String> texts = sources.getOrDefault(cls, List.of());
                assertFalse(texts.isEmpty(), "line " + r.line() + ": no test class " + cls);
                if (m.group(2) != null) {
                    Pattern method = Pattern.compile("\\bvoid " + m.group(2) + "\\(");
                    assertTrue(texts.stream().anyMatch(t -> method.matcher(t).find()),
                            "line " + r.line() + ": " + cls + " has no test method " + m.group(2));
                }
            }
            assertTrue(any || r.tests().equals("same test"), "line " + r.line() + " names no test: " + r.tests());
        }
        assertTrue(named > rows.size() / 2, "test names found: " + named);
    }

    private static long figure(String regex) {
        Matcher m = Pattern.compile(regex).matcher(doc);
        assertTrue(m.find(), "docs/RELIABILITY.md 'Count' has no figure matching " + regex);
        return Long.parseLong(m.group(1));
    }

    /** Simple class name → the texts of the test sources of that name, over every module. */
    private static Map<String, List<String>> testSources() throws IOException {
        Map<String, List<String>> out = new HashMap<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.toList()) {
                Path tests = module.resolve("src/test/java");
                if (!Files.isDirectory(tests)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(tests)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        String name = f.getFileName().toString().replace(".java", "");
                        out.computeIfAbsent(name, k -> new ArrayList<>()).add(Files.readString(f));
                    }
                }
            }
        }
        return out;
    }
}
