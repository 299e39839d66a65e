package org.heatbench.harness.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.heatbench.harness.CliRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability suite, concern "I/O failures are one line with the path": a read-only output folder and a full disk
 * in {@code attribute}, {@code dataset generate} and {@code dataset import}.
 *
 * <p>Read-only: a folder whose permissions the test removes; when the tests run as root (permissions do not bind
 * root), an output path under a regular file is used instead, which fails the same way for everyone. Disk full: a
 * 64 KiB tmpfs mounted by the test, which needs root (CAP_SYS_ADMIN); elsewhere that test is skipped with the reason
 * printed.
 */
class IoFailureReliabilityTest {
    @TempDir
    Path tmp;

    private static CliRun attribute(Path out) {
        return CliRun.of("attribute", "--model", "../examples/reference_cnn.onnx", "--input",
                "../examples/reference_ecgs.h5", "--method", "saliency", "--out", out.toString());
    }

    private static CliRun generate(Path out) {
        return CliRun.of("dataset", "generate", "--records", "40", "--out", out.toString(), "--threads", "1");
    }

    private CliRun importCsv(Path out) throws Exception {
        Path csv = tmp.resolve("in/r.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "I,II\n1,2\n");
        return CliRun.of("dataset", "import", "--format", "csv", "--input", csv.toString(), "--out", out.toString(),
                "--rate", "500", "--leads", "I,II,III");
    }

    /** A folder the commands cannot write into, and whether it is a genuine read-only folder. */
    private Path unwritable() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("readonly"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(ro)) {
            System.out.println("IoFailureReliabilityTest: running as root, permissions do not bind; using a path "
                    + "under a regular file instead of a read-only folder");
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path file = Files.writeString(tmp.resolve("a-file"), "x");
            return file;
        }
        return ro;
    }

    @Test
    void readOnlyOutputIsOneLineWithThePath() throws Exception {
        Path dir = unwritable();
        try {
            CliRun a = attribute(dir.resolve("a.h5"));
            BoundsReliabilityTest.oneLineError(a, 2, "cannot write " + dir.resolve("a.h5"));
            CliRun g = generate(dir.resolve("store"));
            BoundsReliabilityTest.oneLineError(g, 1, dir.resolve("store").toString());
            CliRun i = importCsv(dir.resolve("imported"));
            BoundsReliabilityTest.oneLineError(i, 1, dir.resolve("imported").toString());
        } finally {
            Files.setPosixFilePermissions(tmp.resolve("readonly"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void fullDiskIsOneLineWithThePath() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("full"));
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString());
        if (!mounted) {
            System.out.println("IoFailureReliabilityTest.fullDiskIsOneLineWithThePath skipped: cannot mount a small "
                    + "tmpfs here (needs root / CAP_SYS_ADMIN)");
        }
        Assumptions.assumeTrue(mounted, "cannot mount a small tmpfs to fill (needs root)");
        try {
            CliRun a = attribute(mnt.resolve("a.h5"));
            BoundsReliabilityTest.oneLineError(a, 2, "cannot write " + mnt.resolve("a.h5"));
            assertTrue(a.err().contains("No space left on device"), a.err());
            assertFalse(Files.exists(mnt.resolve("a.h5.partial")), "the partial file is removed");
            CliRun g = generate(mnt.resolve("store"));
            BoundsReliabilityTest.oneLineError(g, 1, mnt.resolve("store").toString());
            assertTrue(g.err().contains("No space left on device"), g.err());
            Path imported = mnt.resolve("imported");
            Path csv = tmp.resolve("big.csv");
            StringBuilder sb = new StringBuilder("I,II\n");
            for (int k = 0; k < 600; k++) {
                sb.append(k).append(',').append(k).append('\n');
            }
            Files.writeString(csv, sb.toString());
            // fill the disk first, so that even the small shard cannot be written
            try (var filler = Files.newOutputStream(mnt.resolve("filler"))) {
                for (int k = 0; k < 1024; k++) {
                    filler.write(new byte[1024]);
                    filler.flush();
                }
            } catch (java.io.IOException full) {
                // full: as intended
            }
            CliRun i = CliRun.of("dataset", "import", "--format", "csv", "--input", csv.toString(), "--out",
                    imported.toString(), "--rate", "500", "--leads", "I,II,III");
            BoundsReliabilityTest.oneLineError(i, 1, imported.toString());
            assertTrue(i.err().contains("No space left on device"), i.err());
        } finally {
            // lazy: a file the failed command left open must not keep the mount (and the test folder) alive
            run("umount", "-l", mnt.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void aBrokenOutputPathNamesItsCause() {
        CliRun r = CliRun.of("predict", "--model", "../models/qt.onnx", "--dataset", "nowhere", "--out",
                "/proc/version/p.csv");
        assertEquals(2, r.exit());
        assertFalse(CliReliabilityTest.hasStackTrace(r.err()), r.err());
    }
}
