package org.heatbench.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heatbench.harness.HeatBenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
    @TempDir
    Path tmp;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = HeatBenchCli.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void notARunExitsWithTwo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, run(out, err, "report", "--results", tmp.resolve("missing").toString()));
        assertTrue(err.toString().contains("heatbench report: error:"), err.toString());
        assertTrue(err.toString().contains("not a directory"), err.toString());
    }

    @Test
    void incompleteRunGetsAReportInTheDefaultPlace() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("r1"));
        Files.writeString(run.resolve("run.json"), "{\"format\":\"heatbench-run\",\"format_version\":1,"
                + "\"run_id\":\"r1\",\"state\":\"running\",\"targets\":[{\"target\":\"qt\",\"unit\":\"ms\"}],"
                + "\"methods\":[\"saliency\"]}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "report", "--results", run.toString()));
        Path index = run.resolve("report").resolve("index.html");
        assertTrue(Files.isRegularFile(index));
        assertTrue(out.toString().contains(index.toAbsolutePath().normalize().toUri().toString()), out.toString());
        assertTrue(err.toString().contains("The run is running"), err.toString());
        assertTrue(Files.readString(index).contains("id=\"warnings\""));
    }
}
