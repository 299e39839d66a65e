package org.heatbench.results.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Short display labels of canonical method specs: the method name before {@code ':'} when no other method of the
 * run has the same name, else the full spec. The full spec is always shown alongside (tooltips, the methods
 * table). Immutable.
 */
final class Labels {
    private final Map<String, String> labels = new HashMap<>();

    Labels(List<String> methods) {
        Map<String, Integer> counts = new HashMap<>();
        for (String m : methods) {
            counts.merge(baseName(m), 1, Integer::sum);
        }
        for (String m : methods) {
            labels.put(m, counts.get(baseName(m)) == 1 ? baseName(m) : m);
        }
    }

    /** @return the method name of a spec (the text before the first {@code ':'}) */
    static String baseName(String spec) {
        int i = spec.indexOf(':');
        return i < 0 ? spec : spec.substring(0, i);
    }

    /** @return the label of a spec (the spec itself when unknown) */
    String of(String spec) {
        if (spec.equals(RunData.CONTROL)) {
            return "random order (control)";
        }
        return labels.getOrDefault(spec, spec);
    }
}
