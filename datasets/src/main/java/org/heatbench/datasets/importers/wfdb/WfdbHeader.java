package org.heatbench.datasets.importers.wfdb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.heatbench.core.InvalidInputException;

/**
 * A parsed WFDB header ({@code .hea}, PhysioNet {@code header(5)}): the record line, one line per signal, and the
 * comment lines. Blank lines and comments may come anywhere (MIT-BIH's headers start with a comment and have a
 * blank line between signal lines; some use CR LF). Multi-segment records ({@code name/segments}) are refused.
 * Immutable.
 *
 * @param recordName the record's name (the header file's stem)
 * @param rateHz     sampling frequency per signal (WFDB's default 250 when absent)
 * @param samples    samples per signal, or -1 when the header does not say (then the file length decides)
 * @param signals    the signal lines, in order
 * @param comments   comment lines without the leading {@code #} and surrounding blanks, in order
 */
public record WfdbHeader(String recordName, double rateHz, long samples, List<WfdbSignal> signals,
        List<String> comments) {

    /** WFDB's default sampling frequency. */
    public static final double DEFAULT_RATE_HZ = 250;

    private static final Pattern FORMAT = Pattern.compile("(\\d+)(?:x(\\d+))?(?::(\\d+))?(?:\\+(\\d+))?");
    private static final Pattern GAIN = Pattern.compile("([-+0-9.eE]+)(?:\\(([-+0-9.eE]+)\\))?(?:/(\\S+))?");

    public WfdbHeader {
        signals = List.copyOf(signals);
        comments = List.copyOf(comments);
    }

    /**
     * @param text the header's text
     * @throws InvalidInputException naming the line and field that is wrong
     */
    public static WfdbHeader parse(String text) {
        String[] lines = text.split("\r?\n|\r");
        List<String> comments = new ArrayList<>();
        List<WfdbSignal> signals = new ArrayList<>();
        String name = null;
        int nsig = -1;
        double rate = DEFAULT_RATE_HZ;
        long samples = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            int at = line.indexOf('#');
            if (at >= 0) {
                comments.add(line.substring(at + 1).strip());
                line = line.substring(0, at).strip();
            }
            String[] f = line.split("\\s+");
            String where = "line " + (i + 1);
            if (name == null) {
                name = f[0];
                if (name.contains("/")) {
                    throw new InvalidInputException(where + ": multi-segment record '" + name + "' is not supported");
                }
                if (f.length < 2) {
                    throw new InvalidInputException(where + ": record line has no signal count");
                }
                nsig = integer(f[1], where, "number of signals");
                if (nsig < 0) {
                    throw new InvalidInputException(where + ": negative number of signals " + nsig);
                }
                if (f.length > 2) {
                    String fs = f[2].split("/")[0];
                    rate = number(fs, where, "sampling frequency");
                    if (!(rate > 0)) {
                        throw new InvalidInputException(where + ": sampling frequency " + f[2] + " is not positive");
                    }
                }
                if (f.length > 3) {
                    samples = integer(f[3], where, "number of samples");
                }
            } else {
                if (signals.size() == nsig) {
                    throw new InvalidInputException(where + ": more signal lines than the " + nsig + " the record "
                            + "line declares");
                }
                signals.add(signal(f, line, where));
            }
        }
        if (name == null) {
            throw new InvalidInputException("has no record line");
        }
        if (signals.size() != nsig) {
            throw new InvalidInputException("declares " + nsig + " signals but has " + signals.size()
                    + " signal lines");
        }
        return new WfdbHeader(name, rate, samples, signals, comments);
    }

    private static WfdbSignal signal(String[] f, String line, String where) {
        if (f.length < 2) {
            throw new InvalidInputException(where + ": signal line '" + line + "' has no format");
        }
        String file = f[0];
        Matcher fm = FORMAT.matcher(f[1]);
        if (!fm.matches()) {
            throw new InvalidInputException(where + ": format '" + f[1] + "' is not format[xN][:skew][+offset]");
        }
        int format = Integer.parseInt(fm.group(1));
        int spf = fm.group(2) == null ? 1 : Integer.parseInt(fm.group(2));
        int skew = fm.group(3) == null ? 0 : Integer.parseInt(fm.group(3));
        long offset = fm.group(4) == null ? 0 : Long.parseLong(fm.group(4));
        double gain = WfdbSignal.DEFAULT_GAIN;
        Double baseline = null;
        String units = "mV";
        if (f.length > 2) {
            Matcher gm = GAIN.matcher(f[2]);
            if (!gm.matches()) {
                throw new InvalidInputException(where + ": gain '" + f[2] + "' is not gain[(baseline)][/units]");
            }
            gain = number(gm.group(1), where, "gain");
            if (gain == 0) {
                gain = WfdbSignal.DEFAULT_GAIN;
            }
            baseline = gm.group(2) == null ? null : number(gm.group(2), where, "baseline");
            units = gm.group(3) == null ? "mV" : gm.group(3);
        }
        int resolution = f.length > 3 ? integer(f[3], where, "ADC resolution") : 0;
        int zero = f.length > 4 ? integer(f[4], where, "ADC zero") : 0;
        Integer initial = f.length > 5 ? integer(f[5], where, "initial value") : null;
        Integer checksum = f.length > 6 ? integer(f[6], where, "checksum") : null;
        int block = f.length > 7 ? integer(f[7], where, "block size") : 0;
        String description = "";
        if (f.length > 8) {
            // the description is the rest of the line, blanks included
            int pos = 0;
            for (int k = 0; k < 8; k++) {
                pos = line.indexOf(f[k], pos) + f[k].length();
            }
            description = line.substring(pos).strip();
        }
        return new WfdbSignal(file, format, spf, skew, offset, gain, baseline == null ? zero : baseline, units,
                resolution, zero, initial, checksum, block, description);
    }

    private static int integer(String s, String where, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ": " + what + " '" + s + "' is not an integer");
        }
    }

    private static double number(String s, String where, String what) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ": " + what + " '" + s + "' is not a number");
        }
    }
}
