package org.heatbench.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The HeatBench version recorded in every result's provenance. */
public final class HeatBenchVersion {
    private static final String VERSION = load();

    private HeatBenchVersion() {
    }

    /** @return the Maven project version this build was made from, e.g. {@code 0.1.0-SNAPSHOT} */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = HeatBenchVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("heatbench.version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read HeatBench version resource", e);
        }
    }
}
