package org.heatbench.datasets.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.heatbench.core.InvalidInputException;

/**
 * One complete shard file of a store, as listed in the manifest.
 *
 * @param file        file name inside the store directory, e.g. {@code shard-00003.h5}
 * @param firstIndex  store index of the shard's first record
 * @param recordCount records in the shard, &gt; 0
 * @param sha256      hex SHA-256 of the file's bytes, verified when a reader first opens the shard; null in stores
 *                    written before checksums existed (read with a warning)
 */
public record ShardEntry(String file, long firstIndex, int recordCount, String sha256) {

    public ShardEntry {
        if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")) {
            throw new InvalidInputException("shard file name '" + file + "' must be a plain file name");
        }
        if (firstIndex < 0 || recordCount <= 0) {
            throw new InvalidInputException("shard " + file + ": first index " + firstIndex + " and record count "
                    + recordCount + " must be non-negative and positive");
        }
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("shard " + file + ": sha256 '" + sha256 + "' is not 64 hex digits");
        }
    }

    /** A shard without a checksum (an old store, or one whose file is not hashed yet). */
    public ShardEntry(String file, long firstIndex, int recordCount) {
        this(file, firstIndex, recordCount, null);
    }

    /** @return the file name of shard number {@code shardIndex}: {@code shard-00000.h5}, ... */
    public static String fileName(int shardIndex) {
        return String.format("shard-%05d.h5", shardIndex);
    }

    /** @return one past the store index of the shard's last record */
    public long endIndex() {
        return firstIndex + recordCount;
    }

    /** @return hex SHA-256 of a file's bytes */
    static String sha256Of(Path path) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // the digest stream hashes what passes
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shard " + path, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Checks the file against {@link #sha256()} (no-op without one).
     *
     * @throws InvalidInputException naming the shard when its bytes differ from what the writer recorded (zeroed,
     *                               truncated, replaced or swapped with another shard)
     */
    void verify(Path path) {
        if (sha256 == null) {
            return;
        }
        String actual = sha256Of(path);
        if (!actual.equals(sha256)) {
            throw new InvalidInputException("shard file " + path + " fails its checksum: its bytes (sha256 "
                    + actual.substring(0, 12) + "…) are not those the store was written with (" + sha256.substring(0, 12)
                    + "…): the file was modified, truncated or swapped; restore or regenerate the store");
        }
    }
}
