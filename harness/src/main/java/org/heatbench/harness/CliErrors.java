package org.heatbench.harness;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.ReadOnlyFileSystemException;
import org.heatbench.core.ConfigurationException;
import org.heatbench.core.HeatBenchException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How an error reaches the user: one line {@code heatbench CMD: error: MESSAGE} naming the file, record or field;
 * the stack trace only with {@code --verbose} (or {@code HEATBENCH_VERBOSE=1}).
 *
 * <p>HeatBench's own errors carry their message as it is, except that setting names a library used
 * ({@link ConfigurationException#settings()}, quoted: {@code 'per_step'}) become the command's flag ({@code --per-step})
 * where the command has one. An I/O failure keeps its path and gains its cause (disk full, permission denied). Any
 * other exception is a HeatBench bug or an unforeseen environment failure: still one line, with its type.
 */
public final class CliErrors {
    /** The option that shows stack traces; inherited by every command. */
    public static final String VERBOSE = "--verbose";

    private CliErrors() {
    }

    /**
     * Prints {@code failure} for the command {@code cl} as one line (plus the stack trace when verbose).
     */
    public static void print(Throwable failure, CommandLine cl) {
        PrintWriter err = cl.getErr();
        boolean verbose = verbose(cl);
        err.println("heatbench " + commandPath(cl) + ": error: " + describe(failure, cl)
                + (verbose || expected(failure) ? "" : " (" + VERBOSE + " shows the stack trace)"));
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
    }

    /** @return whether {@code failure} is one the user fixes from its message alone (no hint to --verbose) */
    static boolean expected(Throwable failure) {
        return failure instanceof HeatBenchException || failure instanceof UncheckedIOException
                || failure instanceof IOException || failure instanceof CommandLine.ParameterException;
    }

    /** @return the one-line description of {@code failure} as the command {@code cl} shows it */
    public static String describe(Throwable failure, CommandLine cl) {
        if (failure instanceof ConfigurationException c) {
            return withFlags(String.valueOf(c.getMessage()), c, cl);
        }
        if (failure instanceof HeatBenchException || failure instanceof CommandLine.ParameterException) {
            return String.valueOf(failure.getMessage());
        }
        if (failure instanceof UncheckedIOException u) {
            return u.getMessage() + cause(u.getCause());
        }
        if (failure instanceof IOException io) {
            return ioText(io);
        }
        if (failure instanceof OutOfMemoryError) {
            return "out of memory (Java heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): process fewer "
                    + "records at once or raise -Xmx (JAVA_OPTS)";
        }
        if (failure instanceof ReadOnlyFileSystemException) {
            return "the output is on a read-only file system";
        }
        IOException io = ioCause(failure);
        if (io != null) {
            // a library's wrapper around an I/O failure (jhdf, Parquet): the I/O failure is what the user can act on
            return "I/O failure: " + ioText(io);
        }
        String text = failure.getMessage() == null ? "" : ": " + firstLine(failure.getMessage());
        return "unexpected " + failure.getClass().getSimpleName() + text;
    }

    /** Foreign messages (Spark's, Hadoop's) may span many lines or embed a stack trace: keep the first line. */
    static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 400 ? line.substring(0, 400) + " ..." : line;
    }

    /** @return the first IOException in the cause chain of {@code t} (itself included), or null */
    public static IOException ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static String cause(Throwable cause) {
        if (cause instanceof IOException io) {
            String t = ioText(io);
            return t.isEmpty() ? "" : ": " + t;
        }
        return cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    }

    /** The reason of an I/O failure in words, with its path where Java knows it. */
    static String ioText(IOException io) {
        if (io instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (io instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (io instanceof FileSystemException f) {
            String reason = f.getReason() == null ? "file system error" : f.getReason();
            return reason + (f.getFile() == null ? "" : ": " + f.getFile());
        }
        return io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
    }

    /** Replaces each quoted setting of the message by the command's flag for it, where the command has one. */
    static String withFlags(String message, ConfigurationException c, CommandLine cl) {
        String m = message;
        for (String setting : c.settings()) {
            String flag = "--" + setting.replace('_', '-');
            OptionSpec o = cl.getCommandSpec().findOption(flag);
            if (o != null) {
                m = m.replace("'" + setting + "'", flag);
            }
        }
        return m;
    }

    /** @return whether {@value #VERBOSE} was given anywhere on the command line, or HEATBENCH_VERBOSE is set */
    public static boolean verbose(CommandLine cl) {
        String env = System.getenv("HEATBENCH_VERBOSE");
        if (env != null && !env.isBlank() && !env.equals("0")) {
            return true;
        }
        for (CommandLine c = cl; c != null; c = c.getParent()) {
            CommandLine.ParseResult p = c.getParseResult();
            if (p != null && p.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    private static String commandPath(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName(" ").replaceFirst("^heatbench ", "");
    }
}
