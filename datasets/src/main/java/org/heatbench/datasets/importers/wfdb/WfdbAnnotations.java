package org.heatbench.datasets.importers.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heatbench.core.InvalidInputException;

/**
 * Reads WFDB annotation files in the standard (MIT) format ({@code annot(5)}): a sequence of little-endian 16-bit
 * words, type in the top 6 bits and time difference in the low 10; pseudo-codes SKIP (59, a 32-bit interval
 * follows, high word first), NUM (60), SUB (61), CHN (62) and AUX (63, the low bits give the byte count of the
 * text that follows, padded to even); 0/0 ends the file. Used by MIT-BIH ({@code .atr}) and LUDB (one file per
 * lead: {@code .i}, {@code .ii}, ..., {@code .v6} with {@code (}, {@code p}/{@code N}/{@code t}, {@code )}).
 * Stateless and thread-safe.
 */
public final class WfdbAnnotations {
    private static final String[] SYMBOLS = {" ", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q",
        "~", "[15]", "|", "[17]", "s", "T", "*", "D", "\"", "=", "p", "B", "^", "t", "+", "u", "?", "!", "[", "]",
        "e", "n", "@", "x", "f", "(", ")", "r"};

    private WfdbAnnotations() {
    }

    /** @return the mnemonic of a code ({@code [c]} for codes without one) */
    public static String symbol(int code) {
        return code >= 0 && code < SYMBOLS.length ? SYMBOLS[code] : "[" + code + "]";
    }

    /** @return true for WFDB's beat codes: N L R a V F J A S E j / Q B e n f r */
    static boolean isBeat(int code) {
        return switch (code) {
            case 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 34, 35, 38, 41 -> true;
            default -> false;
        };
    }

    /** Reads an annotation file. */
    public static List<Annotation> read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new InvalidInputException("annotation file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * @param name the file's name, for messages
     * @throws InvalidInputException for a truncated file or a time that goes backwards past zero
     */
    public static List<Annotation> parse(byte[] b, String name) {
        List<Annotation> out = new ArrayList<>();
        long time = 0;
        int chan = 0;
        int num = 0;
        int p = 0;
        // the last annotation's fields, completed by the pseudo-annotations that follow it
        long aTime = -1;
        int aCode = 0;
        int aSub = 0;
        String aAux = "";
        int aChan = 0;
        int aNum = 0;
        while (true) {
            if (p + 2 > b.length) {
                if (p == b.length) {
                    break; // no 0/0 terminator: accept (some writers omit it)
                }
                throw new InvalidInputException("annotation file " + name + " is truncated at byte " + p);
            }
            int word = (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
            p += 2;
            int type = word >> 10;
            int data = word & 0x3ff;
            if (type == 0 && data == 0) {
                break;
            }
            switch (type) {
                case 59 -> {
                    if (p + 4 > b.length) {
                        throw new InvalidInputException("annotation file " + name + " is truncated in a SKIP");
                    }
                    int hi = (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
                    int lo = (b[p + 2] & 0xff) | ((b[p + 3] & 0xff) << 8);
                    time += (hi << 16) | lo;
                    p += 4;
                }
                case 60 -> {
                    num = data >= 512 ? data - 1024 : data;
                    aNum = num;
                }
                case 61 -> aSub = data;
                case 62 -> {
                    chan = data;
                    aChan = chan;
                }
                case 63 -> {
                    if (p + data > b.length) {
                        throw new InvalidInputException("annotation file " + name + " is truncated in an AUX string");
                    }
                    aAux = new String(b, p, data, StandardCharsets.ISO_8859_1).replace("\0", "");
                    p += data + (data & 1);
                }
                default -> {
                    if (aTime >= 0) {
                        out.add(new Annotation(aTime, aCode, symbol(aCode), aSub, aChan, aNum, aAux));
                    }
                    time += data;
                    if (time < 0) {
                        throw new InvalidInputException("annotation file " + name + ": time goes below 0");
                    }
                    aTime = time;
                    aCode = type;
                    aSub = 0;
                    aAux = "";
                    aChan = chan;
                    aNum = num;
                }
            }
        }
        if (aTime >= 0) {
            out.add(new Annotation(aTime, aCode, symbol(aCode), aSub, aChan, aNum, aAux));
        }
        return out;
    }
}
