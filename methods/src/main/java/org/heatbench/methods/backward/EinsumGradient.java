package org.heatbench.methods.backward;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.heatbench.methods.onnx.GraphBuilder;

/**
 * The gradient of Einsum with respect to operand k is itself an Einsum: the output gradient (with the output's
 * subscripts) contracted with every other operand, producing operand k's subscripts. Indices that occur only in
 * operand k (summed within it) are broadcast back with Unsqueeze + Expand. Covers what attention exports use
 * ({@code bhid,bhjd->bhij}, {@code bhij,bhjd->bhid}, {@code ...id,...jd->...ij}, transposes and sums).
 *
 * <p>Refused at compile time: a subscript repeated within one operand (diagonals, traces) and an ellipsis that
 * broadcasts (operand k's ellipsis dimensions differing from the output's).
 */
final class EinsumGradient {
    private static final String ELLIPSIS = "...";

    private EinsumGradient() {
    }

    /** Subscripts as tokens: letters, or "..." for an ellipsis. */
    static List<String> tokens(String subs) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < subs.length(); i++) {
            if (subs.charAt(i) == '.') {
                t.add(ELLIPSIS);
                i += 2;
            } else {
                t.add(String.valueOf(subs.charAt(i)));
            }
        }
        return t;
    }

    /** @return the operands' subscripts followed by the output's (implicit outputs made explicit, as NumPy) */
    static List<List<String>> parse(String equation) {
        String eq = equation.replace(" ", "");
        String[] sides = eq.split("->", -1);
        List<List<String>> ops = new ArrayList<>();
        for (String s : sides[0].split(",", -1)) {
            ops.add(tokens(s));
        }
        List<String> out;
        if (sides.length > 1) {
            out = tokens(sides[1]);
        } else {
            // implicit: the ellipsis, then the letters that occur exactly once, in alphabetical order
            out = new ArrayList<>();
            TreeSet<String> once = new TreeSet<>();
            Set<String> seen = new java.util.HashSet<>();
            boolean ellipsis = false;
            for (List<String> op : ops) {
                for (String t : op) {
                    if (t.equals(ELLIPSIS)) {
                        ellipsis = true;
                    } else if (!seen.add(t)) {
                        once.remove(t);
                    } else {
                        once.add(t);
                    }
                }
            }
            if (ellipsis) {
                out.add(ELLIPSIS);
            }
            out.addAll(once);
        }
        ops.add(out);
        return ops;
    }

    static void backward(BackwardContext c) {
        GraphBuilder b = c.builder();
        String equation = GraphBuilder.stringAttr(c.node(), "equation", "");
        List<List<String>> all = parse(equation);
        List<String> out = all.get(all.size() - 1);
        int n = all.size() - 1;
        if (n != c.node().getInputCount()) {
            throw c.unsupported("equation '" + equation + "' names " + n + " operands, the node has "
                    + c.node().getInputCount());
        }
        for (int k = 0; k < n; k++) {
            if (!c.needsGrad(k)) {
                continue;
            }
            List<String> mine = all.get(k);
            if (new LinkedHashSet<>(mine).size() != mine.size()) {
                throw c.unsupported("Einsum '" + equation + "': a subscript repeated within operand " + k);
            }
            Set<String> elsewhere = new LinkedHashSet<>(out);
            List<String> inputs = new ArrayList<>();
            List<String> subs = new ArrayList<>();
            inputs.add(c.outputGrad(0));
            subs.add(String.join("", out));
            for (int j = 0; j < n; j++) {
                if (j != k) {
                    elsewhere.addAll(all.get(j));
                    inputs.add(c.input(j));
                    subs.add(String.join("", all.get(j)));
                }
            }
            if (mine.contains(ELLIPSIS)) {
                checkEllipsis(c, k, mine, out, equation);
            }
            List<String> kept = new ArrayList<>();
            List<Long> lonely = new ArrayList<>();
            int pos = 0;
            for (String t : mine) {
                if (elsewhere.contains(t)) {
                    kept.add(t);
                } else {
                    lonely.add((long) pos);
                }
                pos += t.equals(ELLIPSIS) ? ellipsisRank(c, k, mine) : 1;
            }
            String grad = b.op("Einsum", "grad_einsum", inputs,
                    GraphBuilder.attr("equation", String.join(",", subs) + "->" + String.join("", kept)));
            if (!lonely.isEmpty()) {
                grad = b.op("Expand", "grad_einsum_expand", b.op("Unsqueeze", "grad_einsum_unsq", grad,
                        b.longs(lonely.stream().mapToLong(Long::longValue).toArray())), c.shapeOf(c.input(k)));
            }
            c.addInputGrad(k, grad);
        }
    }

    private static int ellipsisRank(BackwardContext c, int k, List<String> subs) {
        return c.inputInfo(k).rank() - (subs.size() - 1);
    }

    /** Operand k's ellipsis dimensions must equal the output's: a broadcast ellipsis would need unbroadcasting. */
    private static void checkEllipsis(BackwardContext c, int k, List<String> mine, List<String> out, String eq) {
        TensorInfo x = c.inputInfo(k);
        TensorInfo y = c.outputInfo(0);
        int er = ellipsisRank(c, k, mine);
        if (!out.contains(ELLIPSIS)) {
            throw c.unsupported("Einsum '" + eq + "': an ellipsis summed away");
        }
        int xi = mine.indexOf(ELLIPSIS);
        int yi = out.indexOf(ELLIPSIS);
        int yr = y.rank() - (out.size() - 1);
        if (yr != er) {
            throw c.unsupported("Einsum '" + eq + "': operand " + k + "'s ellipsis broadcasts");
        }
        for (int i = 0; i < er; i++) {
            boolean same = x.isBatchDim(xi + i) ? y.isBatchDim(yi + i) : x.dim(xi + i) == y.dim(yi + i);
            if (!same) {
                throw c.unsupported("Einsum '" + eq + "': operand " + k + "'s ellipsis broadcasts");
            }
        }
    }
}
